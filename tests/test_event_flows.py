"""End to end through the real pages and API: services record events, the gamification
engine and the notification subscribers react in the same transaction."""

from __future__ import annotations

from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.gamification.catalog import active_catalog
from tests.factories import make_live_module, make_module, make_reviewer, make_user, submit_module


def _rule_points(key: str) -> int:
    return active_catalog().rule_by_key[key].points


def test_completing_on_the_module_page_puts_the_learner_on_the_leaderboard(
    app, client, login_as, reading_clock
):
    module = make_live_module(title="Pivot tables")
    learner = make_user(display_name="Lena Learner")
    login_as(learner)
    assert client.get(f"/m/{module.slug}").status_code == 200
    assert client.post(f"/m/{module.slug}/view").status_code == 204  # the page's script
    seconds = active_catalog().settings.min_reading_seconds + 60
    reading_clock.advance(seconds)
    assert client.post(f"/m/{module.slug}/reading", data={"seconds": seconds}).status_code == 204
    assert client.post(f"/m/{module.slug}/complete", data={}).status_code == 302

    points = _rule_points("complete")
    board = client.get("/api/v1/leaderboards?board=learners&period=all").get_json()
    rows = [(row["name"], row["points"]) for row in board["top"] if row["is_me"]]
    assert rows == [("Lena Learner", points)]
    page = client.get("/leaderboards?board=learners&period=all").get_data(as_text=True)
    assert "Lena Learner" in page


def test_a_reviewers_approval_pays_and_notifies_the_author(app, client, login_as):
    author = make_user(display_name="Ada Author")
    module = make_module(author, title="Budget basics")
    submission = submit_module(module)
    reviewer = make_reviewer()
    login_as(reviewer)
    assert client.post(f"/review/submissions/{submission.id}/claim").status_code == 302
    scores = {f"rubric-{c.key}": "4" for c in rubric_criteria()}
    response = client.post(
        f"/review/submissions/{submission.id}",
        data={"decision": "approve", "comment": "Clear.", **scores},
    )
    assert response.status_code == 302

    login_as(author)
    me = client.get("/api/v1/gamification/me").get_json()
    assert me["author_points"] == _rule_points("publish")
    history = client.get("/api/v1/gamification/me/history").get_json()["items"]
    assert [(e["rule_key"], e["points"]) for e in history] == [("publish", _rule_points("publish"))]
    listed = client.get("/api/v1/notifications").get_json()["items"]
    by_kind = {n["kind"]: n for n in listed}
    approved = by_kind["module_approved"]
    assert approved["text"] == "“Budget basics” was approved and is live. Thank you!"
    assert approved["link"] == f"/m/{module.slug}"  # the live module, not its history
    assert by_kind["module_claimed"]["link"] == f"/modules/{module.id}/history"
    page = client.get("/notifications").get_data(as_text=True)
    assert f'value="/m/{module.slug}"' in page


def test_a_request_for_changes_links_to_the_editor_through_the_api(app, client, login_as):
    author = make_user()
    module = make_module(author, title="Expenses")
    submission = submit_module(module)
    login_as(make_reviewer())
    response = client.post(
        f"/api/v1/review/submissions/{submission.id}/decision",
        json={"decision": "request_changes", "comment": "Add an example."},
    )
    assert response.status_code == 201
    login_as(author)
    (only,) = client.get("/api/v1/notifications").get_json()["items"]
    assert only["kind"] == "module_changes_requested"
    assert only["text"] == "A reviewer suggests changes to “Expenses”: Add an example."
    assert only["link"] == f"/modules/{module.id}/edit#review-comments"
