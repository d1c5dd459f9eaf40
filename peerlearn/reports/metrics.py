"""Dashboard figures, computed in SQL from the fact rows (:mod:`peerlearn.reports.facts`).

Every function takes a :class:`ReportQuery` (period, optional department, minimum group
size) and returns plain data the pages, the API and the tests share. What each figure means
is written once, in :mod:`peerlearn.reports.definitions`; the functions here compute exactly
that sentence.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, func, select

from peerlearn.accounts.models import User
from peerlearn.errors import ServiceError
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.reports.facts import (
    CLAPPED,
    COMPLETED,
    LEARNING_VERBS,
    PUBLISHED,
    SUBMITTED,
    VIEWED,
    completed_before,
    db_rows,
    facts,
    module_titles,
)
from peerlearn.reports.period import Period, day_from_number, local_today
from peerlearn.reports.privacy import partition

BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0", 0, 0),
    ("1–9", 1, 9),
    ("10–49", 10, 49),
    ("50–99", 50, 99),
    ("100+", 100, None),
)
THRESHOLDS = (10, 50, 100)
"""The "share of active learners with N+ completions" figures (the field reports these)."""
OTHER = "Other"
NO_DEPARTMENT = "No department"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class GroupTooSmall(ServiceError):
    """A department with fewer than K members cannot be reported on its own."""

    code = "group_too_small"


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: local days, optionally one department, and the K threshold."""

    period: Period
    department_id: int | None = None
    min_group: int = 5
    heatmap_zone: str = "organisation"

    def facts(self, verbs: tuple[str, ...], need: frozenset[str] = frozenset()) -> Any:
        return facts(self.period, verbs, self.department_id, need)


def _count_of(f: Any, verb: str) -> Any:
    return func.coalesce(func.sum(case((f.c.verb == verb, f.c.n), else_=0)), 0)


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def member_ids(department_id: int | None) -> set[int]:
    """Active accounts, in one department when given."""
    stmt = select(User.id).where(User.active.is_(True))
    if department_id is not None:
        stmt = stmt.where(User.department_id == department_id)
    return set(db.session.execute(stmt).scalars())


def check_group(query: ReportQuery) -> None:
    """Refuse a department that is not reported on its own (:mod:`privacy`)."""
    if query.department_id is None:
        return
    if not partition(query.min_group).reportable(query.department_id):
        raise GroupTooSmall(
            f"This department has fewer than {query.min_group} members, or is grouped with "
            f"one that has, so it is only shown within “{OTHER}”.",
            "department_id",
        )


def active_learners(period: Period, department_id: int | None) -> int:
    f = facts(period, LEARNING_VERBS, department_id)
    return db.session.execute(select(func.count(func.distinct(f.c.actor_id)))).scalar_one()


def per_person_completions(query: ReportQuery) -> dict[int, int]:
    """Completions in the period for every active learner (zero included)."""
    f = query.facts(LEARNING_VERBS)
    rows = db_rows(
        select(f.c.actor_id, _count_of(f, COMPLETED))
        .where(f.c.actor_id.is_not(None))
        .group_by(f.c.actor_id)
    )
    return {actor: int(count) for actor, count in rows}


def started_pairs(query: ReportQuery) -> Any:
    """Subquery ``(actor_id, object_id, done)``: the (person, module) pairs *started* in the
    period, and whether the person completed the module in the period.

    A pair is started when the person opened or completed the module in the period and had
    not completed it before the period began: re-opening a finished module is not a start.
    """
    f = query.facts((VIEWED, COMPLETED))
    pairs = (
        select(
            f.c.actor_id,
            f.c.object_id,
            func.max(case((f.c.verb == COMPLETED, 1), else_=0)).label("done"),
        )
        .where(f.c.actor_id.is_not(None), f.c.object_id.is_not(None))
        .group_by(f.c.actor_id, f.c.object_id)
        .subquery("pairs")
    )
    prior = completed_before(query.period.utc_start)
    earlier = exists().where(
        prior.c.actor_id == pairs.c.actor_id, prior.c.object_id == pairs.c.object_id
    )
    return select(pairs).where(~earlier).subquery("started_pairs")


