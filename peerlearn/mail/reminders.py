"""Streak reminders: in a person's local evening, when today's streak day is not yet earned
and missing it would end the streak. At most one a day (the local date is the message's
dedupe key), never at night (only between :data:`EVENING_FROM` and :data:`EVENING_UNTIL`,
local time, whatever daylight saving does to the day's length)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from peerlearn.accounts.models import User
from peerlearn.extensions import db
from peerlearn.gamification.models import GameState
from peerlearn.gamification.state import streak_of
from peerlearn.gamification.streaks import (
    StreakState,
    local_date,
    missed_days,
    streak_alive,
    streak_zone,
    zone,
)

EVENING_FROM = time(19, 0)
EVENING_UNTIL = time(22, 0)


@dataclass(frozen=True)
class Reminder:
    user: User
    streak: int
    day: date


def reminder_due(
    state: StreakState, now: datetime, tz_name: str, weekends_free: bool = False
) -> date | None:
    """The local date to remind about at ``now``, or None: not evening there, today already
    earned, the streak already gone, or a freeze (or a free weekend) would cover today."""
    try:
        local_now = now.astimezone(zone(tz_name))
    except ValueError:
        return None
    if not EVENING_FROM <= local_now.time() < EVENING_UNTIL:
        return None
    if not streak_alive(state, now, tz_name, weekends_free):
        return None
    today = local_date(now, streak_zone(state, now, tz_name))
    assert state.last_date is not None  # alive implies a counted day
    if state.last_date >= today:
        return None
    tomorrow = today + timedelta(days=1)
    if missed_days(state.last_date, tomorrow, weekends_free) <= state.freezes:
        return None
    return today


def due_reminders(now: datetime, weekends_free: bool = False) -> list[Reminder]:
    """Everyone to remind at ``now`` (before preferences and what was sent already)."""
    rows = db.session.execute(
        select(User, GameState)
        .join(GameState, GameState.user_id == User.id)
        .where(User.active.is_(True), GameState.streak_current > 0)
        .order_by(User.id)
    ).all()
    due = []
    for user, row in rows:
        day = reminder_due(streak_of(row), now, user.timezone, weekends_free)
        if day is not None:
            due.append(Reminder(user, row.streak_current, day))
    return due
