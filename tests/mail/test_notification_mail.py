"""Notifications by e-mail, through a real SMTP server: headers, both parts, one-click
unsubscribe, per-kind preferences, digests, never twice."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from peerlearn.authoring.review import decide
from peerlearn.extensions import db
from peerlearn.mail.models import SentEmail
from peerlearn.mail.preferences import set_preferences
from peerlearn.mail.tasks import digests_due, send_notification
from peerlearn.notifications.models import Notification
from tests.factories import make_module, make_reviewer, submit_module
from tests.mail.conftest import parts


def _request_changes(comment: str = "Add an example from the support desk.") -> tuple:
    module = make_module(title="Writing good tickets")
    submission = submit_module(module)
    decide(make_reviewer(), submission, "request_changes", None, comment)
    db.session.commit()
    return module.author, module


def test_changes_requested_arrives_with_both_parts_and_the_comment(app, db, mailbox):
    author, module = _request_changes()
    [message] = mailbox.to(author.email)
    assert message["Subject"] == "A reviewer suggests changes to your module"
    assert message["From"] == app.config["MAIL_FROM"]
    assert author.email in message["To"]
    assert message["Message-ID"] and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    for body in (text, html):
        assert "Writing good tickets" in body
        assert "Add an example from the support desk." in body
    assert f"Edit your module: http://localhost:5000/modules/{module.id}/edit" in text
    assert "<html" in html and "Edit your module" in html


def test_one_click_unsubscribe_turns_that_kind_off(app, db, client, mailbox):
    author, _ = _request_changes()
    [message] = mailbox.to(author.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    path = link.removeprefix("http://localhost:5000")
    # What a link scanner does changes nothing; the mail client's one-click POST does.
    assert client.get(path).status_code == 200
    assert db.session.query(SentEmail).count() == 1
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert client.post(path.replace("unsubscribe/", "unsubscribe/x")).status_code == 404

    _request_changes_again = make_module(author=author)
    submission = submit_module(_request_changes_again)
    decide(make_reviewer(), submission, "request_changes", None, "Again.")
    db.session.commit()
    assert len(mailbox.to(author.email)) == 1, "unsubscribed from reviews: no second e-mail"


def test_a_comment_waits_for_the_daily_digest(app, db, mailbox):
    author, _ = _request_changes()  # reviews: right away (the default)
    set_preferences(author, author.id, {"reviews": "daily"})
    db.session.commit()
    module = make_module(author=author, title="Second")
    decide(make_reviewer(), submit_module(module), "request_changes", None, "Shorter, please.")
    db.session.commit()
    assert len(mailbox.to(author.email)) == 1, "daily: nothing right away"

    morning = datetime(2030, 1, 7, 8, 30, tzinfo=UTC)  # the author's zone is UTC
    db.session.execute(db.update(Notification).values(created_at=morning))
    db.session.commit()
    assert digests_due(morning) == 1
    assert digests_due(morning) == 0, "one digest per day"
    digest = mailbox.to(author.email)[-1]
    assert digest["Subject"] == "Your daily digest: 2 new"
    text, html = parts(digest)
    assert "Shorter, please." in text and "Shorter, please." in html


def test_a_retried_task_never_sends_twice(app, db, mailbox):
    author, _ = _request_changes()
    notification = db.session.query(Notification).filter_by(user_id=author.id).one()
    send_notification.call_local(notification.id)  # what a retry after a lost ack does
    assert len(mailbox.to(author.email)) == 1


def test_off_means_off(app, db, mailbox):
    module = make_module()
    set_preferences(module.author, module.author.id, {"reviews": "off"})
    db.session.commit()
    decide(make_reviewer(), submit_module(module), "request_changes", None, "No.")
    db.session.commit()
    assert mailbox.to(module.author.email) == []
