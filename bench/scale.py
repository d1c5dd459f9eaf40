"""Company-scale data for ``bench/run.py``: users, modules with realistic text and a year of
learning events, written in bulk (PostgreSQL ``COPY``, SQLite ``executemany``), never through
the services. Bounded: every size is an argument, and the rows are streamed in chunks.

- users: 12 departments, 80 % public / 10 % anonymous / 10 % hidden on leaderboards;
- modules: each a variant of one of the demo catalog's ~60 modules (its title with a
  qualifier, its summary and tags, a body of sentences drawn from the whole demo catalog,
  ~600 words), published, authored by a skewed set of people;
- events: ``module_completed`` over a year with Zipf-skewed readers and modules, with their
  completions (first per person and module), ledger lines and period totals.

Then the search index is built once (``sync_search_index``), as publication would have.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, text

from peerlearn.accounts.models import Department, User
from peerlearn.content.models import Module, ModuleRevision, Tag, module_tag
from peerlearn.demo.modules import MODULES
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.gamification.models import PointsEntry, UserPoints
from peerlearn.gamification.store import period_starts
from peerlearn.modules.models import Completion
from peerlearn.modules.search_index import sync_search_index

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
CHUNK = 20_000
QUALIFIERS = ["in practice", "for beginners", "for managers", "the short version", "step by step",
              "common mistakes", "a checklist", "for new starters", "revisited", "in ten minutes",
              "for remote teams", "the essentials", "advanced", "with examples", "FAQ"]  # fmt: skip
_SENTENCE = re.compile(r"[^.!?\n]{20,200}[.!?]")


def _zipf(n: int, rng: random.Random, skew: float = 1.1) -> list[float]:
    weights = [1 / (rank**skew) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _sentences() -> list[str]:
    found: list[str] = []
    for entry in MODULES:
        body = re.sub(r"[#*`>\[\]|_-]+", " ", entry[4])
        found += [s.strip() for s in _SENTENCE.findall(body)]
    return found


def _copy(table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Write ``rows`` (dicts with the same keys) into ``table`` in chunks: ``COPY`` on
    PostgreSQL, ``executemany`` elsewhere. Returns how many."""
    written = 0
    for chunk in _chunks(rows):
        columns = list(chunk[0])
        if db.engine.dialect.name == "postgresql":
            raw = db.session.connection().connection.driver_connection
            names = ", ".join(f'"{c}"' for c in columns)
            sql = f'COPY "{table.name}" ({names}) FROM STDIN'
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in chunk:
                    copy.write_row([_plain(row[c]) for c in columns])
        else:
            db.session.execute(insert(table), chunk)
        written += len(chunk)
    return written


