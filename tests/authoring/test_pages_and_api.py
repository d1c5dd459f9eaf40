"""The authoring and review pages and the JSON API, end to end through the test client."""

from __future__ import annotations

from sqlalchemy import select

from peerlearn.authoring.models import Submission
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.content.models import Module
from tests.factories import (
    DEFAULT_BODY,
    QUIZ,
    make_module,
    make_reviewer,
    make_user,
    publish_module,
    submit_module,
)


def only_module(db) -> Module:
    return db.session.execute(select(Module)).scalar_one()


def editor_form(**overrides):
    form = {
        "title": "Reading a payslip",
        "summary": "Gross, net, and everything in between.",
        "body_markdown": DEFAULT_BODY + "\n\nSee [[tax-codes]].",
        "tags": "Payroll, HR basics",
        "pass_mark": "70",
        "q-0-kind": "single",
        "q-0-prompt": "Which is larger?",
        "q-0-choice-0": "Gross pay",
        "q-0-choice-1": "Net pay",
        "q-0-correct": "0",
        "q-0-explanation": "Deductions come off gross pay.",
        "action": "save",
    }
    form.update(overrides)
    return form


def test_author_writes_saves_and_submits_through_the_pages(client, db, login_as):
    login_as(make_user())
    page = client.get("/write")
    assert page.status_code == 200 and b"Write a module" in page.data
    response = client.post("/write", data=editor_form())
    assert response.status_code == 302
    module = only_module(db)
    assert [t.name for t in module.tags] == ["hr basics", "payroll"]
    assert module.draft_revision.quiz["questions"][0]["choices"] == ["Gross pay", "Net pay"]
    edit = client.get(response.headers["Location"])
    assert b"[[tax-codes]] links to a module that does not exist" in edit.data
    assert b'class="module-link"' in edit.data  # the preview, rendered on the server

    submitted = client.post(f"/modules/{module.id}/edit", data=editor_form(action="submit"))
    assert submitted.status_code == 302
    db.session.expire_all()
    assert only_module(db).state == "in_review"
    mine = client.get("/my/modules")
    assert b"Reading a payslip" in mine.data and b"In review (1)" in mine.data


def test_quiz_mistakes_show_on_their_question_and_nothing_is_saved(client, db, login_as):
    login_as(make_user())
    response = client.post("/write", data=editor_form(**{"q-0-correct": ""}))
    assert response.status_code == 422
    assert b"Mark the correct answer." in response.data
    assert b'value="Which is larger?"' in response.data  # what was typed is kept
    assert db.session.execute(select(Module)).first() is None


def test_a_refused_submission_keeps_the_save(client, db, login_as):
    login_as(make_user())
    response = client.post("/write", data=editor_form(summary="", action="submit"))
    assert response.status_code == 302
    module = only_module(db)
    assert module.state == "draft" and module.draft_revision.title == "Reading a payslip"


def test_reviewer_claims_and_requests_changes_on_the_pages(client, db, login_as):
    module = make_module(quiz=QUIZ)
    submission = submit_module(module)
    login_as(make_reviewer())
    queue = client.get("/review")
    assert queue.status_code == 200 and module.draft_revision.title.encode() in queue.data
    assert client.post(f"/review/submissions/{submission.id}/claim").status_code == 302
    page = client.get(f"/review/submissions/{submission.id}")
    assert b"Request changes" in page.data and b"Why: Because the lesson says so." in page.data
    missing = client.post(
        f"/review/submissions/{submission.id}", data={"decision": "request_changes"}
    )
    assert missing.status_code == 422 and b"Tell the author what to change" in missing.data
    rubric = {f"rubric-{c.key}": "3" for c in rubric_criteria()}
    done = client.post(
        f"/review/submissions/{submission.id}",
        data={"decision": "request_changes", "comment": "Add a real example.", **rubric},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Module, module.id).state == "changes_requested"


