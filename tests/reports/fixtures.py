"""A small organisation with learning events placed on purpose around local-day and DST
boundaries (Europe/Paris: UTC+1 until 2026-03-29 01:00 UTC, then UTC+2).

The expected figures in ``test_metrics.py`` were computed by hand from this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from peerlearn.extensions import db
from peerlearn.gamification.models import PointsEntry
from tests.factories import make_department, make_event, make_user

START, END = date(2026, 3, 27), date(2026, 3, 30)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@dataclass
class Org:
    users: dict[str, Any]
    eng: Any
    sales: Any


def build_org() -> Org:
    """Eng (a–e, 5 people), Sales (f, g: a small group), x without a department."""
    eng, sales = make_department("Eng"), make_department("Sales")
    users = {name: make_user(department=eng, display_name=name.upper()) for name in "abcde"}
    users.update({name: make_user(department=sales, display_name=name.upper()) for name in "fg"})
    users["x"] = make_user(display_name="X the author")
    a, b, c, f, x = (users[k] for k in "abcfx")
    m1 = {"author_id": x.id, "origin": "peer"}
    m2 = {"author_id": x.id, "origin": "official"}
    m3 = {"author_id": a.id, "origin": "peer"}
    events = [
        ("module_viewed", a, 1, utc(26, 23, 30), m1),  # Fri 27 00:30 local
        ("module_completed", a, 1, utc(26, 23, 40), {**m1, "reading_seconds": 300}),
        ("quiz_attempted", a, 1, utc(27, 8), {**m1, "score": 50, "passed": False}),
        ("module_viewed", b, 1, utc(26, 22, 59), m1),  # Thu 26 23:59 local: before the range
        ("module_viewed", b, 2, utc(29, 0, 30), m2),  # Sun 29 01:30 (UTC+1)
        ("module_viewed", b, 2, utc(29, 1, 30), m2),  # Sun 29 03:30 (UTC+2, after the change)
        ("module_completed", b, 2, utc(29, 1, 45), {**m2, "reading_seconds": 60}),
        ("module_viewed", c, 3, utc(30, 21, 59), m3),  # Mon 30 23:59 local
        ("module_viewed", c, 1, utc(30, 22, 0), m1),  # Tue 31 00:00 local: after the range
        ("module_viewed", f, 1, utc(28, 10), m1),  # Sat 28 11:00
        ("module_completed", f, 1, utc(28, 10, 5), {**m1, "reading_seconds": 120}),
        ("module_clapped", f, 1, utc(28, 10, 6), {**m1, "count": 3}),
        # submissions and publications: 24 h, 12 h and 2 h (the last a re-publication)
        ("module_submitted", a, 3, utc(27, 9), {**m3, "revision_id": 30}),
        (
            "module_published",
            a,
            3,
            utc(28, 9),
            {**m3, "revision_id": 30, "first_publication": True},
        ),
        ("module_submitted", x, 2, utc(28, 10), {**m2, "revision_id": 20}),
        (
            "module_published",
            x,
            2,
            utc(28, 22),
            {**m2, "revision_id": 20, "first_publication": True},
        ),
        ("module_submitted", x, 1, utc(29, 10), {**m1, "revision_id": 11}),
        (
            "module_published",
            x,
            1,
            utc(29, 12),
            {**m1, "revision_id": 11, "first_publication": False},
        ),
    ]
    for verb, actor, module, at, context in events:
        make_event(verb, actor, module, at, commit=False, **context)
    for user, points, at in ((f, 10, utc(28, 10, 5)), (a, 5, utc(1, 10))):
        db.session.add(
            PointsEntry(
                user_id=user.id,
                points=points,
                rule_key="complete",
                rule_version=1,
                reason="test",
                verb="module_completed",
                board="learner",
                dedupe_key=f"test:{user.id}:{points}",
                occurred_at=at,
            )
        )
    db.session.commit()
    return Org(users, eng, sales)
