"""The authoring pages' forms when a service refuses (or the form is incomplete): the page
comes back with 422 and the reason, or a button redirects with the reason flashed; nothing
is saved."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from peerlearn.authoring.community_models import ContentRequest, Flag
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.content.models import Module
from peerlearn.permissions import Role
from tests.factories import make_module, make_reviewer, make_user, publish_module, submit_module


def flashes(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


def count(db, model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_taken_slug_shows_on_the_editor(client, db, login_as):
    make_module(slug="payslips")
    login_as(make_user())
    page = client.post(
        "/write", data={"title": "Payslips again", "slug": "payslips", "action": "save"}
    )
    assert page.status_code == 422
    assert count(db, Module) == 1


def test_a_priority_request_from_an_employee_is_refused_on_the_page(client, db, login_as):
    login_as(make_user())
    refused = client.post("/requests", data={"title": "Expenses", "priority": "y"})
    assert (
        refused.status_code == 422 and b"Only L&amp;D marks requests as priority." in refused.data
    )
    assert count(db, ContentRequest) == 0
    posted = client.post("/requests", data={"title": "Expenses"})
    assert posted.status_code == 302 and count(db, ContentRequest) == 1
    assert ("success", "Request posted. Colleagues can upvote it and take it on.") in flashes(
        client
    )


def test_a_duplicate_rubric_criterion_is_refused_on_the_field(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    label = rubric_criteria()[0].label
    refused = client.post("/admin/rubric", data={"label": label})
    assert refused.status_code == 422
    assert b"A criterion with this name already exists." in refused.data


def test_approving_without_rubric_scores_marks_the_rubric(client, db, login_as):
    submission = submit_module(make_module())
    reviewer = make_reviewer()
    login_as(reviewer)
    client.post(f"/review/submissions/{submission.id}/claim")
    refused = client.post(
        f"/review/submissions/{submission.id}", data={"decision": "approve", "comment": "Fine."}
    )
    assert refused.status_code == 422 and b"before approving." in refused.data
    assert b"has-error" in refused.data
    db.session.expire_all()
    assert db.session.get(Module, submission.module_id).state != "published"


def test_flag_needs_a_reason_and_only_once(client, db, login_as):
    module = publish_module()
    login_as(make_user())
    page = f"/m/{module.slug}"
    missing = client.post(f"{page}/flag", data={"reason": ""})
    assert missing.status_code == 302 and missing.location.endswith(page)
    assert flashes(client) == [("error", "Choose what is wrong with it.")]
    first = client.post(f"{page}/flag", data={"reason": "outdated"})
    assert first.status_code == 302 and first.location.endswith(page)
    assert flashes(client) == [("success", "Thank you. The right people will look at it.")]
    again = client.post(f"{page}/flag", data={"reason": "outdated"}, headers={"Referer": page})
    assert again.status_code == 302 and again.location.endswith(page)
    assert flashes(client) == [("error", "You have already flagged this module. Thank you!")]
    assert count(db, Flag) == 1


def test_review_by_needs_a_date(client, db, login_as):
    module = publish_module()
    login_as(module.author)
    history = f"/modules/{module.id}/history"
    missing = client.post(f"/modules/{module.id}/review-by", data={}, headers={"Referer": history})
    assert missing.status_code == 302 and missing.location.endswith(history)
    assert flashes(client) == [("error", "Enter a date.")]
    soon = date.today() + timedelta(days=30)
    done = client.post(f"/modules/{module.id}/review-by", data={"review_by": soon.isoformat()})
    assert done.status_code == 302 and done.location.endswith(history)
    db.session.expire_all()
    assert db.session.get(Module, module.id).review_by == soon
