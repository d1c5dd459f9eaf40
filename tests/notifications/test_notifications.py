"""Notifications: sending, the unread count in the header, the page and the API."""

from __future__ import annotations

from peerlearn.notifications.services import mark_read, notify, unread_count
from tests.factories import make_module, make_reviewer, make_user, submit_module


def test_notify_counts_and_marks_only_your_own(db):
    me, other = make_user(), make_user()
    first = notify(me, "module_approved", "x" * 400, "modules.read", slug="a")
    notify(me, "module_claimed", "Claimed")
    theirs = notify(other, "module_claimed", "Theirs")
    db.session.commit()
    assert len(first.text) == 300 and first.text.endswith("…")
    assert unread_count(me) == 2
    assert mark_read(me, [first.id, theirs.id]) == 1
    assert (unread_count(me), unread_count(other)) == (1, 1)
    assert mark_read(me) == 1 and unread_count(me) == 0


def test_notifications_page_and_api(client, db, login_as):
    author = make_user()
    decide_module = make_module(author)
    from peerlearn.authoring.review import decide

    decide(make_reviewer(), submit_module(decide_module), "reject", comment="Confidential data.")
    db.session.commit()
    login_as(author)
    page = client.get("/")
    assert b'aria-label="1 unread"' in page.data
    listed = client.get("/api/v1/notifications?unread=true").get_json()
    assert [n["kind"] for n in listed["items"]] == ["module_rejected"]
    assert "Confidential data." in listed["items"][0]["text"]
    other = make_user()
    from peerlearn.notifications.services import notify

    foreign = notify(other, "x", "Not yours")
    db.session.commit()
    marked = client.post("/api/v1/notifications/read", json={"ids": [foreign.id]}).get_json()
    assert marked == {"marked": 0, "unread": 1}  # someone else's stays unread
    assert client.post("/notifications/read").status_code == 302
    assert client.get("/api/v1/notifications?unread=true").get_json()["total"] == 0
