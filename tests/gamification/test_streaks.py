"""Daily streaks, no app: local days across DST and time-zone changes, freezes, weekends,
the longest streak, and whether a streak is still alive at a given moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from peerlearn.gamification.streaks import (
    MAX_FREEZES,
    ZONE_CHANGE_COOLDOWN,
    StreakState,
    current_streak,
    local_date,
    milestone_reached,
    missed_days,
    streak_alive,
    update_streak,
)

BERLIN, NEW_YORK, TOKYO = "Europe/Berlin", "America/New_York", "Asia/Tokyo"


def at(tz: str, year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A wall-clock time in ``tz``, handed over in UTC as the database would."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def run(days: list[date], tz: str = BERLIN, weekends_free: bool = False) -> StreakState:
    """The streak after one completion at noon on each of ``days``."""
    streak = StreakState()
    for day in days:
        streak = update_streak(streak, at(tz, day.year, day.month, day.day), tz, weekends_free)
    return streak


def consecutive(start: date, count: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(count)]


MAY_6 = date(2024, 5, 6)  # a Monday


def test_first_completion_starts_a_streak() -> None:
    first = at(BERLIN, 2024, 5, 6)
    assert run([MAY_6]) == StreakState(
        current=1, longest=1, last_date=MAY_6, freezes=0, zone=BERLIN, counted_at=first
    )


def test_a_day_counts_once() -> None:
    streak = run([MAY_6])
    assert update_streak(streak, at(BERLIN, 2024, 5, 6, 23, 59), BERLIN) is streak


def test_consecutive_days_extend_the_streak() -> None:
    streak = run(consecutive(MAY_6, 3))
    assert (streak.current, streak.longest, streak.last_date) == (3, 3, date(2024, 5, 8))


def test_a_missed_day_breaks_the_streak_but_the_longest_is_kept() -> None:
    streak = run([*consecutive(MAY_6, 4), date(2024, 5, 11), date(2024, 5, 12)])
    assert (streak.current, streak.longest) == (2, 4)


def test_spring_forward_in_berlin_uses_local_dates() -> None:
    first = at(BERLIN, 2024, 3, 30, 0, 30)
    second = at(BERLIN, 2024, 3, 31, 23, 30)  # the 23-hour day
    assert (first.date(), second.date()) == (date(2024, 3, 29), date(2024, 3, 31))  # UTC: a gap
    streak = update_streak(update_streak(StreakState(), first, BERLIN), second, BERLIN)
    assert (streak.current, streak.last_date) == (2, date(2024, 3, 31))


def test_a_whole_local_day_missed_in_under_24_hours_breaks_the_streak() -> None:
    before = at(BERLIN, 2024, 3, 30, 23, 55)
    after = at(BERLIN, 2024, 4, 1, 0, 5)
    assert after - before < timedelta(hours=24)  # 31 March had only 23 hours
    streak = update_streak(update_streak(StreakState(), before, BERLIN), after, BERLIN)
    assert streak.current == 1


def test_fall_back_the_25_hour_day_is_one_day() -> None:
    early = at(BERLIN, 2024, 10, 27, 0, 5)
    late = at(BERLIN, 2024, 10, 27, 23, 55)
    assert late - early > timedelta(hours=24)
    streak = update_streak(update_streak(StreakState(), early, BERLIN), late, BERLIN)
    assert (streak.current, streak.last_date) == (1, date(2024, 10, 27))
    streak = update_streak(streak, at(BERLIN, 2024, 10, 28, 0, 10), BERLIN)
    assert streak.current == 2


def test_moving_west_keeps_the_same_local_day() -> None:
    streak = update_streak(StreakState(), at(BERLIN, 2024, 5, 6, 23, 30), BERLIN)
    # she flies to New York; 19:30 there is already Tuesday in Berlin
    same_day = at(NEW_YORK, 2024, 5, 6, 19, 30)
    assert same_day.astimezone(ZoneInfo(BERLIN)).date() == date(2024, 5, 7)
    assert update_streak(streak, same_day, NEW_YORK) is streak
    next_day = update_streak(streak, at(NEW_YORK, 2024, 5, 7, 20, 0), NEW_YORK)
    assert (next_day.current, next_day.last_date) == (2, date(2024, 5, 7))


def test_moving_east_counts_by_the_new_zone_once_the_cooldown_is_over() -> None:
    monday = update_streak(StreakState(), at(NEW_YORK, 2024, 5, 6, 18, 0), NEW_YORK)
    # Tuesday 08:00 in Tokyo is still Monday evening in New York, an hour later: that is no
    # new day (a change of zone never turns the same hour into "tomorrow")
    assert update_streak(monday, at(TOKYO, 2024, 5, 7, 8, 0), TOKYO) is monday
    # once New York's Monday is over, its Tuesday counts (in New York's calendar)
    tuesday = update_streak(monday, at(TOKYO, 2024, 5, 7, 14, 0), TOKYO)
    assert (tuesday.current, tuesday.last_date, tuesday.zone) == (2, date(2024, 5, 7), NEW_YORK)
    # 20 hours after that completion Tokyo's calendar counts
    wednesday_in_tokyo = tuesday.counted_at + ZONE_CHANGE_COOLDOWN
    assert local_date(wednesday_in_tokyo, TOKYO) == date(2024, 5, 8)
    wednesday = update_streak(tuesday, wednesday_in_tokyo, TOKYO)
    assert (wednesday.current, wednesday.last_date, wednesday.zone) == (3, date(2024, 5, 8), TOKYO)


def test_a_traveller_east_keeps_the_old_zones_calendar_during_the_cooldown() -> None:
    monday = update_streak(StreakState(), at(BERLIN, 2024, 5, 6, 8, 0), BERLIN)
    # she lands in Tokyo; 08:00 Tuesday there is 01:00 Tuesday in Berlin, 17 hours later
    tuesday = update_streak(monday, at(TOKYO, 2024, 5, 7, 8, 0), TOKYO)
    assert (tuesday.current, tuesday.last_date, tuesday.zone) == (2, date(2024, 5, 7), BERLIN)


@pytest.mark.parametrize("seconds", [31, 1800, 3599])
def test_a_zone_change_east_never_adds_a_day_within_the_cooldown(seconds: int) -> None:
    west, east = "Etc/GMT+12", "Etc/GMT-6"  # UTC-12 and UTC+6: 18 hours apart
    late = datetime(2024, 5, 7, 11, 0, tzinfo=UTC)  # 23:00 on the 6th in UTC-12
    first = update_streak(StreakState(), late, west)
    later = late + timedelta(seconds=seconds)
    assert local_date(later, east) == date(2024, 5, 7)  # "tomorrow" over there
    assert update_streak(first, later, east) is first
    # once the old zone's own calendar turns, that day counts, as if she had stayed
    midnight = datetime(2024, 5, 7, 12, 0, tzinfo=UTC)
    assert update_streak(first, midnight, east).current == 2


def test_a_freeze_is_earned_every_seven_days_and_covers_one_missed_day() -> None:
    week = run(consecutive(MAY_6, 7))
    assert (week.current, week.freezes) == (7, 1)
    frozen = run([*consecutive(MAY_6, 7), date(2024, 5, 14)])  # the 13th was missed
    assert (frozen.current, frozen.freezes, frozen.longest) == (8, 0, 8)
    broken = run([*consecutive(MAY_6, 7), date(2024, 5, 14), date(2024, 5, 16)])
    assert (broken.current, broken.longest) == (1, 8)


def test_freezes_are_capped_and_each_covers_one_day() -> None:
    three_weeks = run(consecutive(MAY_6, 21))
    assert three_weeks.freezes == MAX_FREEZES == 2
    two_missed = run([*consecutive(MAY_6, 21), date(2024, 5, 29)])
    assert (two_missed.current, two_missed.freezes) == (22, 0)
    three_missed = run([*consecutive(MAY_6, 21), date(2024, 5, 30)])
    assert (three_missed.current, three_missed.freezes, three_missed.longest) == (1, 2, 21)


FRIDAY, SATURDAY, MONDAY, TUESDAY = (date(2024, 5, d) for d in (10, 11, 13, 14))


@pytest.mark.parametrize(
    ("days", "weekends_free", "current"),
    [
        ([FRIDAY, MONDAY], True, 2),
        ([FRIDAY, MONDAY], False, 1),
        ([FRIDAY, SATURDAY, MONDAY], True, 3),  # a weekend day done still counts
        ([FRIDAY, SATURDAY], False, 2),
        ([FRIDAY, TUESDAY], True, 1),  # Monday was missed
    ],
)
def test_weekends_free(days: list[date], weekends_free: bool, current: int) -> None:
    assert run(days, weekends_free=weekends_free).current == current


def test_missed_days_counts_weekdays_in_constant_time() -> None:
    for start in consecutive(MAY_6, 7):
        for gap in range(40):
            end = start + timedelta(days=gap)
            between = [start + timedelta(days=n) for n in range(1, gap)]
            assert missed_days(start, end) == len(between)
            assert missed_days(start, end, True) == sum(d.weekday() < 5 for d in between)
    assert missed_days(MAY_6, MAY_6 - timedelta(days=3)) == 0
    assert missed_days(date(2000, 1, 3), date(2024, 1, 1), True) == 6259


def test_streak_alive_for_display() -> None:
    streak = run([date(2024, 5, 13), TUESDAY])
    assert streak_alive(streak, at(BERLIN, 2024, 5, 14, 23, 0), BERLIN)
    assert streak_alive(streak, at(BERLIN, 2024, 5, 15, 23, 59), BERLIN)  # today still open
    assert not streak_alive(streak, at(BERLIN, 2024, 5, 16, 0, 1), BERLIN)
    assert current_streak(streak, at(BERLIN, 2024, 5, 16, 0, 1), BERLIN) == 0
    assert current_streak(streak, at(BERLIN, 2024, 5, 15, 8, 0), BERLIN) == 2
    with_freeze = StreakState(current=9, longest=9, last_date=TUESDAY, freezes=1)
    assert streak_alive(with_freeze, at(BERLIN, 2024, 5, 16, 12, 0), BERLIN)
    assert not streak_alive(with_freeze, at(BERLIN, 2024, 5, 17, 12, 0), BERLIN)
    assert not streak_alive(StreakState(), at(BERLIN, 2024, 5, 16, 12, 0), BERLIN)


def test_streak_alive_over_a_free_weekend_and_across_zones() -> None:
    friday = run([FRIDAY])
    monday_noon = at(BERLIN, 2024, 5, 13, 12, 0)
    assert streak_alive(friday, monday_noon, BERLIN, weekends_free=True)
    assert not streak_alive(friday, monday_noon, BERLIN, weekends_free=False)
    tuesday = run([TUESDAY], tz=TOKYO)
    instant = at(TOKYO, 2024, 5, 16, 1, 0)  # Thursday in Tokyo, still Wednesday in Berlin
    assert not streak_alive(tuesday, instant, TOKYO)
    assert streak_alive(tuesday, instant, BERLIN)


def test_milestone_reached_every_seven_days() -> None:
    six, seven = run(consecutive(MAY_6, 6)), run(consecutive(MAY_6, 7))
    assert milestone_reached(six, seven)
    assert not milestone_reached(seven, seven)
    assert not milestone_reached(seven, run(consecutive(MAY_6, 8)))
    assert milestone_reached(run(consecutive(MAY_6, 13)), run(consecutive(MAY_6, 14)))


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        update_streak(StreakState(), datetime(2024, 5, 6, 12, 0), BERLIN)
    with pytest.raises(ValueError, match="unknown time zone 'Europe/Atlantis'"):
        update_streak(StreakState(), at(BERLIN, 2024, 5, 6, 12), "Europe/Atlantis")