def completion_pairs(query: ReportQuery) -> tuple[int, int]:
    """(pairs started, pairs completed) of (person, module) in the period."""
    pairs = started_pairs(query)
    started, done = db.session.execute(
        select(func.count(), func.coalesce(func.sum(pairs.c.done), 0))
    ).one()
    return int(started), int(done)


def completion_shares(per_person: dict[int, int]) -> dict[str, float | None]:
    """Share of active learners with at least 10, 50 and 100 completions."""
    people = len(per_person)
    return {
        f"share_{n}_plus": _ratio(sum(1 for c in per_person.values() if c >= n), people)
        for n in THRESHOLDS
    }


def publication_figures(query: ReportQuery) -> tuple[int, float | None]:
    """(new modules published, median hours from submission to publication).

    A publication pairs with the latest submission of the same revision before it. The
    department filter applies to the module's author.
    """
    authors = member_ids(query.department_id) if query.department_id else None
    f = facts(query.period, (PUBLISHED,), need=frozenset({"author", "flag"}))
    stmt = select(func.coalesce(func.sum(f.c.flag_n), 0))
    if authors is not None:
        stmt = stmt.where(f.c.author_id.in_(authors))
    new_modules = int(db.session.execute(stmt).scalar_one())
    published = db_rows(
        select(LearningEvent.object_id, LearningEvent.occurred_at, LearningEvent.context).where(
            LearningEvent.verb == PUBLISHED,
            LearningEvent.occurred_at >= query.period.utc_start,
            LearningEvent.occurred_at < query.period.utc_end,
        )
    )
    if authors is not None:
        published = [p for p in published if (p.context or {}).get("author_id") in authors]
    if not published:
        return new_modules, None
    submissions: dict[tuple[int, Any], list[Any]] = {}
    for row in db_rows(
        select(LearningEvent.object_id, LearningEvent.occurred_at, LearningEvent.context).where(
            LearningEvent.verb == SUBMITTED,
            LearningEvent.object_id.in_({p.object_id for p in published}),
            LearningEvent.occurred_at < query.period.utc_end,
        )
    ):
        key = (row.object_id, (row.context or {}).get("revision_id"))
        submissions.setdefault(key, []).append(row.occurred_at)
    hours = []
    for p in published:
        key = (p.object_id, (p.context or {}).get("revision_id"))
        before = [at for at in submissions.get(key, []) if at <= p.occurred_at]
        if before:
            hours.append((p.occurred_at - max(before)).total_seconds() / 3600)
    return new_modules, (round(statistics.median(hours), 2) if hours else None)


def headline(query: ReportQuery, per_person: dict[int, int] | None = None) -> dict[str, Any]:
    """The figures at the top of the dashboard (``per_person``: already computed)."""
    f = query.facts((VIEWED, COMPLETED))
    reads, completions = db.session.execute(
        select(_count_of(f, VIEWED), _count_of(f, COMPLETED))
    ).one()
    per_person = per_person_completions(query) if per_person is None else per_person
    started, done = completion_pairs(query)
    new_modules, median_hours = publication_figures(query)
    counts = list(per_person.values())
    today = local_today(query.period.zone)

    def active_in(days: int) -> int:
        return active_learners(query.period.ending_window(days, today), query.department_id)

    return {
        "active_learners": len(per_person),
        "active_daily": active_in(1),
        "active_weekly": active_in(7),
        "active_monthly": active_in(30),
        "modules_read": int(reads),
        "completions": int(completions),
        "pairs_started": started,
        "pairs_completed": done,
        "completion_rate": _ratio(done, started),
        "average_completed_per_active": round(sum(counts) / len(counts), 2) if counts else None,
        "median_completed_per_active": statistics.median(counts) if counts else None,
        "new_modules_published": new_modules,
        "median_hours_to_publication": median_hours,
        **completion_shares(per_person),
    }


def completion_buckets(
    query: ReportQuery, per_person: dict[int, int] | None = None
) -> list[dict[str, Any]]:
    """How many people completed 0, 1–9, 10–49, 50–99 and 100+ modules in the period, and
    their share of everyone counted (members, and anyone who completed something)."""
    per_person = per_person_completions(query) if per_person is None else per_person
    people = member_ids(query.department_id) | {a for a, c in per_person.items() if c}
    result = []
    for label, low, high in BUCKETS:
        top = high if high is not None else float("inf")
        count = sum(1 for p in people if low <= per_person.get(p, 0) <= top)
        result.append({"bucket": label, "people": count, "share": _ratio(count, len(people))})
    return result


