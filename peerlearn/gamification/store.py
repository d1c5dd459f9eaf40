"""Small database helpers of the engine: "add to the totals" (:class:`TotalsBatch`: one
atomic multi-row upsert per table for everything an event pays) and the organisation's
periods (week, month, all-time).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Table, and_, case, inspect, select, update

from peerlearn.accounts.models import LeaderboardVisibility, User
from peerlearn.dialect import insert
from peerlearn.extensions import db
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


class TotalsBatch:
    """Points to add to the period totals, gathered while an event is applied and written
    at the end in one multi-row upsert per table (users, departments) instead of one per
    ledger line and period. Rows are summed per key first (one row may not be upserted twice
    in a statement) and written in key order (concurrent writers lock rows in one order)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Table, tuple[Any, ...]], dict[str, Any]] = {}

    def add(
        self,
        user_id: int,
        department_id: int | None,
        board: str,
        points: int,
        occurred_at: datetime,
        reached_at: datetime | None = None,
    ) -> None:
        """Count ``points`` on ``board`` for the user (and department) in every period
        ``occurred_at`` falls in; ``reached_at`` (default ``occurred_at``) breaks ties."""
        if points == 0:
            return
        at = reached_at or occurred_at
        for period, start in period_starts(occurred_at, org_timezone()):
            self._count(
                UserPoints.__table__, ("user_id", user_id), period, start, board, points, at
            )
            if department_id is not None:
                self._count(DepartmentPoints.__table__, ("department_id", department_id),
                            period, start, board, points, at)  # fmt: skip

    def _count(
        self, table: Table, owner: tuple[str, int], period: str, start: date, board: str,
        points: int, at: datetime,
    ) -> None:  # fmt: skip
        key = (owner[1], period, start)
        row = self._rows.setdefault(
            (table, key),
            {owner[0]: owner[1], "period": period, "period_start": start,
             "learner_points": 0, "author_points": 0},
        )  # fmt: skip
        row[f"{board}_points"] += points
        if "learner_reached_at" in table.c:
            row[f"{board}_reached_at"] = max(at, row.get(f"{board}_reached_at") or at)

    def write(self) -> dict[int, int]:
        """Write everything gathered (then forget it); answer each user's new all-time total
        (learner + author) as the upsert returned it."""
        all_time: dict[int, int] = {}
        for table in (UserPoints.__table__, DepartmentPoints.__table__):
            keys = sorted(k for (t, k) in self._rows if t is table)
            if keys:
                rows = [self._rows[(table, k)] for k in keys]
                returned = _upsert_totals(table, rows)
                if table is UserPoints.__table__:
                    all_time.update(
                        (user_id, total) for user_id, period, total in returned if period == "all"
                    )
        self._rows.clear()
        return all_time


def listed_now(user: Any) -> Any:
    """SQL: whether the user appears on boards now (active, not hidden)."""
    return and_(user.active.is_(True), user.leaderboard_visibility != HIDDEN)


HIDDEN = LeaderboardVisibility.HIDDEN.value


def _upsert_totals(table: Table, rows: list[dict[str, Any]]) -> list[Any]:
    reached = "learner_reached_at" in table.c
    owner = "user_id" if reached else "department_id"
    if reached:
        for row in rows:
            row.setdefault("learner_reached_at", None)
            row.setdefault("author_reached_at", None)
            # A new row copies the user's listing and department (kept in step after).
            me = select(User).where(User.id == row["user_id"]).subquery()
            row["listed"] = select(listed_now(me.c)).scalar_subquery()
            row["department_id"] = select(me.c.department_id).scalar_subquery()
    stmt = insert(table).values(rows)
    excluded = stmt.excluded
    changes: dict[str, Any] = {
        "learner_points": table.c.learner_points + excluded.learner_points,
        "author_points": table.c.author_points + excluded.author_points,
    }
    if reached:
        for board in ("learner", "author"):
            column = f"{board}_reached_at"
            changes[column] = case(
                (excluded[f"{board}_points"] != 0, excluded[column]), else_=table.c[column]
            )
    stmt = stmt.on_conflict_do_update(
        index_elements=[owner, "period", "period_start"], set_=changes
    ).returning(table.c[owner], table.c.period, table.c.learner_points + table.c.author_points)
    return list(db.session.execute(stmt).all())


def add_to_totals(
    user_id: int,
    department_id: int | None,
    board: str,
    points: int,
    occurred_at: datetime,
    reached_at: datetime | None = None,
) -> None:
    """Add ``points`` on ``board`` to the user's (and department's) totals of the periods
    ``occurred_at`` falls in, now. ``reached_at`` (default ``occurred_at``) breaks ties."""
    batch = TotalsBatch()
    batch.add(user_id, department_id, board, points, occurred_at, reached_at)
    batch.write()


LISTING_FIELDS = ("active", "leaderboard_visibility", "department_id")


def keep_listing_in_step(session: Any, _context: Any) -> None:
    """After a flush that changed someone's activity, leaderboard visibility or department:
    copy them onto their points rows (the boards' partial indexes read only those)."""
    for obj in list(session.dirty):
        if not isinstance(obj, User):
            continue
        state = inspect(obj)
        if not any(state.attrs[name].history.has_changes() for name in LISTING_FIELDS):
            continue
        listed = bool(obj.active) and obj.leaderboard_visibility != HIDDEN
        session.execute(
            update(UserPoints)
            .where(UserPoints.user_id == obj.id)
            .values(listed=listed, department_id=obj.department_id)
            .execution_options(synchronize_session=False)
        )
