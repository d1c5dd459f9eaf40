"""The per-department table, with small departments folded into "Other" (see
:mod:`peerlearn.reports.privacy` for the complementary rule)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from peerlearn.accounts.models import Department, User
from peerlearn.gamification.models import PointsEntry
from peerlearn.reports.facts import COMPLETED, LEARNING_VERBS, db_rows
from peerlearn.reports.metrics import (
    NO_DEPARTMENT,
    OTHER,
    ReportQuery,
    _count_of,
    _ratio,
    started_pairs,
)
from peerlearn.reports.privacy import group_sizes, partition


def _by_department(query: ReportQuery) -> dict[int | None, dict[str, Any]]:
    """Raw figures per department id (``None``: people without a department)."""
    table: dict[int | None, dict[str, Any]] = {}

    def row(dept: int | None) -> dict[str, Any]:
        return table.setdefault(
            dept,
            {"members": 0, "active": 0, "completions": 0, "started": 0, "done": 0, "points": 0},
        )

    for dept, members in db_rows(
        select(User.department_id, func.count())
        .where(User.active.is_(True))
        .group_by(User.department_id)
    ):
        row(dept)["members"] = int(members)
    f = query.facts(LEARNING_VERBS)
    for dept, active, completions in db_rows(
        select(User.department_id, func.count(func.distinct(f.c.actor_id)), _count_of(f, COMPLETED))
        .join(User, User.id == f.c.actor_id)
        .group_by(User.department_id)
    ):
        row(dept).update(active=int(active), completions=int(completions))
    pairs = started_pairs(query)
    for dept, started, done in db_rows(
        select(User.department_id, func.count(), func.sum(pairs.c.done))
        .join(User, User.id == pairs.c.actor_id)
        .group_by(User.department_id)
    ):
        row(dept).update(started=int(started), done=int(done or 0))
    for dept, points in db_rows(
        select(User.department_id, func.sum(PointsEntry.points))
        .join(User, User.id == PointsEntry.user_id)
        .where(
            PointsEntry.occurred_at >= query.period.utc_start,
            PointsEntry.occurred_at < query.period.utc_end,
        )
        .group_by(User.department_id)
    ):
        row(dept)["points"] = int(points or 0)
    return table


def department_table(query: ReportQuery) -> list[dict[str, Any]]:
    """One row per reportable department, then "Other" when it may be shown.

    Points are those earned in the period (the ledger). With a department filter, only that
    department's row.
    """
    table = _by_department(query)
    split = partition(query.min_group, group_sizes())
    names = dict(db_rows(select(Department.id, Department.name)))
    rows: list[dict[str, Any]] = []
    other: dict[str, Any] = {}
    for dept, figures in sorted(table.items(), key=lambda kv: names.get(kv[0], "~")):
        if query.department_id is not None and dept != query.department_id:
            continue
        if split.reportable(dept):
            name = names.get(dept, NO_DEPARTMENT) if dept is not None else NO_DEPARTMENT
            rows.append({"department_id": dept, "department": name, **figures})
        elif split.other_visible:
            for key, value in figures.items():
                other[key] = other.get(key, 0) + value
    if other and any(other.values()):
        rows.append({"department_id": None, "department": OTHER, **other})
    for r in rows:
        r["completion_rate"] = _ratio(r.pop("done"), r.pop("started"))
    return rows


def department_choices(min_group: int) -> list[tuple[int, str, bool]]:
    """(id, name, reportable) for the filter: grouped departments cannot be picked alone."""
    split = partition(min_group, group_sizes())
    return [
        (dept_id, name, split.reportable(dept_id))
        for dept_id, name in db_rows(
            select(Department.id, Department.name).order_by(Department.name)
        )
    ]
