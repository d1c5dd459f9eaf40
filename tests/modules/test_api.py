"""The learning API under /api/v1: the same services, the error envelope, the OpenAPI doc."""

from __future__ import annotations

from tests.factories import (
    QUIZ_ALL_KINDS,
    make_comment,
    make_live_module,
    make_path,
    make_reviewer,
    make_token,
    make_user,
)


def test_search_and_detail(app, client, login_as):
    module = make_live_module(title="Incident postmortems", tags=("ops",))
    make_live_module(title="Other")
    login_as(make_user())
    page = client.get("/api/v1/modules?q=postmortem&per_page=5").get_json()
    assert page["total"] == 1 and page["pages"] == 1
    item = page["items"][0]
    assert item["title"] == "Incident postmortems" and item["tags"] == ["ops"]
    assert set(item["stats"]) == {
        "readers",
        "completions",
        "completions_30d",
        "claps",
        "completion_rate",
    }
    assert client.get("/api/v1/modules?q=" + "%27" * 600).status_code == 422  # over 500 chars
    assert client.get("/api/v1/modules?sort=nope").status_code == 422
    assert client.get("/api/v1/modules?q=%22%28NEAR").status_code == 200
    detail = client.get(f"/api/v1/modules/{module.id}").get_json()
    assert "<h2>" in detail["body_html"] and detail["me"]["viewed"] is False
    missing = client.get("/api/v1/modules/999999")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_read_complete_clap_bookmark_with_a_token(app, client, reading_clock):
    module = make_live_module()
    reader = make_user()
    _, raw = make_token(reader)
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.post(f"/api/v1/modules/{module.id}/views", headers=auth).status_code == 201
    reading_clock.advance(70)
    reading = client.post(
        f"/api/v1/modules/{module.id}/reading", json={"seconds": 61.5}, headers=auth
    )
    assert reading.get_json()["visible_seconds"] == 61.5
    bad = client.post(f"/api/v1/modules/{module.id}/reading", json={"seconds": -1}, headers=auth)
    assert bad.status_code == 422 and "seconds" in bad.get_json()["error"]["fields"]
    done = client.post(f"/api/v1/modules/{module.id}/completion", headers=auth).get_json()
    assert done["reading_seconds"] == 61.5 and done["method"] == "button"
    again = client.post(f"/api/v1/modules/{module.id}/completion", headers=auth).get_json()
    assert again["completed_at"] == done["completed_at"]
    clap = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 49}, headers=auth)
    answer = clap.get_json()
    assert {k: answer[k] for k in ("added", "mine", "total", "cap")} == {
        "added": 49,
        "mine": 49,
        "total": 49,
        "cap": 50,
    }
    clap = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 5}, headers=auth)
    assert clap.get_json()["added"] == 1
    full = client.post(f"/api/v1/modules/{module.id}/claps", json={}, headers=auth)
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "conflict"
    put = client.put(f"/api/v1/modules/{module.id}/bookmark", headers=auth)
    assert put.get_json() == {"bookmarked": True}
    mine = client.get("/api/v1/learning/me", headers=auth).get_json()
    assert [b["module"]["id"] for b in mine["bookmarks"]] == [module.id]
    assert mine["completed"][0]["module"]["id"] == module.id and mine["in_progress"] == []
    client.delete(f"/api/v1/modules/{module.id}/bookmark", headers=auth)
    assert client.get("/api/v1/learning/me", headers=auth).get_json()["bookmarks"] == []


def test_quiz_api(app, client, login_as):
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    plain = make_live_module()
    login_as(make_user())
    assert client.get(f"/api/v1/modules/{plain.id}/quiz").status_code == 404
    done = client.post(f"/api/v1/modules/{module.id}/completion")
    assert done.status_code == 422  # pass the quiz instead
    wrong_shape = client.post(f"/api/v1/modules/{module.id}/quiz/attempts", json={"answers": [[1]]})
    assert wrong_shape.status_code == 422
    assert "answers" in wrong_shape.get_json()["error"]["fields"]
    result = client.post(
        f"/api/v1/modules/{module.id}/quiz/attempts", json={"answers": [[1], [0, 1, 3], [1]]}
    )
    body = result.get_json()
    assert result.status_code == 201 and body["passed"] and body["score"] == 100
    assert body["results"][1]["correct"] == [0, 1, 3]
    assert body["completion"]["score"] == 100
    status = client.get(f"/api/v1/modules/{module.id}/quiz").get_json()["status"]
    assert status["passed"] and not status["can_attempt"]


