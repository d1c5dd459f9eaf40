"""Small database helpers of the engine: the one dialect-aware place for "insert unless it
exists" and "add to a total", and the organisation's periods (week, month, all-time).

SQLite and PostgreSQL both speak ``INSERT … ON CONFLICT``; SQLAlchemy spells it per dialect,
so the choice is made here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Table, case
from sqlalchemy.dialects import postgresql, sqlite

from peerlearn.extensions import db
from peerlearn.gamification.models import ALL_TIME_START, DepartmentPoints, UserPoints
from peerlearn.gamification.streaks import local_date


def _insert(table: Table) -> Any:
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"the gamification engine supports SQLite and PostgreSQL, not {dialect}")


def insert_ignore(model: Any, values: Mapping[str, Any], conflict: list[str]) -> Any | None:
    """``INSERT … ON CONFLICT (conflict) DO NOTHING``: the new row's primary key, or None
    when the row already existed (or another transaction just committed it)."""
    table: Table = model.__table__
    key = next(iter(table.primary_key.columns))
    stmt = _insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
    return db.session.execute(stmt.returning(key)).scalar()


def org_timezone() -> str:
    """The organisation's IANA time zone: weeks and months of the totals and leagues."""
    return current_app.config["ORG_TIMEZONE"]


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def period_starts(moment: datetime, tz_name: str) -> list[tuple[str, date]]:
    """(period, start) of every period ``moment`` falls in, in the time zone ``tz_name``."""
    day = local_date(moment, tz_name)
    return [("all", ALL_TIME_START), ("week", week_start(day)), ("month", day.replace(day=1))]


def current_period_start(period: str, now: datetime) -> date:
    """The start of the current ``period`` (organisation time zone)."""
    return dict(period_starts(now, org_timezone()))[period]


def _add(table: Table, keys: dict[str, Any], learner: int, author: int, at: datetime) -> None:
    stmt = _insert(table)
    excluded = stmt.excluded
    values: dict[str, Any] = {**keys, "learner_points": learner, "author_points": author}
    changes: dict[str, Any] = {
        "learner_points": table.c.learner_points + excluded.learner_points,
        "author_points": table.c.author_points + excluded.author_points,
    }
    if "learner_reached_at" in table.c:
        values["learner_reached_at"] = at if learner else None
        values["author_reached_at"] = at if author else None
        for board in ("learner", "author"):
            column = f"{board}_reached_at"
            changes[column] = case(
                (excluded[f"{board}_points"] != 0, excluded[column]), else_=table.c[column]
            )
    conflict = [*keys]
    db.session.execute(
        stmt.values(**values).on_conflict_do_update(index_elements=conflict, set_=changes)
    )


def add_to_totals(
    user_id: int,
    department_id: int | None,
    board: str,
    points: int,
    occurred_at: datetime,
    reached_at: datetime | None = None,
) -> None:
    """Add ``points`` on ``board`` to the user's (and department's) totals of the periods
    ``occurred_at`` falls in. ``reached_at`` (default ``occurred_at``) breaks ties."""
    if points == 0:
        return
    learner, author = (points, 0) if board == "learner" else (0, points)
    at = reached_at or occurred_at
    for period, start in period_starts(occurred_at, org_timezone()):
        keys = {"period": period, "period_start": start}
        _add(UserPoints.__table__, {"user_id": user_id, **keys}, learner, author, at)
        if department_id is not None:
            _add(DepartmentPoints.__table__, {"department_id": department_id, **keys},
                 learner, author, at)  # fmt: skip
