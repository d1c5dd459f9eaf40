"""The JSON API: tokens, /me, users, departments, pagination and the error envelope."""

from __future__ import annotations

from datetime import timedelta

from peerlearn.accounts import services
from peerlearn.accounts.models import ApiToken, Department, User
from peerlearn.events import utcnow
from tests.factories import DEFAULT_PASSWORD, make_department, make_token, make_user


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def assert_envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


def test_token_lifecycle_create_use_revoke(client, db, login_as):
    user = make_user(display_name="Kim")
    login_as(user)
    created = client.post("/api/v1/tokens", json={"name": "reporting script"})
    assert created.status_code == 201
    body = created.get_json()
    raw = body["token"]
    assert raw.startswith("pl_") and len(raw) > 40
    assert body["prefix"] == raw[:10]
    stored = db.session.get(ApiToken, body["id"])
    assert raw not in stored.token_hash and len(stored.token_hash) == 64

    listed = client.get("/api/v1/tokens").get_json()
    assert [t["name"] for t in listed["items"]] == ["reporting script"]
    assert "token" not in listed["items"][0]
    assert listed["items"][0]["last_used_at"] is None

    anonymous = client.application.test_client()
    me = anonymous.get("/api/v1/me", headers=bearer(raw))
    assert me.status_code == 200
    assert me.get_json()["display_name"] == "Kim"
    db.session.refresh(stored)
    assert stored.last_used_at is not None

    assert client.delete(f"/api/v1/tokens/{body['id']}").status_code == 204
    assert_envelope(anonymous.get("/api/v1/me", headers=bearer(raw)), 401, "unauthorized")
    assert client.delete(f"/api/v1/tokens/{body['id']}").status_code == 204  # idempotent


def test_last_used_is_not_rewritten_on_every_request(client, db):
    user = make_user()
    token, raw = make_token(user)
    earlier = utcnow() - timedelta(seconds=20)
    token.last_used_at = earlier
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(raw))
    db.session.refresh(token)
    assert token.last_used_at == earlier
    token.last_used_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    client.get("/api/v1/me", headers=bearer(raw))
    db.session.refresh(token)
    assert token.last_used_at > utcnow() - timedelta(seconds=30)


def test_someone_elses_token_cannot_be_revoked(client, db, login_as):
    owner = make_user()
    token, raw = make_token(owner)
    login_as(make_user())
    assert_envelope(client.delete(f"/api/v1/tokens/{token.id}"), 404, "not_found")
    assert client.get("/api/v1/me", headers=bearer(raw)).get_json()["id"] == owner.id


def test_bad_tokens_are_401_even_with_a_session(client, db, login_as):
    login_as(make_user())
    for header in ("Bearer pl_unknown", "Bearer ", "Basic dXNlcjpwYXNz", "pl_no_scheme"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert_envelope(response, 401, "unauthorized")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_page_shows_the_secret_once(client, db, login_as):
    user = make_user()
    login_as(user)
    page = client.post("/account/tokens", data={"name": "laptop"}).get_data(as_text=True)
    token = db.session.query(ApiToken).one()
    assert "only once" in page
    assert token.prefix in page
    again = client.get("/account/tokens").get_data(as_text=True)
    assert "only once" not in again
    assert "laptop" in again
    client.post(f"/account/tokens/{token.id}/revoke")
    db.session.refresh(token)
    assert token.revoked_at is not None


def test_me_update_and_validation(client, db, login_as):
    department = make_department("Finance")
    user = make_user()
    login_as(user)
    response = client.patch(
        "/api/v1/me",
        json={"display_name": "Kim Lee", "department_id": department.id, "timezone": "Asia/Tokyo"},
    )
    assert response.status_code == 200
    assert response.get_json()["department"] == {"id": department.id, "name": "Finance"}

    error = assert_envelope(
        client.patch(
            "/api/v1/me",
            json={"timezone": "Mars/Base", "leaderboard_visibility": "loud", "role": "admin"},
        ),
        422,
        "invalid",
    )
    assert set(error["fields"]) == {"timezone", "leaderboard_visibility", "role"}
    error = assert_envelope(
        client.patch("/api/v1/me", json={"department_id": 999_999}), 422, "invalid"
    )
    assert error["fields"] == {"department_id": ["No such department."]}
    db.session.refresh(user)
    assert (user.role, user.timezone, user.department_id) == (
        "employee",
        "Asia/Tokyo",
        department.id,
    )


def test_change_password_through_the_api(client, db, login_as):
    user = make_user()
    login_as(user)
    error = assert_envelope(
        client.post(
            "/api/v1/me/password",
            json={"current_password": DEFAULT_PASSWORD, "new_password": "short"},
        ),
        422,
        "invalid",
    )
    assert "new_password" in error["fields"]
    ok = client.post(
        "/api/v1/me/password",
        json={"current_password": DEFAULT_PASSWORD, "new_password": "a-much-longer-one"},
    )
    assert ok.status_code == 204


def test_error_envelope_for_404_405_malformed_json_and_500(app, client, db, login_as, monkeypatch):
    login_as(make_user("admin"))
    assert_envelope(client.get("/api/v1/nothing-here"), 404, "not_found")
    assert_envelope(client.get("/api/v1/users/424242"), 404, "not_found")
    response = client.put("/api/v1/me")
    assert_envelope(response, 405, "method_not_allowed")
    assert {"GET", "PATCH"} <= {m.strip() for m in response.headers["Allow"].split(",")}
    broken = client.patch("/api/v1/me", data="{not json", content_type="application/json")
    assert_envelope(broken, 400, "bad_request")
    not_object = client.patch("/api/v1/me", json=[1, 2])
    assert not_object.status_code in (400, 422)
    assert "error" in not_object.get_json()

    def boom():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services, "list_departments", boom)
    error = assert_envelope(client.get("/api/v1/departments"), 500, "internal_server_error")
    assert "secret internals" not in error["message"]


