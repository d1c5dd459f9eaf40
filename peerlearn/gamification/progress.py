"""A person's own progress: points by period, level and progress to the next, badges earned
and locked (with progress), streak and its calendar, and the points history with reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, select

from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.catalog import active_catalog
from peerlearn.gamification.evaluation import UserState, criterion_progress
from peerlearn.gamification.hold_models import PointsHold
from peerlearn.gamification.holds import uncounted_entry_ids
from peerlearn.gamification.models import BadgeAward, GameState, PointsEntry, StreakDay, UserPoints
from peerlearn.gamification.rules import BadgeDefinition, LevelProgress, progress_to_next
from peerlearn.gamification.state import to_state, user_facts
from peerlearn.gamification.store import current_period_start
from peerlearn.gamification.streaks import current_streak, local_date

CALENDAR_WEEKS = 12


@dataclass(frozen=True)
class BadgeProgress:
    """A badge definition with the user's award (None when locked) and progress to it."""

    definition: BadgeDefinition
    award: BadgeAward | None
    value: int
    target: int


@dataclass(frozen=True)
class Progress:
    total: int
    learner: int
    author: int
    week: int
    month: int
    level: LevelProgress
    points_to_next: int | None
    earned: list[BadgeProgress]
    locked: list[BadgeProgress]
    streak: int
    longest_streak: int
    freezes: int
    calendar: list[tuple[date, bool]]  # the last CALENDAR_WEEKS weeks, Monday first


def _points(user_id: int, period: str, now: datetime) -> tuple[int, int]:
    row = db.session.execute(
        select(UserPoints).where(
            UserPoints.user_id == user_id,
            UserPoints.period == period,
            UserPoints.period_start == current_period_start(period, now),
        )
    ).scalar_one_or_none()
    return (row.learner_points, row.author_points) if row else (0, 0)


def progress_of(user: Any, now: datetime | None = None) -> Progress:
    """Everything the profile page and ``/api/v1/gamification/me`` show."""
    now = now or utcnow()
    catalog = active_catalog()
    learner, author = _points(user.id, "all", now)
    total = learner + author
    level = progress_to_next(total, catalog.levels)
    tz_name = user_facts([user.id]).get(user.id, ("UTC", None))[0]
    row = db.session.get(GameState, user.id)
    state = to_state(row, tz_name, set()) if row else UserState(user.id, tz_name=tz_name)
    awards = {
        award.badge_key: award
        for award in db.session.execute(
            select(BadgeAward).where(BadgeAward.user_id == user.id, BadgeAward.revoked_at.is_(None))
        ).scalars()
    }
    earned, locked = [], []
    for badge in catalog.badges:
        value, target = criterion_progress(badge.criterion, state)
        item = BadgeProgress(badge, awards.get(badge.key), value, target)
        (earned if badge.key in awards else locked).append(item)
    today = local_date(now, tz_name)
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    days = set(
        db.session.execute(
            select(StreakDay.day).where(StreakDay.user_id == user.id, StreakDay.day >= first)
        ).scalars()
    )
    calendar = [(first + timedelta(days=n), first + timedelta(days=n) in days)
                for n in range((today - first).days + 1)]  # fmt: skip
    return Progress(
        total=total,
        learner=learner,
        author=author,
        week=sum(_points(user.id, "week", now)),
        month=sum(_points(user.id, "month", now)),
        level=level,
        points_to_next=level.next.min_points - total if level.next else None,
        earned=earned,
        locked=locked,
        streak=current_streak(state.streak, now, tz_name, catalog.settings.weekends_free),
        longest_streak=state.streak.longest,
        freezes=state.streak.freezes,
        calendar=calendar,
    )


def history(user: Any) -> Select[Any]:
    """A select of the user's ledger entries, newest first."""
    return (
        select(PointsEntry)
        .where(PointsEntry.user_id == user.id)
        .order_by(PointsEntry.occurred_at.desc(), PointsEntry.id.desc())
    )


def held_among(entry_ids: list[int]) -> set[int]:
    """Which of these entries are held or voided (they do not count)."""
    found = db.session.execute(uncounted_entry_ids().where(PointsHold.entry_id.in_(entry_ids)))
    return set(found.scalars())
