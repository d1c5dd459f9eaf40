"""Flags (once per reader, outdated → author first, dismiss, archive, restore), freshness,
and content requests (post, upvote, take on, fulfilled by publication)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from peerlearn.authoring import content_requests as requests
from peerlearn.authoring.flags import (
    archive_module,
    dismiss_flag,
    flag_module,
    flag_queue,
    flags_with_author,
    reconfirm,
    restore_module,
    set_review_by,
    stale_modules,
)
from peerlearn.authoring.services import save_draft, submit
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import LearningEvent
from peerlearn.notifications.models import Notification
from tests.factories import make_module, make_reviewer, make_user, publish_module


def verbs(db):
    return list(db.session.execute(select(LearningEvent.verb).order_by(LearningEvent.id)).scalars())


def events_of(db, verb):
    stmt = select(LearningEvent).where(LearningEvent.verb == verb).order_by(LearningEvent.id)
    return list(db.session.execute(stmt).scalars())


def notified(db, user):
    stmt = select(Notification.kind).where(Notification.user_id == user.id)
    return list(db.session.execute(stmt.order_by(Notification.id)).scalars())


def test_a_reader_flags_once(db):
    module, reader = publish_module(), make_user()
    flag = flag_module(reader, module, "inaccurate", "The VAT rate changed in 2024.")
    db.session.commit()
    assert (flag.state, flag.revision_id) == ("open", module.published_revision_id)
    with pytest.raises(Conflict):
        flag_module(reader, module, "other", "Again")
    db.session.rollback()
    (event,) = [
        e for e in db.session.execute(select(LearningEvent)).scalars() if e.verb == "module_flagged"
    ]
    assert event.actor_id == reader.id
    assert event.context["author_id"] == module.author_id
    assert event.context["revision_id"] == module.published_revision_id
    assert event.context["reason"] == "inaccurate" and event.context["tags"] == ["onboarding"]


def test_flags_need_a_published_module_a_reason_and_not_your_own(db):
    module = publish_module()
    with pytest.raises(ServiceError):
        flag_module(module.author, module, "inaccurate")
    with pytest.raises(ServiceError) as caught:
        flag_module(make_user(), module, "boring")
    assert caught.value.field == "reason"
    with pytest.raises(ServiceError) as caught:
        flag_module(make_user(), module, "other", "")
    assert caught.value.field == "note"
    with pytest.raises(NotFoundError):
        flag_module(make_user(), make_module(), "inaccurate")


def test_outdated_flags_go_to_the_author_first(db):
    module, reviewer = publish_module(), make_reviewer()
    flag = flag_module(make_user(), module, "outdated", "New travel policy since March.")
    db.session.commit()
    assert flag.state == "with_author"
    assert flags_with_author(module.author) == [flag]
    assert flag not in db.session.execute(flag_queue(reviewer)).scalars().all()
    assert "module_flagged_outdated" in notified(db, module.author)
    module.review_by = date.today() - timedelta(days=1)
    reconfirm(module.author, module)
    db.session.commit()
    assert flag.state == "resolved" and module.review_by > date.today()


def test_a_revision_answers_outdated_flags(db):
    reviewer = make_reviewer()
    module = publish_module(reviewer=reviewer)
    flag = flag_module(make_user(), module, "outdated")
    save_draft(module.author, module, {"summary": "Updated for the new policy."})
    from peerlearn.authoring.review import decide
    from peerlearn.authoring.rubric import rubric_criteria

    decide(
        reviewer, submit(module.author, module), "approve", {c.key: 4 for c in rubric_criteria()}
    )
    db.session.commit()
    assert flag.state == "resolved"


def test_reviewers_dismiss_or_archive_and_restore(db):
    reviewer, reader = make_reviewer(), make_user()
    module = publish_module()
    flag = flag_module(reader, module, "inaccurate", "Wrong shortcut.")
    dismiss_flag(reviewer, flag, "The shortcut is right on Windows.")
    db.session.commit()
    assert flag.state == "dismissed" and "flag_dismissed" in notified(db, reader)
    with pytest.raises(Conflict):
        dismiss_flag(reviewer, flag)
    db.session.rollback()

    other = flag_module(make_user(), module, "inappropriate", "Names a customer.")
    with pytest.raises(ServiceError) as caught:
        archive_module(reviewer, module, " ")
    assert caught.value.field == "reason"
    archive_module(reviewer, module, "It names a customer; please anonymise it.")
    db.session.commit()
    assert (module.state, other.state) == ("archived", "archived")
    assert module.archived_reason.startswith("It names a customer")
    assert "module_archived" in notified(db, module.author)
    restore_module(reviewer, module)
    db.session.commit()
    assert module.state == "published" and module.archived_reason is None
    assert [v for v in verbs(db) if v.startswith("module_")][-3:] == [
        "module_flagged",
        "module_archived",
        "module_restored",
    ]


def test_flag_handling_is_for_reviewers_not_authors(db):
    reviewer = make_reviewer()
    module = publish_module(make_module(reviewer))
    flag = flag_module(make_user(), module, "inaccurate", "x")
    with pytest.raises(PermissionDenied):
        dismiss_flag(reviewer, flag)  # their own module
    with pytest.raises(PermissionDenied):
        archive_module(make_user(), module, "because")
    with pytest.raises(PermissionDenied):
        flag_queue(make_user())


def test_freshness(db):
    module = publish_module()
    reviewer = make_reviewer()
    module.review_by = date.today() - timedelta(days=2)
    db.session.commit()
    assert module.is_stale(date.today())
    assert db.session.execute(stale_modules(module.author)).scalars().all() == [module]
    assert db.session.execute(stale_modules(make_user())).scalars().all() == []
    set_review_by(reviewer, module, date.today() + timedelta(days=30))
    assert not module.is_stale(date.today())
    with pytest.raises(ServiceError):
        set_review_by(module.author, module, date.today())
    with pytest.raises(PermissionDenied):
        set_review_by(make_user(), module, date.today() + timedelta(days=3))


def test_content_request_lifecycle(db):
    asker, author, fan = make_user(), make_user(), make_user()
    request = requests.post_request(asker, "  How to read a P&L  ", "For non-finance people.")
    db.session.commit()
    assert request.title == "How to read a P&L"
    assert requests.upvote(fan, request) == 1
    assert requests.upvote(fan, request) == 1  # once per person
    with pytest.raises(ServiceError):
        requests.upvote(asker, request)
    db.session.rollback()
    assert requests.remove_upvote(fan, request) == 0
    requests.upvote(fan, request)
    result = requests.take_request(author, request)
    db.session.commit()
    module = result.revision.module
    assert (request.state, request.taken_by_id, request.module_id) == (
        "taken",
        author.id,
        module.id,
    )
    with pytest.raises(Conflict):
        requests.take_request(make_user(), request)
    db.session.rollback()
    save_draft(
        author, module, {"summary": "Revenue, costs, profit.", "body_markdown": "word " * 60}
    )
    publish_module(module)
    db.session.refresh(request)
    assert request.state == "fulfilled" and request.fulfilled_at is not None
    assert verbs(db).count("request_posted") == 1
    (fulfilled,) = [
        e
        for e in db.session.execute(select(LearningEvent)).scalars()
        if e.verb == "request_fulfilled"
    ]
    assert fulfilled.actor_id == author.id and fulfilled.object_id == request.id
    assert fulfilled.context["author_id"] == author.id
    assert fulfilled.context["revision_id"] == module.published_revision_id
    assert "request_fulfilled" in notified(db, asker)


def test_only_l_and_d_posts_priority_requests(db):
    with pytest.raises(PermissionDenied):
        requests.post_request(make_user(), "Topic", priority=True)
    assert requests.post_request(make_reviewer(), "Topic", priority=True).priority
    with pytest.raises(ServiceError):
        requests.post_request(make_user(), " ")


def test_requests_are_listed_by_priority_then_votes(db):
    fans = [make_user() for _ in range(3)]
    quiet = requests.post_request(make_user(), "Quiet topic")
    popular = requests.post_request(make_user(), "Popular topic")
    urgent = requests.post_request(make_reviewer(), "Urgent topic", priority=True)
    for fan in fans:
        requests.upvote(fan, popular)
    db.session.commit()
    listed = db.session.execute(requests.list_requests()).scalars().all()
    assert [r.id for r in listed] == [urgent.id, popular.id, quiet.id]
    assert requests.vote_counts([quiet.id, popular.id]) == {quiet.id: 0, popular.id: 3}
    assert requests.voted_by(fans[0], [quiet.id, popular.id]) == {popular.id}


def test_release_a_taken_request(db):
    author = make_user()
    request = requests.post_request(make_user(), "Topic")
    requests.take_request(author, request)
    with pytest.raises(PermissionDenied):
        requests.release_request(make_user(), request)
    requests.release_request(author, request)
    assert (request.state, request.taken_by_id) == ("open", None)