def test_html_pages_get_friendly_error_pages(client, db, login_as, monkeypatch):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "We can&#39;t find that page" in response.get_data(as_text=True)
    login_as(make_user())
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "You don&#39;t have access to this page" in response.get_data(as_text=True)

    def boom():
        raise RuntimeError("secret internals")

    monkeypatch.setattr("peerlearn.accounts.forms.list_departments", boom)
    response = client.get("/account/profile")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in body
    assert "secret internals" not in body and "Traceback" not in body


def test_users_search_and_pagination(client, db, login_as):
    sales = make_department("Sales")
    login_as(make_user("admin", display_name="Ada Admin"))
    for n in range(7):
        make_user(display_name=f"Sales Person {n}", department=sales)
    make_user("reviewer", display_name="Riley Reviewer", email="riley@example.com")

    page = client.get("/api/v1/users", query_string={"per_page": 3, "page": 2}).get_json()
    assert (page["page"], page["per_page"], page["total"], page["pages"]) == (2, 3, 9, 3)
    assert len(page["items"]) == 3
    beyond = client.get("/api/v1/users", query_string={"per_page": 3, "page": 9}).get_json()
    assert beyond["items"] == [] and beyond["total"] == 9

    by_email = client.get("/api/v1/users", query_string={"q": "RILEY@"}).get_json()
    assert [u["display_name"] for u in by_email["items"]] == ["Riley Reviewer"]
    by_role = client.get("/api/v1/users", query_string={"role": "reviewer"}).get_json()
    assert by_role["total"] == 1
    by_dept = client.get("/api/v1/users", query_string={"department_id": sales.id}).get_json()
    assert by_dept["total"] == 7
    tricky = client.get("/api/v1/users", query_string={"q": "%_'\"; drop table user;--"})
    assert tricky.status_code == 200 and tricky.get_json()["total"] == 0

    error = assert_envelope(
        client.get("/api/v1/users", query_string={"per_page": 1000, "page": 0}),
        422,
        "invalid",
    )
    assert set(error["fields"]) == {"per_page", "page"}


def test_admin_changes_role_department_and_deactivates(client, db, login_as):
    ops = make_department("Ops")
    login_as(make_user("admin"))
    user = make_user()
    _, raw = make_token(user)
    response = client.patch(
        f"/api/v1/users/{user.id}",
        json={"role": "reviewer", "department_id": ops.id, "active": False},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["role"], body["department"]["name"], body["active"]) == ("reviewer", "Ops", False)
    assert (
        client.application.test_client().get("/api/v1/me", headers=bearer(raw)).status_code == 401
    )
    assert db.session.get(User, user.id) is not None


def test_departments_crud(client, db, login_as):
    login_as(make_user("admin"))
    created = client.post("/api/v1/departments", json={"name": "  Legal  "})
    assert created.status_code == 201
    dept_id = created.get_json()["id"]
    assert created.get_json()["name"] == "Legal"
    assert_envelope(client.post("/api/v1/departments", json={"name": "legal"}), 409, "conflict")
    assert_envelope(client.post("/api/v1/departments", json={}), 422, "invalid")
    renamed = client.patch(f"/api/v1/departments/{dept_id}", json={"name": "Legal & Compliance"})
    assert renamed.get_json()["name"] == "Legal & Compliance"
    member = make_user(department=db.session.get(Department, dept_id))
    assert_envelope(client.delete(f"/api/v1/departments/{dept_id}"), 409, "conflict")
    member.department_id = None
    db.session.commit()
    assert client.delete(f"/api/v1/departments/{dept_id}").status_code == 204
    assert client.get("/api/v1/departments").get_json() == []
    assert_envelope(client.delete(f"/api/v1/departments/{dept_id}"), 404, "not_found")


def test_an_endpoint_that_takes_a_body_requires_one(client, db, login_as):
    login_as(make_user("admin"))
    error = assert_envelope(client.patch("/api/v1/me"), 400, "bad_request")
    assert "JSON" in error["message"]
    assert_envelope(client.post("/api/v1/departments"), 400, "bad_request")
    assert client.patch("/api/v1/me", json={}).status_code == 200


def test_huge_ids_and_unicode_names_are_answered_not_crashed(client, db, login_as):
    login_as(make_user("admin"))
    assert_envelope(client.get("/api/v1/users/27584653571956719616"), 404, "not_found")
    error = assert_envelope(
        client.patch("/api/v1/me", json={"department_id": 27692415517855158531784704}),
        422,
        "invalid",
    )
    assert "department_id" in error["fields"]
    first = client.post("/api/v1/departments", json={"name": "Équipe Ünïcode"})
    assert first.status_code == 201
    assert_envelope(
        client.post("/api/v1/departments", json={"name": "équipe ünïcode"}), 409, "conflict"
    )
    other = client.post("/api/v1/departments", json={"name": "Other"}).get_json()
    assert_envelope(
        client.patch(f"/api/v1/departments/{other['id']}", json={"name": "ÉQUIPE ÜNÏCODE"}),
        409,
        "conflict",
    )
