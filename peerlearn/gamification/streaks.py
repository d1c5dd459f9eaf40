"""Daily learning streaks, pure Python: no Flask, no SQLAlchemy.

A day counts when the user completes a module, and "day" means the user's own calendar
day in their own time zone (``zoneinfo``). The state keeps the last counted **local date**,
never a timestamp, so the rules stay correct across daylight-saving changes (23- and
25-hour days) and when a user moves to another time zone: each completion is turned into a
local date once, and streak arithmetic is plain date arithmetic from then on.

- Completing on the next local day extends the streak; a second completion on the same
  local day (or on an earlier local date, after moving west) changes nothing.
- Every time the streak reaches a multiple of :data:`FREEZE_EVERY_DAYS` days one freeze is
  earned (held up to :data:`MAX_FREEZES`). A freeze is used automatically for one missed
  day; a gap with more missed days than freezes held breaks the streak (it restarts at 1,
  the freezes are kept).
- With ``weekends_free`` (an organisation setting) Saturdays and Sundays are never missed
  days, although a completion on a weekend day still extends the streak.
- ``longest`` keeps the best streak ever reached.

**A change of time zone never adds a day.** The state remembers the zone its last day was
counted in and when (``zone``, ``counted_at``). For :data:`ZONE_CHANGE_COOLDOWN` after that
moment, a completion in another zone is dated in whichever of the two zones gives the
earlier date; a zone further east counts only from the first completion at least that long
after the last counted one. So a person who moves their
profile's clock east (Etc/GMT+12 to Etc/GMT-6 is 18 hours) cannot turn one real moment into
"tomorrow", while a traveller keeps their streak: their old zone's calendar still advances.
Everything is decided from the completion's own time, so replay agrees with live handling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

FREEZE_EVERY_DAYS = 7
"""A freeze is earned each time the current streak reaches a multiple of this many days."""

MAX_FREEZES = 2
"""Freezes held at most, so a long streak cannot bank weeks of absence."""

ZONE_CHANGE_COOLDOWN = timedelta(hours=20)
"""How long after a counted day a new time zone is ignored for the streak."""

STREAK_MILESTONE_DAYS = 7
"""A ``streak_reached`` event (and its bonus) is due at every multiple of this many days."""


@dataclass(frozen=True)
class StreakState:
    """One user's streak.

    current: counted days in the current run (frozen days keep it alive but do not add).
    longest: the best ``current`` ever reached.
    last_date: the last local date that counted, in the zone the user had on that day.
    freezes: freezes held, each one covers one missed day.
    zone: the time zone ``last_date`` was counted in (None before any day, or for a state
    saved before zones were kept: the user's zone then applies at once).
    counted_at: the completion that counted ``last_date``.
    """

    current: int = 0
    longest: int = 0
    last_date: date | None = None
    freezes: int = 0
    zone: str | None = None
    counted_at: datetime | None = None


@lru_cache(maxsize=256)
def zone(tz_name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name; a clear ``ValueError`` for an unknown one."""
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {tz_name!r}") from exc


def local_date(moment: datetime, tz_name: str) -> date:
    """The calendar date of an aware ``moment`` in the time zone ``tz_name``."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment!r}")
    return moment.astimezone(zone(tz_name)).date()


def missed_days(last: date, day: date, weekends_free: bool = False) -> int:
    """Days strictly between ``last`` and ``day`` that break a streak (weekdays only if
    ``weekends_free``). Zero when ``day`` is not after ``last``; constant time for any gap."""
    gap = (day - last).days - 1
    if gap <= 0:
        return 0
    if not weekends_free:
        return gap
    full_weeks, rest = divmod(gap, 7)
    first_rest = last + timedelta(days=1 + 7 * full_weeks)
    weekdays_in_rest = sum(
        1 for offset in range(rest) if (first_rest + timedelta(days=offset)).weekday() < 5
    )
    return full_weeks * 5 + weekdays_in_rest


def update_streak(
    streak: StreakState,
    completed_at: datetime,
    tz_name: str,
    weekends_free: bool = False,
    *,
    max_freezes: int = MAX_FREEZES,
) -> StreakState:
    """The streak after a module completion at the aware ``completed_at``, counted on the
    user's local date in ``tz_name`` (in the streak's previous zone instead while a change of
    zone is younger than :data:`ZONE_CHANGE_COOLDOWN`, measured from the last counted
    completion). Returns ``streak`` itself when the day already counted."""
    tz_name = streak_zone(streak, completed_at, tz_name)
    day = local_date(completed_at, tz_name)
    last = streak.last_date
    if last is not None and day <= last:
        return streak
    freezes = streak.freezes
    if last is None:
        current = 1
    else:
        missed = missed_days(last, day, weekends_free)
        if missed <= freezes:
            freezes -= missed
            current = streak.current + 1
        else:
            current = 1
    if current % FREEZE_EVERY_DAYS == 0:
        freezes = min(freezes + 1, max_freezes)
    return StreakState(
        current=current,
        longest=max(streak.longest, current),
        last_date=day,
        freezes=freezes,
        zone=tz_name,
        counted_at=completed_at,
    )


def streak_zone(streak: StreakState, moment: datetime, tz_name: str) -> str:
    """The zone a completion at ``moment`` is dated in for the streak: the user's zone
    ``tz_name``; but while the last counted day is younger than :data:`ZONE_CHANGE_COOLDOWN`
    and was counted in another zone, whichever of the two gives the earlier date (the old
    one on a tie)."""
    if streak.zone is None or streak.counted_at is None or streak.zone == tz_name:
        return tz_name
    if moment - streak.counted_at >= ZONE_CHANGE_COOLDOWN:
        return tz_name
    earlier = local_date(moment, tz_name) < local_date(moment, streak.zone)
    return tz_name if earlier else streak.zone


def streak_alive(
    streak: StreakState, now: datetime, tz_name: str, weekends_free: bool = False
) -> bool:
    """Whether the streak still stands at ``now``: today (local) is still open, and the
    days missed since the last counted date can all be covered by the freezes held."""
    if streak.last_date is None or streak.current == 0:
        return False
    today = local_date(now, streak_zone(streak, now, tz_name))
    return missed_days(streak.last_date, today, weekends_free) <= streak.freezes


def current_streak(
    streak: StreakState, now: datetime, tz_name: str, weekends_free: bool = False
) -> int:
    """The streak to display at ``now``: ``streak.current`` while alive, else 0."""
    return streak.current if streak_alive(streak, now, tz_name, weekends_free) else 0


def milestone_reached(before: StreakState, after: StreakState) -> bool:
    """Whether an update from ``before`` to ``after`` counted a new day that lands on a
    multiple of :data:`STREAK_MILESTONE_DAYS` (the adapter then records ``streak_reached``)."""
    return (
        after.last_date != before.last_date
        and after.current > 0
        and after.current % STREAK_MILESTONE_DAYS == 0
    )
