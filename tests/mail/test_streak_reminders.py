"""Streak reminders across time zones and a daylight-saving change: exactly one, in the
local evening, to people whose streak ends at midnight; none to those who learned today."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peerlearn.extensions import db
from peerlearn.gamification.models import GameState
from peerlearn.mail.preferences import set_preferences
from peerlearn.mail.reminders import EVENING_FROM, EVENING_UNTIL
from peerlearn.mail.tasks import streak_reminders_due
from tests.factories import make_user
from tests.mail.conftest import parts

# 29 March 2026: Europe's clocks go forward (a 23-hour day in Berlin and London).
DAY = date(2026, 3, 29)
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Auckland")


def _learner(tz: str, last_date: date, streak: int = 12, freezes: int = 0):
    user = make_user(timezone=tz)
    db.session.add(
        GameState(
            user_id=user.id,
            streak_current=streak,
            streak_longest=streak,
            streak_last_date=last_date,
            streak_freezes=freezes,
            streak_zone=tz,
        )
    )
    db.session.commit()
    return user


def _ticks(start: datetime, end: datetime, step: timedelta = timedelta(minutes=15)):
    moment = start
    while moment < end:
        yield moment
        moment += step


def test_exactly_one_reminder_in_the_local_evening_across_zones_and_dst(app, db, mailbox):
    due = {tz: _learner(tz, DAY - timedelta(days=1)) for tz in ZONES}
    earned = {tz: _learner(tz, DAY) for tz in ("Europe/Berlin", "America/New_York")}
    covered = _learner("Europe/Berlin", DAY - timedelta(days=1), freezes=1)
    muted = _learner("Europe/Berlin", DAY - timedelta(days=1))
    set_preferences(muted, muted.id, {"streak": "off"})
    db.session.commit()

    sent_at: dict[str, list[datetime]] = {}
    start, end = datetime(2026, 3, 28, 12, tzinfo=UTC), datetime(2026, 3, 30, 5, 30, tzinfo=UTC)
    for now in _ticks(start, end):
        before = len(mailbox.received)
        streak_reminders_due(now)
        for rcpt, _message in mailbox.received[before:]:
            sent_at.setdefault(rcpt[0], []).append(now)

    for tz, user in due.items():
        moments = sent_at.get(user.email, [])
        assert len(moments) == 1, f"{tz}: {moments}"
        local = moments[0].astimezone(ZoneInfo(tz))
        assert local.date() == DAY, tz
        assert EVENING_FROM <= local.time() < EVENING_UNTIL, f"{tz}: sent at {local}"
        assert local.time() == time(19, 0), f"{tz}: the first evening tick"
    for user in (*earned.values(), covered, muted):
        assert user.email not in sent_at, user.timezone
    message = mailbox.to(due["Europe/Berlin"].email)[0]
    assert message["Subject"] == "Your 12-day streak ends at midnight"
    text, html = parts(message)
    assert "Your 12-day streak ends at midnight." in text
    assert "12-day streak ends at midnight" in html
    assert message["List-Unsubscribe"]


def test_no_reminder_at_night_or_in_the_morning(app, db, mailbox):
    user = _learner("Europe/Berlin", DAY - timedelta(days=1))
    berlin = ZoneInfo("Europe/Berlin")
    for hour in (0, 3, 7, 12, 18, 22, 23):
        streak_reminders_due(datetime.combine(DAY, time(hour, 30), berlin).astimezone(UTC))
    assert mailbox.to(user.email) == []
    streak_reminders_due(datetime.combine(DAY, time(21, 59), berlin).astimezone(UTC))
    assert len(mailbox.to(user.email)) == 1
