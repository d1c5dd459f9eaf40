"""Synthetic history for the benchmarks, written in bulk (not through the engine).

Activity is skewed the way the field reports it (a few people complete a great deal): user
weights follow a Zipf-like law, and so do module popularity and authorship.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, text

from peerlearn.accounts.models import Department, User
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.gamification.models import PointsEntry, UserPoints
from peerlearn.gamification.store import period_starts

START = datetime(2023, 1, 2, 8, 0, tzinfo=UTC)
CHUNK = 20_000


def _zipf(n: int, rng: random.Random, skew: float = 1.1) -> list[float]:
    weights = [1 / (rank**skew) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def _bulk(model: type, rows: list[dict]) -> None:
    for i in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[i : i + CHUNK])


def generate_users(count: int, first_id: int = 1, seed: int = 7) -> list[int]:
    """``count`` users across 12 departments; returns their ids."""
    departments = [Department(name=f"Bench {first_id}-{n}") for n in range(12)]
    db.session.add_all(departments)
    db.session.flush()
    rng = random.Random(seed)
    rows = [
        {"id": first_id + n, "email": f"bench{first_id + n}@example.test",
         "display_name": f"Bench {first_id + n}", "password_hash": "x", "role": "employee",
         "department_id": rng.choice(departments).id, "timezone": "UTC",
         "leaderboard_visibility": rng.choice(["public"] * 8 + ["anonymous", "hidden"]),
         "active": True, "session_nonce": "bench", "created_at": START}
        for n in range(count)
    ]  # fmt: skip
    _bulk(User, rows)
    return [row["id"] for row in rows]


def generate_history(
    user_ids: list[int], modules: int, events: int, seed: int = 11, batch: int = 0
) -> None:
    """``events`` completions (skewed), their ledger lines and all-time/week/month totals.
    Each ``batch`` spans its own year, so later batches only add to the all-time totals."""
    rng = random.Random(seed)
    origin = START + timedelta(days=400 * batch)
    weights = _zipf(len(user_ids), rng)
    authors = rng.sample(user_ids, max(1, min(len(user_ids), modules // 5)))
    module_author = {m: rng.choice(authors) for m in range(1, modules + 1)}
    readers = rng.choices(user_ids, weights=weights, k=events)
    picked = rng.choices(range(1, modules + 1), weights=_zipf(modules, rng), k=events)
    totals: dict[tuple[int, str, object], list] = defaultdict(lambda: [0, 0, START])
    for row in db.session.execute(select(UserPoints).where(UserPoints.period == "all")).scalars():
        totals[(row.user_id, "all", row.period_start)] = [
            row.learner_points,
            0,
            row.learner_reached_at,
        ]
    db.session.execute(delete(UserPoints).where(UserPoints.period == "all"))
    event_rows, entry_rows = [], []
    span = timedelta(days=365)
    for n, (reader, module) in enumerate(zip(readers, picked, strict=True)):
        at = origin + span * (n / events)
        author = module_author[module]
        event_rows.append({"verb": "module_completed", "actor_id": reader, "object_type": "module",
                           "object_id": module, "occurred_at": at,
                           "context": {"author_id": author, "reading_seconds": 90.0}})  # fmt: skip
        entry_rows.append({"user_id": reader, "points": 10, "rule_key": "complete",
                           "rule_version": 1, "reason": "Completed a module",
                           "verb": "module_completed", "board": "learner", "module_id": module,
                           "counterpart_id": author, "dedupe_key": f"bench:{batch}:{n}",
                           "occurred_at": at, "created_at": at})  # fmt: skip
        for period, start in period_starts(at, "UTC"):
            slot = totals[(reader, period, start)]
            slot[0] += 10
            slot[2] = at
        if len(event_rows) >= CHUNK:
            _bulk(LearningEvent, event_rows)
            _bulk(PointsEntry, entry_rows)
            event_rows, entry_rows = [], []
    _bulk(LearningEvent, event_rows)
    _bulk(PointsEntry, entry_rows)
    _bulk(UserPoints, [
        {"user_id": uid, "period": period, "period_start": start, "learner_points": points,
         "author_points": 0, "learner_reached_at": reached}
        for (uid, period, start), (points, _, reached) in totals.items()
    ])  # fmt: skip
    copy_listing()
    db.session.commit()


def copy_listing() -> None:
    """Copy each user's listing and department onto their points rows (what publication of
    points does live; these rows were written in bulk)."""
    db.session.execute(text(
        'UPDATE user_points SET listed = (SELECT u.active AND u.leaderboard_visibility != '
        '\'hidden\' FROM "user" u WHERE u.id = user_points.user_id), department_id = '
        '(SELECT u.department_id FROM "user" u WHERE u.id = user_points.user_id)'
    ))  # fmt: skip


def generate_ranked_users(count: int, first_id: int, seed: int = 13) -> list[int]:
    """``count`` users with all-time totals only (for leaderboard latency)."""
    user_ids = generate_users(count, first_id, seed)
    rng = random.Random(seed)
    weights = _zipf(count, rng)
    top = max(weights)
    _bulk(UserPoints, [
        {"user_id": uid, "period": "all", "period_start": datetime(1970, 1, 1).date(),
         "learner_points": max(10, int(5000 * w / top)), "author_points": 0,
         "learner_reached_at": START + timedelta(seconds=rng.randrange(10**7))}
        for uid, w in zip(user_ids, weights, strict=True)
    ])  # fmt: skip
    copy_listing()
    db.session.commit()
    return user_ids
