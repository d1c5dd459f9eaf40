"""The revision loop, closed: the author revises with the reviewer's comments in view, the
reviewer sees what changed since the previous submission, notifications open the right
page, My modules withdraws and deletes, and a duplicate title is pointed out."""

from __future__ import annotations

from sqlalchemy import select

from peerlearn.authoring.review import claim, decide
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.authoring.services import save_draft, submit, withdraw
from peerlearn.content.models import Module
from peerlearn.extensions import db
from peerlearn.notifications.models import Notification
from tests.factories import make_live_module, make_module, make_reviewer, submit_module


def _notification(user, kind):
    return db.session.execute(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).scalar_one()


def test_changes_requested_resubmit_diff_approve(client, db, login_as):
    reviewer = make_reviewer()
    module = make_module(title="Writing good commit messages")
    author = module.author
    first = submit_module(module)
    claim(reviewer, first)
    decide(reviewer, first, "request_changes", comment="Add an example of a bad message.")
    db.session.commit()
    # the notification opens the editor at the comments, and the editor shows them
    note = _notification(author, "module_changes_requested")
    login_as(author)
    with client.application.test_request_context():
        link = note.url
    assert link == f"/modules/{module.id}/edit#review-comments"
    opened = client.post(
        "/notifications/read", data={"id": note.id, "next": link}, follow_redirects=False
    )
    assert opened.location.endswith(f"/modules/{module.id}/edit#review-comments")
    html = client.get(f"/modules/{module.id}/edit").get_data(as_text=True)
    assert 'id="review-comments"' in html and "Add an example of a bad message." in html
    assert note.endpoint == "authoring.edit" and note.endpoint_args["_anchor"] == "review-comments"
    body = module.current_revision.body_markdown + "\n\nA bad message: `fix stuff`."
    save_draft(author, module, {"body_markdown": body})
    second = submit(author, module)
    db.session.commit()
    # the reviewer sees what changed since revision 1, not the whole text again
    login_as(reviewer)
    html = client.get(f"/review/submissions/{second.id}").get_data(as_text=True)
    assert "Changes since revision 1 (submitted before)" in html
    assert '<ins><span class="visually-hidden">Added: </span>+ A bad message:' in html
    api = client.get(f"/api/v1/review/submissions/{second.id}").get_json()
    assert api["compared_with"]["number"] == 1 and "<ins" in api["diff_html"]
    claim(reviewer, second)
    decide(reviewer, second, "approve", {c.key: 4 for c in rubric_criteria()}, "Great.")
    db.session.commit()
    approved = _notification(author, "module_approved")
    assert approved.endpoint == "modules.read" and approved.endpoint_args == {"slug": module.slug}
    login_as(author)
    assert f'value="/m/{module.slug}"' in client.get("/notifications").get_data(as_text=True)


def test_my_modules_withdraws_and_deletes_a_withdrawn_module(client, db, login_as):
    module = make_module(title="To give up")
    submit_module(module)
    login_as(module.author)
    html = client.get("/my/modules").get_data(as_text=True)
    assert f"/modules/{module.id}/withdraw" in html and f"/modules/{module.id}/delete" not in html
    done = client.post(f"/modules/{module.id}/withdraw", data={"next": "/my/modules"})
    assert done.status_code == 302 and done.location.endswith("/my/modules")
    html = client.get("/my/modules").get_data(as_text=True)
    assert f"/modules/{module.id}/delete" in html and "data-confirm" in html
    module_id = module.id
    assert client.post(f"/modules/{module_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Module, module_id) is None


def test_a_published_module_cannot_be_deleted(client, db, login_as):
    module = make_live_module()
    login_as(module.author)
    assert f"/modules/{module.id}/delete" not in client.get("/my/modules").get_data(as_text=True)
    refused = client.delete(f"/api/v1/authoring/modules/{module.id}")
    assert refused.status_code in (404, 405, 409)
    assert db.session.get(Module, module.id) is not None


def test_duplicate_title_is_pointed_out_on_the_form_and_in_the_api(client, db, login_as):
    live = make_live_module(title="Onboarding checklist")
    writer = make_module().author
    login_as(writer)
    answer = client.post(
        "/api/v1/authoring/modules",
        json={
            "title": "  onboarding   Checklist ",
            "summary": "Same words.",
            "body_markdown": "Some words here.",
        },
    )
    assert answer.status_code == 201
    warnings = answer.get_json()["warnings"]
    assert any(f"/m/{live.slug}" in w and "already titled" in w for w in warnings)
    mine = answer.get_json()["id"]
    html = client.get(f"/modules/{mine}/edit").get_data(as_text=True)
    assert "Another module is already titled" in html


def test_a_decision_says_what_it_earned_the_reviewer(client, db, login_as):
    reviewer = make_reviewer()
    module = make_module(title="Paying reviews")
    first = submit_module(module)
    form = {f"rubric-{c.key}": "4" for c in rubric_criteria()}
    login_as(reviewer)
    client.post(f"/review/submissions/{first.id}/claim")
    sent_back = client.post(
        f"/api/v1/review/submissions/{first.id}/decision",
        json={"decision": "request_changes", "comment": "One more example, please."},
    ).get_json()
    assert sent_back["awarded"]["points"] == 0
    assert "Requesting changes earns no points" in sent_back["awarded"]["messages"][0]
    save_draft(module.author, module, {"summary": "Now with an example."})
    second = submit(module.author, module)
    db.session.commit()
    client.post(f"/review/submissions/{second.id}/claim")
    done = client.post(
        f"/review/submissions/{second.id}",
        data={**form, "decision": "approve", "comment": "Good."},
    )
    assert done.status_code == 302
    queue = client.get(done.location).get_data(as_text=True)
    assert "You earned +5 Decided a review." in queue


def test_the_reviewer_never_compares_with_a_withdrawn_revision(client, db, login_as):
    """Published rev 1; rev 2 submitted and withdrawn; rev 3 submitted: the reviewer must
    see everything since what readers have (rev 1), not only rev 2 → rev 3."""
    reviewer = make_reviewer()
    module = make_live_module(title="Naming things")
    author = module.author
    unreviewed = module.current_revision.body_markdown + "\n\nA claim nobody has reviewed yet."
    save_draft(author, module, {"body_markdown": unreviewed})
    submit(author, module)
    withdraw(author, module)
    save_draft(author, module, {"body_markdown": unreviewed + " And a small change."})
    third = submit(author, module)
    db.session.commit()
    login_as(reviewer)
    api = client.get(f"/api/v1/review/submissions/{third.id}").get_json()
    assert api["compared_with"]["number"] == 1
    assert "A claim nobody has reviewed yet" in api["diff_html"]
