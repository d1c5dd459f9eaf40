"""Reading the engine's tables in tests: points, ledger lines, totals and badges."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.gamification.models import BadgeAward, PointsEntry, UserPoints


def ledger(user: Any = None) -> list[tuple[int, str, int]]:
    """(user id, rule key, points) of every ledger line, in order."""
    stmt = select(PointsEntry.user_id, PointsEntry.rule_key, PointsEntry.points)
    if user is not None:
        stmt = stmt.where(PointsEntry.user_id == user.id)
    return [tuple(row) for row in db.session.execute(stmt.order_by(PointsEntry.id))]


def total(user: Any, period: str = "all") -> int:
    """The user's stored total for the current ``period`` row (the only one in most tests)."""
    rows = db.session.execute(
        select(UserPoints).where(UserPoints.user_id == user.id, UserPoints.period == period)
    ).scalars()
    return sum(row.points for row in rows)


def badges(user: Any) -> set[str]:
    """Keys of the user's badges that are not revoked."""
    return set(
        db.session.execute(
            select(BadgeAward.badge_key).where(
                BadgeAward.user_id == user.id, BadgeAward.revoked_at.is_(None)
            )
        ).scalars()
    )