def _plain(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        import json

        return json.dumps(value)
    return value


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def generate_users(count: int, seed: int = 7) -> tuple[list[int], dict[int, int]]:
    """``count`` users in 12 departments: their ids and each one's department."""
    departments = [Department(name=f"Department {n}") for n in range(12)]
    db.session.add_all(departments)
    db.session.flush()
    rng = random.Random(seed)
    dept = {uid: rng.choice(departments).id for uid in range(1, count + 1)}
    shown = ["public"] * 8 + ["anonymous", "hidden"]
    _copy(User.__table__, (
        {"id": uid, "email": f"person{uid}@example.test", "display_name": f"Person {uid}",
         "password_hash": "x", "role": "employee", "department_id": dept[uid],
         "timezone": "UTC", "leaderboard_visibility": rng.choice(shown),
         "active": True, "session_nonce": "bench", "created_at": START}
        for uid in range(1, count + 1)
    ))  # fmt: skip
    return list(dept), dept


def generate_modules(count: int, user_ids: list[int], seed: int = 9) -> dict[int, int]:
    """``count`` published modules with realistic text; returns each module's author."""
    rng = random.Random(seed)
    sentences = _sentences()
    authors = rng.sample(user_ids, max(1, min(len(user_ids), count // 3)))
    weights = _zipf(len(authors), rng)
    author_of = dict(zip(range(1, count + 1), rng.choices(authors, weights, k=count), strict=True))
    tag_ids: dict[str, int] = {}
    for entry in MODULES:
        for name in entry[3]:
            tag_ids.setdefault(name, len(tag_ids) + 1)
    _copy(Tag.__table__, ({"id": i, "name": n, "created_at": START} for n, i in tag_ids.items()))
    at = START - timedelta(days=30)
    _copy(Module.__table__, (
        {"id": m, "slug": f"m{m}-{MODULES[m % len(MODULES)][0]}"[:120], "author_id": author_of[m],
         "state": "published", "origin": "official" if m % 7 == 0 else "peer",
         "first_published_at": at + timedelta(minutes=m), "created_at": at, "updated_at": at,
         "review_by": date(2027, 1, 1)}
        for m in range(1, count + 1)
    ))  # fmt: skip

    def revisions() -> Iterator[dict[str, Any]]:
        for m in range(1, count + 1):
            _, title, summary, tags, _, _ = MODULES[m % len(MODULES)]
            body = " ".join(rng.choices(sentences, k=rng.randint(25, 45)))
            words = len(body.split())
            yield {"id": m, "module_id": m, "number": 1,
                   "title": f"{title}: {QUALIFIERS[(m // len(MODULES)) % len(QUALIFIERS)]}"[:120],
                   "summary": summary[:200], "body_markdown": body, "body_html": f"<p>{body}</p>",
                   "tags": list(tags), "quiz": None, "estimated_minutes": max(1, words // 200),
                   "word_count": words, "author_id": author_of[m], "created_at": at,
                   "frozen_at": at}  # fmt: skip

    _copy(ModuleRevision.__table__, revisions())
    _copy(module_tag, (
        {"module_id": m, "tag_id": tag_ids[name]}
        for m in range(1, count + 1) for name in MODULES[m % len(MODULES)][3]
    ))  # fmt: skip
    db.session.execute(text("UPDATE module SET published_revision_id = id"))
    return author_of


def generate_events(
    count: int, user_ids: list[int], dept: dict[int, int], author_of: dict[int, int], seed: int = 11
) -> None:
    """``count`` completions over a year (skewed readers and modules), with their
    completions, ledger lines and period totals (points rows listed like their users)."""
    rng = random.Random(seed)
    modules = list(author_of)
    readers = rng.choices(user_ids, weights=_zipf(len(user_ids), rng), k=count)
    picked = rng.choices(modules, weights=_zipf(len(modules), rng), k=count)
    span = timedelta(days=365)
    totals: dict[tuple[int, str, date], list[Any]] = defaultdict(lambda: [0, START])
    seen: set[tuple[int, int]] = set()
    first_event = 1

    def events() -> Iterator[dict[str, Any]]:
        for n, (reader, module) in enumerate(zip(readers, picked, strict=True)):
            yield {"id": first_event + n, "verb": "module_completed", "actor_id": reader,
                   "object_type": "module", "object_id": module,
                   "occurred_at": START + span * (n / count),
                   "context": {"author_id": author_of[module],
                               "reading_seconds": 95.0}}  # fmt: skip

    def completions() -> Iterator[dict[str, Any]]:
        for n, (reader, module) in enumerate(zip(readers, picked, strict=True)):
            if (reader, module) in seen:
                continue
            seen.add((reader, module))
            yield {"user_id": reader, "module_id": module, "revision_id": module,
                   "method": "button", "reading_seconds": 95.0,
                   "completed_at": START + span * (n / count)}  # fmt: skip

    def entries() -> Iterator[dict[str, Any]]:
        for n, (reader, module) in enumerate(zip(readers, picked, strict=True)):
            at = START + span * (n / count)
            for period, start in period_starts(at, "UTC"):
                slot = totals[(reader, period, start)]
                slot[0] += 10
                slot[1] = at
            yield {"user_id": reader, "points": 10, "rule_key": "complete", "rule_version": 1,
                   "reason": "Completed a module", "verb": "module_completed", "board": "learner",
                   "source_event_id": first_event + n, "module_id": module,
                   "counterpart_id": author_of[module], "department_id": dept[reader],
                   "dedupe_key": f"bench:{n}", "occurred_at": at, "created_at": at}  # fmt: skip

    _copy(LearningEvent.__table__, events())
    _copy(Completion.__table__, completions())
    _copy(PointsEntry.__table__, entries())
    _copy(UserPoints.__table__, (
        {"user_id": uid, "period": period, "period_start": start, "learner_points": points,
         "author_points": 0, "learner_reached_at": reached, "listed": True,
         "department_id": dept[uid]}
        for (uid, period, start), (points, reached) in totals.items()
    ))  # fmt: skip
    db.session.execute(text(
        "UPDATE user_points SET listed = false WHERE user_id IN "
        "(SELECT id FROM \"user\" WHERE leaderboard_visibility = 'hidden')"
    ))  # fmt: skip


def generate(users: int, modules: int, events: int) -> dict[str, Any]:
    """The whole organisation; commits; returns what the runner needs."""
    user_ids, dept = generate_users(users)
    author_of = generate_modules(modules, user_ids)
    generate_events(events, user_ids, dept, author_of)
    if db.engine.dialect.name == "postgresql":
        for table in ("user", "module", "module_revision", "learning_event", "points_entry"):
            db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f"(SELECT max(id) FROM \"{table}\"))"
            ))  # fmt: skip
    db.session.commit()
    sync_search_index()
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"user_ids": user_ids, "dept": dept, "author_of": author_of}
