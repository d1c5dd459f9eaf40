"""The rows of each tabular export: per-person engagement, per-module statistics, raw events.

Each ``*_table`` returns a :class:`Table`: a header, a row count, and a function that yields
rows lazily. Aggregates stream from the database with ``yield_per`` (a server-side cursor on
PostgreSQL); raw events are read in keyset pages (``id > last``), so memory stays flat
however many rows there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, and_, case, cast, func, or_, select

from peerlearn.accounts.models import Department, User
from peerlearn.content.models import Module, ModuleRevision
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.gamification.models import BadgeAward, UserPoints
from peerlearn.reports.facts import (
    CLAPPED,
    COMPLETED,
    LEARNING_VERBS,
    QUIZ_ATTEMPTED,
    VIEWED,
)
from peerlearn.reports.metrics import ReportQuery, check_group, started_pairs
from peerlearn.reports.period import Period

BATCH = 2000


@dataclass
class Table:
    """A header, how many rows to expect, and a generator of the rows."""

    name: str
    header: list[str]
    count: int
    rows: Callable[[], Iterator[list[Any]]]
    formats: dict[str, str] = field(default_factory=dict)
    """Column name → ``percent`` or ``datetime``: how a spreadsheet should show it."""


def _local(epoch: int | None, period: Period) -> datetime | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(int(epoch), UTC).astimezone(period.zone)


def _rate(part: Any, whole: Any) -> float | None:
    return round(int(part or 0) / int(whole), 4) if whole else None


def _stream(stmt: Any) -> Iterator[Any]:
    yield from db.session.execute(stmt.execution_options(yield_per=BATCH))


def people_table(query: ReportQuery) -> Table:
    """One row per person (active accounts, or anyone active in the period).

    It names people, so only admins, or HR with a recorded justification, may download it
    (:func:`peerlearn.reports.privacy.check_named_export`); a small department is then allowed.
    """
    f = query.facts(LEARNING_VERBS, frozenset({"seconds"}))
    pairs = started_pairs(query)
    per_pair = (
        select(
            pairs.c.actor_id,
            func.count().label("started"),
            func.sum(pairs.c.done).label("completed"),
        )
        .group_by(pairs.c.actor_id)
        .subquery()
    )
    activity = (
        select(
            f.c.actor_id,
            func.max(f.c.ts).label("last_ts"),
            func.sum(case((f.c.verb == COMPLETED, f.c.seconds), else_=0)).label("seconds"),
        )
        .group_by(f.c.actor_id)
        .subquery()
    )
    columns: list[Any] = [
        User.id,
        User.display_name,
        User.email,
        Department.name,
        per_pair.c.started,
        per_pair.c.completed,
        activity.c.seconds,
        activity.c.last_ts,
    ]
    stmt = (
        select(*columns)
        .outerjoin(Department, Department.id == User.department_id)
        .outerjoin(per_pair, per_pair.c.actor_id == User.id)
        .outerjoin(activity, activity.c.actor_id == User.id)
        .where(or_(User.active.is_(True), activity.c.actor_id.is_not(None)))
        .order_by(User.id)
    )
    points = (
        select(
            UserPoints.user_id,
            (UserPoints.learner_points + UserPoints.author_points).label("points"),
        )
        .where(UserPoints.period == "all")
        .subquery()
    )
    badges = (
        select(BadgeAward.user_id, func.count().label("badges"))
        .where(BadgeAward.revoked_at.is_(None))
        .group_by(BadgeAward.user_id)
        .subquery()
    )
    stmt = (
        stmt.add_columns(points.c.points, badges.c.badges)
        .outerjoin(points, points.c.user_id == User.id)
        .outerjoin(badges, badges.c.user_id == User.id)
    )
    if query.department_id is not None:
        stmt = stmt.where(User.department_id == query.department_id)
    count = db.session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()

    def rows() -> Iterator[list[Any]]:
        for r in _stream(stmt):
            started, completed = int(r[4] or 0), int(r[5] or 0)
            extra = [int(r[8] or 0), int(r[9] or 0)]
            yield [
                r[0],
                r[1],
                r[2],
                r[3] or "",
                started,
                completed,
                _rate(completed, started),
                round(int(r[6] or 0) / 60, 1),
                *extra,
                _local(r[7], query.period),
            ]

    header = [
        "user_id",
        "name",
        "email",
        "department",
        "modules_started",
        "modules_completed",
        "completion_rate",
        "minutes_spent",
        "points",
        "badges",
        "last_active",
    ]
    formats = {"completion_rate": "percent", "last_active": "datetime"}
    return Table("people", header, count, rows, formats)


def modules_table(query: ReportQuery) -> Table:
    """One row per module with activity in the period (an aggregate: K applies)."""
    check_group(query)
    f = query.facts(
        (VIEWED, COMPLETED, QUIZ_ATTEMPTED, CLAPPED),
        frozenset({"seconds", "flag", "amount", "origin"}),
    )

    def count_of(verb: str) -> Any:
        return func.sum(case((f.c.verb == verb, f.c.n), else_=0))

    stats = (
        select(
            f.c.object_id.label("module_id"),
            count_of(VIEWED).label("views"),
            count_of(COMPLETED).label("completions"),
            func.sum(case((f.c.verb == COMPLETED, f.c.seconds), else_=0)).label("seconds"),
            count_of(QUIZ_ATTEMPTED).label("attempts"),
            func.sum(case((f.c.verb == QUIZ_ATTEMPTED, f.c.flag_n), else_=0)).label("passes"),
            func.sum(f.c.amount).label("claps"),
            func.max(f.c.origin).label("event_origin"),
        )
        .where(f.c.object_id.is_not(None))
        .group_by(f.c.object_id)
        .subquery()
    )
    stmt = select(stats)
    title = func.coalesce(ModuleRevision.title, Module.slug)
    origin = func.coalesce(Module.origin, stats.c.event_origin)
    stmt = stmt.outerjoin(Module, Module.id == stats.c.module_id).outerjoin(
        ModuleRevision, ModuleRevision.id == Module.published_revision_id
    )
    stmt = stmt.add_columns(title.label("title"), origin.label("origin")).order_by(
        stats.c.module_id
    )
    pairs = started_pairs(query)
    per_module = (
        select(
            pairs.c.object_id,
            func.count().label("starters"),
            func.sum(pairs.c.done).label("completers"),
        )
        .group_by(pairs.c.object_id)
        .subquery()
    )
    stmt = stmt.add_columns(per_module.c.starters, per_module.c.completers).outerjoin(
        per_module, per_module.c.object_id == stats.c.module_id
    )
    count = db.session.execute(select(func.count()).select_from(stats)).scalar_one()

    def rows() -> Iterator[list[Any]]:
        for r in _stream(stmt):
            m = r._mapping
            completions = int(m["completions"] or 0)
            yield [
                m["module_id"],
                m["title"] or f"Module {m['module_id']}",
                m["origin"] or "",
                int(m["views"] or 0),
                completions,
                _rate(m["completers"], m["starters"]),
                round(int(m["seconds"] or 0) / completions / 60, 2) if completions else None,
                _rate(int(m["passes"] or 0), int(m["attempts"] or 0)),
                int(m["claps"] or 0),
            ]

    header = [
        "module_id",
        "title",
        "origin",
        "views",
        "completions",
        "completion_rate",
        "average_minutes",
        "quiz_pass_rate",
        "claps",
    ]
    formats = {"completion_rate": "percent", "quiz_pass_rate": "percent"}
    return Table("modules", header, count, rows, formats)


def events_filter(query: ReportQuery) -> Any:
    """The WHERE clause of the raw-event export (period and department of the actor)."""
    clause = and_(
        LearningEvent.occurred_at >= query.period.utc_start,
        LearningEvent.occurred_at < query.period.utc_end,
    )
    if query.department_id is not None:
        members = select(User.id).where(User.department_id == query.department_id)
        clause = and_(clause, LearningEvent.actor_id.in_(members))
    return clause


def keyset_events(clause: Any, columns: list[Any], batch: int = BATCH) -> Iterator[Any]:
    """Rows of ``LearningEvent`` matching ``clause`` in id order, one page at a time."""
    last = 0
    while True:
        page = db.session.execute(
            select(*columns)
            .outerjoin(User, User.id == LearningEvent.actor_id)
            .outerjoin(Department, Department.id == User.department_id)
            .where(clause, LearningEvent.id > last)
            .order_by(LearningEvent.id)
            .limit(batch)
        ).all()
        if not page:
            return
        yield from page
        last = page[-1][0]


def events_table(query: ReportQuery) -> Table:
    """The raw learning events of the period (what is left after purges)."""
    clause = events_filter(query)
    count = db.session.execute(
        select(func.count()).select_from(LearningEvent).where(clause)
    ).scalar_one()
    columns = [
        LearningEvent.id,
        LearningEvent.occurred_at,
        LearningEvent.verb,
        LearningEvent.actor_id,
        User.email,
        Department.name,
        LearningEvent.object_type,
        LearningEvent.object_id,
        cast(LearningEvent.context, Text),  # the stored JSON text, not parsed and re-dumped
    ]

    def rows() -> Iterator[list[Any]]:
        for r in keyset_events(clause, columns):
            yield [
                r[0],
                r[1].astimezone(UTC),
                r[1].astimezone(query.period.zone),
                r[2],
                r[3],
                r[4] or "",
                r[5] or "",
                r[6] or "",
                r[7],
                r[8] or "{}",
            ]

    header = [
        "event_id",
        "occurred_at_utc",
        "occurred_at_local",
        "verb",
        "actor_id",
        "actor_email",
        "department",
        "object_type",
        "object_id",
        "context",
    ]
    formats = {"occurred_at_utc": "datetime", "occurred_at_local": "datetime"}
    return Table("events", header, count, rows, formats)


TABLES: dict[str, Callable[[ReportQuery], Table]] = {
    "people": people_table,
    "modules": modules_table,
    "events": events_table,
}
