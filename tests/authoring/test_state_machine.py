"""Every action in every module state: what is allowed, where it leads, and what is refused."""

from __future__ import annotations

import pytest

from peerlearn.authoring.flags import archive_module, restore_module
from peerlearn.authoring.queries import pending_submission
from peerlearn.authoring.review import decide
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.authoring.services import delete_draft, save_draft, submit, withdraw
from peerlearn.content.models import Module
from peerlearn.errors import Conflict, ServiceError
from tests.factories import make_module, make_reviewer, publish_module, submit_module

STATES = ("draft", "in_review", "changes_requested", "published", "rejected", "archived")
ACTIONS = (
    "save",
    "submit",
    "withdraw",
    "approve",
    "request_changes",
    "reject",
    "archive",
    "restore",
    "delete",
)

# (state, action) → the state it leads to. Every pair not listed must be refused.
ALLOWED = {
    ("draft", "save"): "draft",
    ("draft", "submit"): "in_review",
    ("draft", "delete"): None,  # the module is gone
    ("in_review", "withdraw"): "draft",
    ("in_review", "approve"): "published",
    ("in_review", "request_changes"): "changes_requested",
    ("in_review", "reject"): "rejected",
    ("changes_requested", "save"): "changes_requested",
    ("changes_requested", "submit"): "in_review",
    ("changes_requested", "delete"): None,  # never published: the author may give it up
    ("published", "save"): "published",  # a new draft revision; readers keep the old one
    ("published", "archive"): "archived",
    ("archived", "save"): "archived",
    ("archived", "restore"): "published",
}


def module_in(state: str, reviewer) -> Module:
    module = make_module()
    if state == "draft":
        return module
    submission = submit_module(module)
    if state == "in_review":
        return module
    if state == "changes_requested":
        decide(reviewer, submission, "request_changes", comment="Add an example.")
    elif state == "rejected":
        decide(reviewer, submission, "reject", comment="Not appropriate here.")
    else:
        decide(reviewer, submission, "approve", {c.key: 4 for c in rubric_criteria()})
        if state == "archived":
            archive_module(reviewer, module, "Superseded by the new policy.")
    return module


def act(action: str, module: Module, reviewer) -> None:
    author = module.author
    if action == "save":
        save_draft(author, module, {"title": "A better title"})
    elif action == "submit":
        submit(author, module)
    elif action == "withdraw":
        withdraw(author, module)
    elif action in ("approve", "request_changes", "reject"):
        submission = pending_submission(module)
        if submission is None:
            raise Conflict("Nothing is waiting for review.")
        scores = {c.key: 3 for c in rubric_criteria()}
        decide(reviewer, submission, action, scores, comment="Reviewed.")
    elif action == "archive":
        archive_module(reviewer, module, "Out of date.")
    elif action == "restore":
        restore_module(reviewer, module)
    elif action == "delete":
        delete_draft(author, module)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_transition(db, state, action):
    reviewer = make_reviewer()
    module = module_in(state, reviewer)
    db.session.commit()
    assert module.state == state
    module_id = module.id
    if (state, action) in ALLOWED:
        act(action, module, reviewer)
        db.session.commit()
        after = db.session.get(Module, module_id)
        expected = ALLOWED[(state, action)]
        assert (after.state if after else None) == expected
    else:
        with pytest.raises(ServiceError):
            act(action, module, reviewer)
        db.session.rollback()
        assert db.session.get(Module, module_id).state == state


def test_a_published_module_takes_an_edit_through_review(db):
    reviewer = make_reviewer()
    module = publish_module(reviewer=reviewer)
    first = module.published_revision
    save_draft(module.author, module, {"title": "Second edition"})
    submission = submit(module.author, module)
    db.session.commit()
    assert module.state == "published"
    assert module.published_revision_id == first.id  # readers still see the first
    assert module.has_pending_edit
    decide(reviewer, submission, "approve", {c.key: 5 for c in rubric_criteria()})
    db.session.commit()
    assert module.published_revision.title == "Second edition"
    assert module.draft_revision_id is None


def test_a_rejected_edit_leaves_the_published_revision(db):
    reviewer = make_reviewer()
    module = publish_module(reviewer=reviewer)
    first_id = module.published_revision_id
    save_draft(module.author, module, {"title": "Clickbait"})
    submission = submit(module.author, module)
    decide(reviewer, submission, "reject", comment="This title misleads readers.")
    db.session.commit()
    assert (module.state, module.published_revision_id) == ("published", first_id)
    assert module.draft_revision_id is None


def test_an_archived_module_returns_only_through_a_reviewer(db, app):
    from peerlearn.organisation.services import update_settings
    from tests.factories import make_user

    update_settings(make_user("admin"), {"vetting_policy": "post"})
    reviewer = make_reviewer()
    module = publish_module(reviewer=reviewer)
    archive_module(reviewer, module, "Wrong numbers.")
    save_draft(module.author, module, {"title": "Corrected numbers"})
    submission = submit(module.author, module)
    db.session.commit()
    assert module.state == "archived" and submission.state == "pending"
    assert not submission.published_on_submit
    decide(reviewer, submission, "approve", {c.key: 4 for c in rubric_criteria()})
    db.session.commit()
    assert module.state == "published"
    assert module.published_revision.title == "Corrected numbers"
