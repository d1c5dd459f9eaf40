"""Claims, decisions, the rubric, origin and queue health."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from peerlearn.authoring.models import ReviewDecision
from peerlearn.authoring.review import claim, decide, queue, queue_health, release, set_origin
from peerlearn.authoring.rubric import add_criterion, rubric_criteria, update_criterion
from peerlearn.errors import Conflict, PermissionDenied, ServiceError
from peerlearn.events import utcnow
from peerlearn.notifications.models import Notification
from tests.factories import make_module, make_reviewer, make_user, submit_module


def scores(value=4):
    return {c.key: value for c in rubric_criteria()}


def kinds(db, user):
    stmt = select(Notification.kind).where(Notification.user_id == user.id)
    return list(db.session.execute(stmt.order_by(Notification.id)).scalars())


def test_a_claim_keeps_others_out_until_it_expires(db):
    first, second = make_reviewer(display_name="Lena"), make_reviewer()
    submission = submit_module(make_module())
    claim(first, submission)
    db.session.commit()
    assert submission.claimed_by_id == first.id
    with pytest.raises(Conflict) as caught:
        claim(second, submission)
    assert "Lena is reviewing this" in caught.value.message
    with pytest.raises(Conflict):
        decide(second, submission, "request_changes", comment="Shorter, please.")
    db.session.rollback()
    claim(first, submission)  # renewing your own claim is fine
    submission.claimed_until = utcnow() - timedelta(minutes=1)  # it has expired
    db.session.commit()
    claim(second, submission)
    db.session.commit()
    assert submission.claimed_by_id == second.id


def test_claim_lasts_as_long_as_the_setting_says(db):
    from peerlearn.organisation.services import update_settings

    update_settings(make_user("admin"), {"claim_expiry_minutes": 30})
    submission = submit_module(make_module())
    before = utcnow()
    claim(make_reviewer(), submission)
    assert timedelta(minutes=29) < submission.claimed_until - before <= timedelta(minutes=31)


def test_release_gives_the_claim_back(db):
    reviewer = make_reviewer()
    submission = submit_module(make_module())
    claim(reviewer, submission)
    with pytest.raises(Conflict):
        release(make_reviewer(), submission)
    release(reviewer, submission)
    assert submission.claimed_by_id is None


def test_nobody_reviews_their_own_module(db):
    reviewer = make_reviewer()
    submission = submit_module(make_module(reviewer))
    with pytest.raises(PermissionDenied):
        claim(reviewer, submission)
    with pytest.raises(PermissionDenied):
        decide(reviewer, submission, "approve", scores())
    assert submission not in db.session.execute(queue(reviewer)).scalars().all()


@pytest.mark.parametrize("role", ["employee", "hr"])
def test_only_reviewers_review(db, role):
    submission = submit_module(make_module())
    with pytest.raises(PermissionDenied):
        claim(make_user(role), submission)
    with pytest.raises(PermissionDenied):
        decide(make_user(role), submission, "approve", scores())


def test_admins_may_review(db):
    submission = submit_module(make_module())
    decide(make_user("admin"), submission, "approve", scores())
    assert submission.state == "approved"


def test_decisions_need_their_words(db):
    reviewer = make_reviewer()
    submission = submit_module(make_module())
    for decision, field in (("request_changes", "comment"), ("reject", "comment")):
        with pytest.raises(ServiceError) as caught:
            decide(reviewer, submission, decision, comment="  ")
        assert caught.value.field == field
    with pytest.raises(ServiceError) as caught:
        decide(reviewer, submission, "publish")
    assert caught.value.field == "decision"
    with pytest.raises(ServiceError) as caught:
        decide(reviewer, submission, "approve", {"accuracy": 5})
    assert caught.value.field == "rubric.clarity"
    with pytest.raises(ServiceError) as caught:
        decide(reviewer, submission, "approve", {**scores(), "accuracy": 6})
    assert caught.value.field == "rubric.accuracy"
    with pytest.raises(ServiceError) as caught:
        decide(reviewer, submission, "approve", {**scores(), "vibes": 3})
    assert caught.value.field == "rubric.vibes"
    assert submission.state == "pending"


def test_a_decision_is_recorded_once_and_the_author_hears(db):
    reviewer = make_reviewer()
    module = make_module()
    submission = submit_module(module)
    claim(reviewer, submission)
    decide(reviewer, submission, "request_changes", {"clarity": 2}, "Add a worked example.")
    db.session.commit()
    (record,) = db.session.execute(select(ReviewDecision)).scalars()
    assert (record.decision, record.rubric, record.comment) == (
        "request_changes",
        {"clarity": 2},
        "Add a worked example.",
    )
    with pytest.raises(Conflict):
        decide(reviewer, submission, "approve", scores())
    assert kinds(db, module.author) == ["module_claimed", "module_changes_requested"]


def test_approval_can_mark_a_module_official(db):
    reviewer = make_reviewer()
    module = make_module()
    decide(reviewer, submit_module(module), "approve", scores(), official=True)
    assert module.origin == "official"
    set_origin(reviewer, module, "peer")
    assert module.origin == "peer"
    with pytest.raises(ServiceError):
        set_origin(reviewer, module, "gold")
    with pytest.raises(PermissionDenied):
        set_origin(make_user(), module, "official")


def test_the_queue_filters_and_sorts(db):
    from peerlearn.accounts.models import Department
    from tests.factories import make_department

    reviewer = make_reviewer()
    finance: Department = make_department("Finance")
    old = submit_module(make_module(make_user(department=finance), tags=("excel",)))
    new = submit_module(make_module(tags=("sql",)))
    old.submitted_at = utcnow() - timedelta(days=3)
    db.session.commit()

    def ids(**filters):
        return [s.id for s in db.session.execute(queue(reviewer, **filters)).scalars()]

    assert ids() == [old.id, new.id]
    assert ids(sort="newest") == [new.id, old.id]
    assert ids(tag="sql") == [new.id]
    assert ids(department_id=finance.id) == [old.id]
    claim(reviewer, new)
    assert ids(claim_filter="mine") == [new.id]
    assert ids(claim_filter="unclaimed") == [old.id]


def test_queue_health(db):
    from peerlearn.organisation.services import update_settings

    admin = make_user("admin", display_name="Ada")  # admins review too
    update_settings(admin, {"review_queue_alert_per_reviewer": 1})
    reviewer = make_reviewer(display_name="Riley")
    now = utcnow()
    submissions = [submit_module(make_module()) for _ in range(3)]
    for hours, submission in zip((30, 10, 2), submissions, strict=True):
        submission.submitted_at = now - timedelta(hours=hours)
    db.session.commit()
    claim(reviewer, submissions[0])
    health = queue_health(now)
    assert (health["pending"], health["claimed"]) == (3, 1)
    assert (health["median_hours"], health["oldest_hours"]) == (10.0, 30.0)
    assert health["module_states"]["in_review"] == 3
    assert health["per_reviewer"] == 1.5 and health["alert"] is True
    assert health["load"] == [
        {"reviewer_id": admin.id, "name": "Ada", "claimed": 0, "decided_30_days": 0},
        {"reviewer_id": reviewer.id, "name": "Riley", "claimed": 1, "decided_30_days": 0},
    ]
    assert health["longest_waiting"][0].id == submissions[0].id


def test_admins_edit_the_rubric(db):
    admin = make_user("admin")
    assert [c.key for c in rubric_criteria()] == [
        "accuracy",
        "clarity",
        "relevance",
        "brevity",
        "quiz_quality",
    ]
    added = add_criterion(admin, "Inclusive language", "Would everyone feel welcome?")
    update_criterion(admin, "brevity", {"active": False, "label": "Concision"})
    db.session.commit()
    assert added.key == "inclusive_language"
    assert [c.key for c in rubric_criteria()] == [
        "accuracy",
        "clarity",
        "relevance",
        "quiz_quality",
        "inclusive_language",
    ]
    with pytest.raises(PermissionDenied):
        add_criterion(make_reviewer(), "Fun")
    with pytest.raises(Conflict):
        add_criterion(admin, "Inclusive language")
