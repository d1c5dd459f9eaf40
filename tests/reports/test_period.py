"""Local days, hours and offsets: the time-zone arithmetic behind every report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from peerlearn.dialect import epoch_seconds
from peerlearn.events import LearningEvent
from peerlearn.reports.period import Period, day_from_number, offset_segments
from tests.factories import make_event, make_user


def test_offset_segments_find_the_dst_change_to_the_second():
    zone = ZoneInfo("Europe/Paris")
    start, end = datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 3, 31, tzinfo=UTC)
    change = int(datetime(2026, 3, 29, 1, tzinfo=UTC).timestamp())
    assert offset_segments(zone, start, end) == [(change, 3600), (int(end.timestamp()), 7200)]


def test_a_zone_without_changes_has_one_segment():
    zone = ZoneInfo("Asia/Kolkata")
    start, end = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC)
    assert offset_segments(zone, start, end) == [(int(end.timestamp()), 19800)]


def test_period_bounds_are_local_midnights():
    period = Period(date(2026, 3, 29), date(2026, 3, 29), ZoneInfo("Europe/Paris"))
    assert period.utc_start == datetime(2026, 3, 28, 23, tzinfo=UTC)
    assert period.utc_end == datetime(2026, 3, 29, 22, tzinfo=UTC)  # a 23-hour day
    assert period.days == [date(2026, 3, 29)]


def test_local_hour_and_day_in_sql_for_a_half_hour_zone(db):
    user = make_user()
    make_event("module_viewed", user, 1, datetime(2026, 3, 27, 18, 29, 59, tzinfo=UTC))
    make_event("module_viewed", user, 1, datetime(2026, 3, 27, 18, 30, tzinfo=UTC))
    period = Period(date(2026, 3, 27), date(2026, 3, 28), ZoneInfo("Asia/Kolkata"))
    ts = epoch_seconds(LearningEvent.occurred_at)
    rows = db.session.execute(
        select(period.local_day(ts), period.local_hour(ts), period.local_weekday(ts)).order_by(
            LearningEvent.id
        )
    ).all()
    # 23:59:59 on Friday 27, then 00:00 on Saturday 28 (India is UTC+5:30)
    assert [(day_from_number(d), h, w) for d, h, w in rows] == [
        (date(2026, 3, 27), 23, 4),
        (date(2026, 3, 28), 0, 5),
    ]