def test_the_reader_page_shows_backlinks_and_the_outdated_banner(client, db, login_as):
    from datetime import date, timedelta

    target = publish_module(slug="expense-policy", title="Expense policy")
    publish_module(title="Travel booking", body=DEFAULT_BODY + " See [[expense-policy]].")
    target.review_by = date.today() - timedelta(days=1)
    db.session.commit()
    login_as(make_user())
    page = client.get("/m/expense-policy")
    assert page.status_code == 200
    assert b"Referenced by" in page.data and b"Travel booking" in page.data
    assert b"may be outdated" in page.data
    assert client.get(f"/m/{make_module().slug}").status_code == 404  # drafts are not public


def test_api_draft_lifecycle_and_errors(client, db, login_as):
    login_as(make_user())
    created = client.post(
        "/api/v1/authoring/modules",
        json={"title": "SQL joins", "summary": "Inner and outer.", "body_markdown": DEFAULT_BODY},
    )
    assert created.status_code == 201, created.get_json()
    module_id = created.get_json()["id"]
    bad = client.patch(
        f"/api/v1/authoring/modules/{module_id}",
        json={"quiz": {"questions": [{"kind": "single", "prompt": "?", "choices": ["a", "a"]}]}},
    )
    assert bad.status_code == 422
    error = bad.get_json()["error"]
    assert {"quiz.questions.0.choices", "quiz.questions.0.correct"} <= set(error["fields"])
    saved = client.patch(f"/api/v1/authoring/modules/{module_id}", json={"quiz": QUIZ})
    assert saved.get_json()["draft"]["quiz"]["pass_mark"] == 70
    submitted = client.post(f"/api/v1/authoring/modules/{module_id}/submit")
    assert submitted.get_json()["state"] == "pending"
    again = client.post(f"/api/v1/authoring/modules/{module_id}/submit")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    assert client.post(f"/api/v1/authoring/modules/{module_id}/withdraw").status_code == 200
    client.patch(f"/api/v1/authoring/modules/{module_id}", json={"title": "SQL joins, simply"})
    revisions = client.get(f"/api/v1/authoring/modules/{module_id}/revisions").get_json()
    assert [r["number"] for r in revisions] == [2, 1]
    diff = client.get(f"/api/v1/authoring/modules/{module_id}/diff").get_json()
    title = next(s for s in diff["sections"] if s["name"] == "Title")
    assert [line["kind"] for line in title["lines"]] == ["removed", "added"]
    assert "SQL joins, simply" in diff["html"]


def test_api_preview_sanitizes(client, db, login_as):
    login_as(make_user())
    response = client.post(
        "/api/v1/authoring/preview",
        json={"body_markdown": "# Hi\n\n<script>x</script> [a](javascript:alert(1))"},
    )
    body = response.get_json()
    assert "<h1>Hi</h1>" in body["html"] and "<script" not in body["html"]
    assert "javascript:" not in body["html"].replace("[a](javascript:alert(1))", "")
    assert body["estimated_minutes"] == 1


def test_api_review_flow(client, db, login_as):
    author = make_user()
    submission = submit_module(make_module(author))
    login_as(make_reviewer())
    queue = client.get("/api/v1/review/queue").get_json()
    assert [item["id"] for item in queue["items"]] == [submission.id]
    assert client.post(f"/api/v1/review/submissions/{submission.id}/claim").status_code == 200
    incomplete = client.post(
        f"/api/v1/review/submissions/{submission.id}/decision",
        json={"decision": "approve", "rubric": {"accuracy": 5}},
    )
    assert incomplete.status_code == 422
    assert "rubric.clarity" in incomplete.get_json()["error"]["fields"]
    scores = {c.key: 5 for c in rubric_criteria()}
    decided = client.post(
        f"/api/v1/review/submissions/{submission.id}/decision",
        json={"decision": "approve", "rubric": scores, "official": True},
    )
    assert decided.status_code == 201 and decided.get_json()["decision"] == "approve"
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).module.origin == "official"
    health = client.get("/api/v1/review/health").get_json()
    assert health["module_states"]["published"] == 1 and health["pending"] == 0
