"""The Monday e-mails: a person's week (points, readers of their modules, new modules) and
the reviewers' queue digest, longest waiting first; each once per week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from peerlearn.authoring.models import Submission
from peerlearn.content.models import Module
from peerlearn.events import utcnow
from peerlearn.gamification.leagues import this_week
from peerlearn.gamification.models import UserPoints
from peerlearn.mail.preferences import set_preferences
from peerlearn.mail.tasks import digests_due
from tests.factories import (
    make_department,
    make_event,
    make_module,
    make_reviewer,
    make_user,
    publish_module,
    submit_module,
)
from tests.mail.conftest import parts


def _monday_morning() -> datetime:
    monday = this_week(utcnow())
    return datetime.combine(monday, datetime.min.time(), UTC) + timedelta(hours=8, minutes=30)


def test_the_reviewer_queue_digest_lists_the_longest_waiting(app, db, mailbox):
    reviewer = make_reviewer(email="rev@example.com")
    now = _monday_morning()
    older = submit_module(make_module(title="Old one"))
    newer = submit_module(make_module(title="New one"))
    db.session.execute(
        db.update(Submission)
        .where(Submission.id == older.id)
        .values(submitted_at=now - timedelta(days=9))
    )
    db.session.execute(
        db.update(Submission)
        .where(Submission.id == newer.id)
        .values(submitted_at=now - timedelta(days=1))
    )
    db.session.commit()
    digests_due(now)
    digests_due(now)  # the next hourly run: nothing twice
    [message] = mailbox.to("rev@example.com")
    assert message["Subject"] == "2 modules waiting for review"
    text, html = parts(message)
    assert text.index("Old one") < text.index("New one")
    assert "waiting 9 days" in text and "waiting 1 day" in html
    assert f"/review/submissions/{older.id}" in text

    set_preferences(reviewer, reviewer.id, {"review_queue": "daily"})
    db.session.commit()
    digests_due(now + timedelta(days=1))
    assert len(mailbox.to("rev@example.com")) == 2, "daily now: Tuesday's digest too"


def test_a_persons_week_says_points_readers_colleagues_and_new_modules(app, db, mailbox):
    now = _monday_morning()
    team = make_department("Support")
    author = make_user(email="author@example.com", department=team)
    module = make_module(author=author, title="Giving feedback")
    last_week = this_week(now) - timedelta(days=7)
    db.session.add(
        UserPoints(
            user_id=author.id,
            period="week",
            period_start=last_week,
            learner_points=30,
            author_points=12,
        )
    )
    db.session.commit()
    reader = make_user()
    at = now - timedelta(days=3)
    for verb in ("module_viewed", "module_viewed", "module_completed", "module_clapped"):
        make_event(verb, reader, module.id, at)
    colleague = make_user(department=team)
    make_event("module_completed", colleague, 999, at)
    make_event("module_completed", colleague, 998, at)
    read_before = publish_module(make_module(tags=("sql",)))
    make_event("module_completed", author, read_before.id, at - timedelta(days=30))
    in_topic = publish_module(make_module(title="Window functions", tags=("sql",)))
    elsewhere = publish_module(make_module(title="Knitting", tags=("hobbies",)))
    db.session.execute(
        db.update(Module)
        .where(Module.id.in_([in_topic.id, elsewhere.id]))
        .values(first_published_at=at)
    )
    db.session.commit()
    digests_due(now)
    [message] = mailbox.to("author@example.com")
    assert message["Subject"] == "Your week on PeerLearn"
    text, html = parts(message)
    assert "You earned 42 points last week." in text
    assert "Your modules' week: 2 reads, 1 completions, 1 claps." in text
    assert "In your department, 1 colleague completed 2 modules." in text
    assert "New in your topics: “Window functions”" in text and "Knitting" not in text
    assert "42 points" in html

    set_preferences(author, author.id, {"weekly": "off"})
    db.session.commit()
    digests_due(now + timedelta(days=7))
    assert len(mailbox.to("author@example.com")) == 1
