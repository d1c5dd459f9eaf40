"""The live engine: a learning event earns points, totals, counters, streaks and badges in
the same transaction; repeats and rollbacks change nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from peerlearn.events import LearningEvent, record_event
from peerlearn.gamification.handlers import event_facts
from peerlearn.gamification.models import (
    DepartmentPoints,
    GameState,
    PointsEntry,
    StreakDay,
    UserPoints,
)
from peerlearn.notifications.models import Notification
from tests.factories import make_department, make_user, record_learning
from tests.gamification.helpers import badges, ledger, total

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)  # a Tuesday


def test_a_completion_earns_the_reader_and_the_author(db):
    dept = make_department("Sales")
    reader, author = make_user(department=dept), make_user()
    record_learning("module_completed", reader, 40, author=author, at=NOW, tags=["GDPR"])
    assert ledger() == [(reader.id, "complete", 10), (author.id, "peer_completion", 2)]
    entry = db.session.execute(select(PointsEntry).where(PointsEntry.user_id == reader.id))
    entry = entry.scalar_one()
    assert (entry.rule_version, entry.reason, entry.board) == (1, "Completed a module", "learner")
    assert entry.source_event_id is not None and entry.module_id == 40
    assert total(reader) == 10 and total(author) == 2
    rows = db.session.execute(select(UserPoints).where(UserPoints.user_id == reader.id))
    starts = {(r.period, r.period_start) for r in rows.scalars()}
    assert starts == {
        ("all", date(1970, 1, 1)),
        ("week", date(2024, 5, 13)),
        ("month", date(2024, 5, 1)),
    }
    dept_rows = db.session.execute(select(DepartmentPoints)).scalars().all()
    assert {(r.period, r.learner_points) for r in dept_rows} == {
        ("all", 10),
        ("week", 10),
        ("month", 10),
    }
    state = db.session.get(GameState, reader.id)
    assert state.counters == {"completions": 1} and state.tags == ["gdpr"]
    assert badges(reader) == {"first_completion"}
    assert db.session.execute(select(StreakDay.day)).scalars().all() == [date(2024, 5, 14)]


def test_a_repeated_event_and_a_new_revision_earn_nothing_twice(db):
    reader, author = make_user(), make_user()
    record_learning("module_completed", reader, 40, author=author, at=NOW, revision_id=1)
    later = NOW + timedelta(days=3)
    record_learning("module_completed", reader, 40, author=author, at=later, revision_id=2)
    assert len(ledger()) == 2
    assert total(reader) == 10
    assert db.session.get(GameState, reader.id).counters == {"completions": 1}


def test_nothing_for_your_own_module_and_too_quick_reading(db):
    author = make_user()
    record_learning("module_completed", author, 40, author=author, at=NOW)
    reader = make_user()
    record_learning("module_completed", reader, 41, author=author, at=NOW, reading_seconds=3.0)
    assert ledger() == []
    assert badges(author) == set() and badges(reader) == set()


def test_an_event_rolled_back_takes_its_points_with_it(db):
    reader, author = make_user(), make_user()
    record_event("module_completed", reader, "module", 40,
                 {"author_id": author.id, "reading_seconds": 90.0}, occurred_at=NOW)  # fmt: skip
    assert db.session.execute(select(func.count()).select_from(PointsEntry)).scalar_one() == 2
    db.session.rollback()
    assert ledger() == [] and total(reader) == 0
    assert db.session.execute(select(func.count()).select_from(LearningEvent)).scalar_one() == 0


@pytest.mark.parametrize(
    ("verb", "context", "expected"),
    [
        ("quiz_passed", {"first_try": True, "score": 100}, [("actor", "quiz_first_try", 5)]),
        ("quiz_passed", {"first_try": False, "score": 80}, []),
        ("module_clapped", {"count": 5}, [("author", "clap_received", 1)]),
        ("module_published", {"first_publication": True}, [("author", "publish", 50)]),
        ("module_published", {"first_publication": False}, []),
        ("review_decided", {"decision": "approve", "revision_id": 3}, [("actor", "review", 5)]),
    ],
)
def test_each_verb_through_the_database(db, verb, context, expected):
    actor, author = make_user(), make_user()
    record_learning(verb, actor, 40, author=author, at=NOW, **context)
    who = {"actor": actor.id, "author": author.id}
    assert ledger() == [(who[w], rule, points) for w, rule, points in expected]


def test_helpful_comments_and_fulfilled_requests(db):
    marker, commenter, requester, author = make_user(), make_user(), make_user(), make_user()
    record_learning("comment_marked_helpful", marker, 7, author=commenter, at=NOW,
                    object_type="comment", module_id=40)  # fmt: skip
    record_learning("request_fulfilled", author, 9, object_type="request",
                    at=NOW, requester_id=requester.id)  # fmt: skip
    record_learning("request_fulfilled", author, 10, object_type="request",
                    at=NOW, requester_id=author.id)  # fmt: skip
    for comment in (70, 71, 71):  # as the catalog records it: the module is the object
        record_learning("comment_marked_helpful", marker, 40, author=commenter, at=NOW,
                        comment_id=comment)  # fmt: skip
    assert ledger() == [
        (commenter.id, "helpful_comment", 3),
        (author.id, "request_fulfilled", 25),
        (commenter.id, "helpful_comment", 3),
        (commenter.id, "helpful_comment", 3),
    ]
    assert badges(commenter) == {"first_helpful_comment"}
    assert badges(author) == {"first_request_fulfilled"}


def test_event_facts_ignores_other_verbs_and_requests_without_requester(db):
    user = make_user()
    signed_up = record_event("signed_up", user, "user", user.id)
    assert event_facts(signed_up) is None
    orphan = record_event("request_fulfilled", user, "request", 3, {})
    assert event_facts(orphan) is None


def test_a_seven_day_streak_earns_its_bonus_badge_and_event(db):
    reader, author = make_user(), make_user()
    for day in range(7):
        at = NOW + timedelta(days=day)
        record_learning("module_completed", reader, 100 + day, author=author, at=at)
    assert (reader.id, "streak_bonus", 20) in ledger(reader)
    assert "streak_7" in badges(reader)
    state = db.session.get(GameState, reader.id)
    assert (state.streak_current, state.streak_longest, state.streak_freezes) == (7, 7, 1)
    streak_events = (
        db.session.execute(
            select(LearningEvent.context).where(LearningEvent.verb == "streak_reached")
        )
        .scalars()
        .all()
    )
    assert streak_events == [{"streak_days": 7}]


def test_badge_and_level_up_notifications(app, db):
    reader, author = make_user(), make_user()
    for n in range(5):
        record_learning("module_published", author, 50 + n, author=author,
                        at=NOW + timedelta(minutes=n), first_publication=True)  # fmt: skip
    rows = db.session.execute(
        select(Notification).where(Notification.user_id == author.id).order_by(Notification.id)
    ).scalars()
    with app.test_request_context():
        texts = [(n.kind, n.text, n.url) for n in rows]
    kinds = [kind for kind, _, _ in texts]
    assert kinds.count("badge_earned") == 1 and kinds.count("level_up") == 2
    assert texts[0][1] == "You earned the badge “Published Author”."
    assert texts[0][2].startswith("/badges/")
    assert any(text == "You reached level 2: Learner." for _, text, _ in texts)
    assert ("level_up", "You reached level 2: Learner.", "/progress") in texts
    assert not db.session.execute(
        select(Notification).where(Notification.user_id == reader.id)
    ).first()
