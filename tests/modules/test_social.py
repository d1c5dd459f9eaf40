"""Claps (cap, authors), comments (permissions, sanitising, helpful, hiding) and bookmarks."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peerlearn.errors import Conflict, PermissionDenied, ServiceError
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules import social
from peerlearn.notifications.models import Notification
from peerlearn.organisation.services import update_settings
from tests.factories import make_comment, make_live_module, make_reviewer, make_user


def _events(verb):
    return list(
        db.session.execute(
            select(LearningEvent).where(LearningEvent.verb == verb).order_by(LearningEvent.id)
        ).scalars()
    )


def test_claps_add_up_to_the_cap(app):
    module = make_live_module()
    reader = make_user()
    assert social.clap(reader, module, 30).mine == 30
    result = social.clap(reader, module, 30)
    assert (result.added, result.mine, result.total, result.cap) == (20, 50, 50, 50)
    with pytest.raises(Conflict, match="all 50 claps"):
        social.clap(reader, module, 1)
    assert [e.context["count"] for e in _events("module_clapped")] == [30, 20]
    other = make_user()
    assert social.clap(other, module).total == 51


def test_clap_cap_is_a_setting(app):
    update_settings(make_user("admin"), {"clap_cap": 3})
    module = make_live_module()
    with pytest.raises(ServiceError, match="between 1 and 3"):
        social.clap(make_user(), module, 4)
    with pytest.raises(ServiceError):
        social.clap(make_user(), module, 0)


def test_authors_cannot_clap_for_their_own(app):
    author = make_user()
    module = make_live_module(author)
    with pytest.raises(PermissionDenied):
        social.clap(author, module)


def test_comment_is_sanitized_markdown_and_notifies_the_author(app):
    author = make_user()
    module = make_live_module(author)
    reader = make_user()
    comment = social.post_comment(
        reader, module, "**Great** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<strong>Great</strong>" in comment.body_html
    assert "<script" not in comment.body_html
    assert "&lt;script&gt;" in comment.body_html  # shown as text, never run
    assert 'href="javascript' not in comment.body_html
    (event,) = _events("comment_posted")
    assert event.actor_id == reader.id and event.context["author_id"] == author.id
    kinds = db.session.execute(
        select(Notification.kind).where(Notification.user_id == author.id)
    ).scalars()
    assert "comment_posted" in set(kinds)


def test_replies_are_one_level_deep(app):
    module = make_live_module()
    top = make_comment(module)
    reply = social.post_comment(make_user(), module, "Reply", top.id)
    reply_to_reply = social.post_comment(make_user(), module, "Deeper", reply.id)
    assert reply.parent_id == top.id and reply_to_reply.parent_id == top.id
    other = make_live_module()
    with pytest.raises(ServiceError):
        social.post_comment(make_user(), other, "Elsewhere", top.id)
    threads = social.comments_on(module, make_user())
    assert [(c.id, [r.id for r in rs]) for c, rs in threads] == [
        (top.id, [reply.id, reply_to_reply.id])
    ]


def test_only_the_writer_edits_or_deletes(app):
    module = make_live_module()
    writer = make_user()
    comment = make_comment(module, writer)
    for stranger in (make_user(), make_user("admin"), module.author):
        with pytest.raises(PermissionDenied):
            social.edit_comment(stranger, comment, "Hijacked")
        with pytest.raises(PermissionDenied):
            social.delete_comment(stranger, comment)
    social.edit_comment(writer, comment, "Better *words*")
    assert comment.edited_at is not None and "<em>words</em>" in comment.body_html
    social.delete_comment(writer, comment)
    assert comment.is_deleted and comment.body_html == ""
    with pytest.raises(Conflict):
        social.edit_comment(writer, comment, "Back")
    assert social.comments_on(module, writer) == []  # deleted without replies: gone


def test_the_module_author_marks_helpful_for_the_commenter(app):
    author = make_user()
    module = make_live_module(author)
    commenter = make_user()
    comment = make_comment(module, commenter)
    with pytest.raises(PermissionDenied):
        social.mark_helpful(make_user(), comment)
    with pytest.raises(PermissionDenied):
        social.mark_helpful(make_reviewer(), comment)
    social.mark_helpful(author, comment)
    social.mark_helpful(author, comment)  # again: nothing new
    (event,) = _events("comment_marked_helpful")
    assert event.actor_id == author.id
    assert event.context["author_id"] == commenter.id  # the beneficiary
    assert event.context["revision_id"] == module.published_revision_id
    own = make_comment(module, author)
    with pytest.raises(ServiceError):
        social.mark_helpful(author, own)
    social.mark_helpful(author, comment, helpful=False)
    assert not comment.is_helpful


def test_reviewers_hide_with_a_reason(app):
    module = make_live_module()
    comment = make_comment(module, body="Spam spam")
    with pytest.raises(PermissionDenied):
        social.hide_comment(make_user(), comment, "Spam")
    with pytest.raises(PermissionDenied):
        social.hide_comment(module.author, comment, "Spam")
    reviewer = make_reviewer()
    with pytest.raises(ServiceError, match="why"):
        social.hide_comment(reviewer, comment, "  ")
    social.hide_comment(reviewer, comment, "Advertising")
    assert comment.hidden_reason == "Advertising"
    assert not social.shows_body(make_user(), comment)
    assert social.shows_body(reviewer, comment)
    with pytest.raises(Conflict):
        social.edit_comment(comment.author, comment, "Sneaky edit")


def test_bookmarks_are_idempotent(app):
    module = make_live_module()
    reader = make_user()
    assert social.add_bookmark(reader, module) is True
    assert social.add_bookmark(reader, module) is False
    assert social.is_bookmarked(reader, module)
    assert len(_events("module_bookmarked")) == 1
    assert social.remove_bookmark(reader, module) is True
    assert not social.is_bookmarked(reader, module)