def origin_split(query: ReportQuery) -> dict[str, Any]:
    """Reads and completions of peer vs official modules, and peer ÷ official ratios."""
    f = query.facts((VIEWED, COMPLETED), frozenset({"origin"}))
    rows = db_rows(
        select(f.c.origin, _count_of(f, VIEWED), _count_of(f, COMPLETED)).group_by(f.c.origin)
    )
    split = {o: {"reads": 0, "completions": 0} for o in ("peer", "official", "unknown")}
    for origin, reads, completions in rows:
        entry = split[origin if origin in ("peer", "official") else "unknown"]
        entry["reads"] += int(reads)
        entry["completions"] += int(completions)
    peer, official = split["peer"], split["official"]
    split["read_ratio"] = _ratio(peer["reads"], official["reads"])
    split["completion_ratio"] = _ratio(peer["completions"], official["completions"])
    return split


def heatmap(query: ReportQuery) -> list[list[int]]:
    """Reads by local weekday (rows, Monday first) and hour (columns, 0–23)."""
    f = query.facts((VIEWED,))
    weekday, hour = query.period.local_weekday(f.c.ts), query.period.local_hour(f.c.ts)
    grid = [[0] * 24 for _ in range(7)]
    for day, hr, count in db_rows(select(weekday, hour, func.sum(f.c.n)).group_by(weekday, hour)):
        grid[int(day)][int(hr)] = int(count)
    return grid


def daily_series(query: ReportQuery) -> list[dict[str, Any]]:
    """Active learners and completions for every local day of the period (zeros included)."""
    f = query.facts(LEARNING_VERBS)
    day = query.period.local_day(f.c.ts)
    found = {
        day_from_number(d): (int(a), int(c))
        for d, a, c in db_rows(
            select(day, func.count(func.distinct(f.c.actor_id)), _count_of(f, COMPLETED)).group_by(
                day
            )
        )
    }
    return [
        {
            "day": d.isoformat(),
            "active": found.get(d, (0, 0))[0],
            "completions": found.get(d, (0, 0))[1],
        }
        for d in query.period.days
    ]


def top_modules(query: ReportQuery, limit: int = 10) -> list[dict[str, Any]]:
    """The most-read modules of the period, with their completions and claps."""
    f = query.facts((VIEWED, COMPLETED, CLAPPED), frozenset({"amount"}))
    reads = _count_of(f, VIEWED)
    rows = db_rows(
        select(f.c.object_id, reads, _count_of(f, COMPLETED), func.sum(f.c.amount))
        .where(f.c.object_id.is_not(None))
        .group_by(f.c.object_id)
        .order_by(reads.desc(), f.c.object_id)
        .limit(limit)
    )
    info = module_titles([r[0] for r in rows])
    return [
        {
            "module_id": module_id,
            "title": info.get(module_id, {}).get("title", f"Module {module_id}"),
            "origin": info.get(module_id, {}).get("origin"),
            "reads": int(r),
            "completions": int(c),
            "claps": int(claps or 0),
        }
        for module_id, r, c, claps in rows
    ]


def top_authors(query: ReportQuery, limit: int = 10) -> list[dict[str, Any]]:
    """Authors whose modules were read most in the period."""
    f = query.facts((VIEWED, COMPLETED), frozenset({"author"}))
    reads = _count_of(f, VIEWED)
    rows = db_rows(
        select(
            f.c.author_id, reads, _count_of(f, COMPLETED), func.count(func.distinct(f.c.object_id))
        )
        .where(f.c.author_id.is_not(None))
        .group_by(f.c.author_id)
        .order_by(reads.desc(), f.c.author_id)
        .limit(limit)
    )
    names = dict(
        db_rows(select(User.id, User.display_name).where(User.id.in_([r[0] for r in rows])))
    )
    return [
        {
            "author_id": author,
            "name": names.get(author, "Former member"),
            "reads": int(r),
            "completions": int(c),
            "modules": int(m),
        }
        for author, r, c, m in rows
    ]
