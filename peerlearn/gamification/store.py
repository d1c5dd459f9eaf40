"""Small database helpers of the engine: "add to a total" (one atomic upsert per period, see
:func:`peerlearn.dialect.upsert`) and the organisation's periods (week, month, all-time).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Table, case

from peerlearn.dialect import upsert
from peerlearn.gamification.models import ALL_TIME_START, DepartmentPoints, UserPoints
from peerlearn.gamification.streaks import local_date


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
    values: dict[str, Any] = {**keys, "learner_points": learner, "author_points": author}
    reached = "learner_reached_at" in table.c
    if reached:
        values["learner_reached_at"] = at if learner else None
        values["author_reached_at"] = at if author else None

    def changes(excluded: Any) -> dict[str, Any]:
        result: dict[str, Any] = {
            "learner_points": table.c.learner_points + excluded.learner_points,
            "author_points": table.c.author_points + excluded.author_points,
        }
        if reached:
            for board in ("learner", "author"):
                column = f"{board}_reached_at"
                result[column] = case(
                    (excluded[f"{board}_points"] != 0, excluded[column]), else_=table.c[column]
                )
        return result

    upsert(table, values, [*keys], changes)


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