def test_comment_api_permissions(app, client, login_as):
    author = make_user()
    module = make_live_module(author)
    writer = make_user()
    login_as(writer)
    created = client.post(f"/api/v1/modules/{module.id}/comments", json={"body": "Q?"})
    comment_id = created.get_json()["id"]
    reply = client.post(
        f"/api/v1/modules/{module.id}/comments", json={"body": "A.", "parent_id": comment_id}
    )
    assert reply.get_json()["parent_id"] == comment_id
    listed = client.get(f"/api/v1/modules/{module.id}/comments").get_json()
    assert [len(c["replies"]) for c in listed] == [1]
    assert client.patch(f"/api/v1/comments/{comment_id}", json={"body": "Q!"}).status_code == 200
    assert client.post(f"/api/v1/comments/{comment_id}/helpful", json={}).status_code == 403
    assert (
        client.post(f"/api/v1/comments/{comment_id}/hide", json={"reason": "x"}).status_code == 403
    )
    login_as(make_user())
    assert client.patch(f"/api/v1/comments/{comment_id}", json={"body": "X"}).status_code == 403
    assert client.delete(f"/api/v1/comments/{comment_id}").status_code == 403
    login_as(author)
    helpful = client.post(f"/api/v1/comments/{comment_id}/helpful", json={})
    assert helpful.get_json()["helpful"] is True
    login_as(make_reviewer())
    hidden = client.post(f"/api/v1/comments/{comment_id}/hide", json={"reason": "Off topic"})
    assert hidden.get_json()["hidden"] is True and hidden.get_json()["body_html"] != ""
    login_as(writer)
    seen = client.get(f"/api/v1/modules/{module.id}/comments").get_json()[0]
    assert seen["hidden"] and seen["body_html"] == "" and seen["hidden_reason"] == "Off topic"
    assert client.delete(f"/api/v1/comments/{make_comment(module, writer).id}").status_code == 204


def test_paths_api(app, client, login_as):
    a, b = make_live_module(), make_live_module()
    owner = make_user()
    login_as(owner)
    created = client.post(
        "/api/v1/paths", json={"title": "Path", "description": "D", "module_ids": [a.id, b.id]}
    )
    assert created.status_code == 201
    path_id = created.get_json()["id"]
    bad = client.post("/api/v1/paths", json={"title": "X", "module_ids": [999999]})
    assert bad.status_code == 422 and "module_ids" in bad.get_json()["error"]["fields"]
    renamed = client.patch(f"/api/v1/paths/{path_id}", json={"title": "Renamed"})
    assert renamed.get_json()["title"] == "Renamed"
    login_as(make_user())
    assert client.patch(f"/api/v1/paths/{path_id}", json={"title": "No"}).status_code == 403
    followed = client.put(f"/api/v1/paths/{path_id}/follow").get_json()
    assert followed["following"] and followed["progress"] == {
        "done": 0,
        "total": 2,
        "percent": 0,
        "complete": False,
    }
    client.post(f"/api/v1/modules/{a.id}/completion")
    assert client.get(f"/api/v1/paths/{path_id}").get_json()["progress"]["percent"] == 50
    listing = client.get("/api/v1/paths?q=renam").get_json()
    assert listing["total"] == 1 and listing["items"][0]["follower_count"] == 1
    assert client.delete(f"/api/v1/paths/{path_id}/follow").get_json()["following"] is False
    login_as(owner)
    assert client.delete(f"/api/v1/paths/{path_id}").status_code == 204
    assert client.get(f"/api/v1/paths/{path_id}").status_code == 404


def test_author_and_tags(app, client, login_as):
    author = make_user()
    make_live_module(author, tags=("ops", "security"))
    make_path(author)
    login_as(make_user())
    body = client.get(f"/api/v1/learning/authors/{author.id}").get_json()
    assert body["totals"]["modules"] == 1 and body["author"]["id"] == author.id
    assert client.get("/api/v1/learning/authors/999999").status_code == 404
    tags = {t["name"]: t["modules"] for t in client.get("/api/v1/learning/tags").get_json()}
    assert tags["security"] == 1


def test_everything_is_in_the_openapi_document(app, client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/modules",
        "/api/v1/modules/{module_id}/quiz/attempts",
        "/api/v1/modules/{module_id}/claps",
        "/api/v1/comments/{comment_id}/hide",
        "/api/v1/paths/{path_id}/follow",
        "/api/v1/learning/me",
    ):
        assert path in paths, path
    quiz = paths["/api/v1/modules/{module_id}/quiz"]["get"]
    assert "200" in quiz["responses"]
