"""Profile, password change, deactivation and CSRF on the account pages."""

from __future__ import annotations

import re

from tests.factories import DEFAULT_PASSWORD, make_department, make_token, make_user


def test_profile_update(client, db, login_as):
    department = make_department("Finance")
    user = make_user()
    login_as(user)
    response = client.post(
        "/account/profile",
        data={
            "display_name": "  Kim   Lee ",
            "department_id": str(department.id),
            "timezone": "Europe/Berlin",
            "leaderboard_visibility": "anonymous",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert (user.display_name, user.department_id, user.timezone) == (
        "Kim Lee",
        department.id,
        "Europe/Berlin",
    )
    assert user.leaderboard_visibility == "anonymous"


def test_profile_rejects_unknown_choices_and_changes_nothing(client, db, login_as):
    user = make_user(display_name="Kim")
    login_as(user)
    response = client.post(
        "/account/profile",
        data={
            "display_name": "Changed",
            "department_id": "",
            "timezone": "Mars/Olympus",
            "leaderboard_visibility": "everyone",
        },
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.display_name == "Kim"


def test_change_password_ends_other_sessions(app, client, db, login_as):
    user = make_user(email="kim@example.com")
    other_device = app.test_client()
    other_device.post("/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD})
    assert other_device.get("/account/profile").status_code == 200
    login_as(user)

    wrong = client.post(
        "/account/password",
        data={
            "current_password": "wrong",
            "new_password": "a-new-password",
            "confirm": "a-new-password",
        },
    )
    assert "Your current password is not correct." in wrong.get_data(as_text=True)

    ok = client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": "a-new-password",
            "confirm": "a-new-password",
        },
    )
    assert ok.status_code == 302
    assert client.get("/account/profile").status_code == 200  # this session continues
    assert other_device.get("/account/profile").status_code == 302  # the other one ended
    client.post("/sign-out")
    response = client.post(
        "/sign-in", data={"email": "kim@example.com", "password": "a-new-password"}
    )
    assert response.status_code == 302


def test_deactivation_ends_sessions_and_tokens_and_keeps_the_account(app, client, db, login_as):
    admin = make_user("admin")
    user = make_user(email="kim@example.com")
    _, raw = make_token(user)
    device = app.test_client()
    device.post("/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD})
    assert device.get("/api/v1/me").status_code == 200
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200

    login_as(admin)
    response = client.post(
        f"/admin/users/{user.id}",
        data={
            "display_name": user.display_name,
            "role": "employee",
            "department_id": "",
            "timezone": "UTC",
            "leaderboard_visibility": "public",
            # "active" unchecked
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.active is False
    assert device.get("/api/v1/me").status_code == 401
    assert (
        app.test_client().get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 401
    )
    assert db.session.get(type(user), user.id) is not None


def test_admin_cannot_deactivate_or_demote_themselves(client, db, login_as):
    admin = make_user("admin", display_name="Ada")
    login_as(admin)
    response = client.post(
        f"/admin/users/{admin.id}",
        data={
            "display_name": "Ada",
            "role": "employee",
            "department_id": "",
            "timezone": "UTC",
            "leaderboard_visibility": "public",
            "active": "y",
        },
    )
    assert "You cannot demote or deactivate yourself." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_forms_reject_posts_without_a_valid_csrf_token(app, client, db, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user(email="kim@example.com", display_name="Kim")
    response = client.post(
        "/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)

    token = _csrf(client.get("/sign-in").get_data(as_text=True))
    response = client.post(
        "/sign-in",
        data={"email": "kim@example.com", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302

    for path, data in [
        (
            "/account/profile",
            {"display_name": "Hacked", "timezone": "UTC", "leaderboard_visibility": "public"},
        ),
        ("/account/tokens", {"name": "sneaky"}),
        ("/sign-out", {}),
    ]:
        assert client.post(path, data=data).status_code == 400, path
        assert client.post(path, data={**data, "csrf_token": "forged"}).status_code == 400, path
    db.session.refresh(user)
    assert user.display_name == "Kim"
    assert client.get("/account/profile").status_code == 200  # still signed in


def test_session_api_writes_need_the_csrf_header_but_tokens_do_not(app, client, db, login_as):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user(display_name="Kim")
    _, raw = make_token(user)
    login_as(user)
    response = client.patch("/api/v1/me", json={"display_name": "Hacked"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    html = client.get("/").get_data(as_text=True)
    header_token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
    response = client.patch(
        "/api/v1/me", json={"display_name": "Kim Lee"}, headers={"X-CSRFToken": header_token}
    )
    assert response.status_code == 200
    bearer = app.test_client().patch(
        "/api/v1/me", json={"display_name": "Kim B"}, headers={"Authorization": f"Bearer {raw}"}
    )
    assert bearer.status_code == 200
    assert bearer.get_json()["display_name"] == "Kim B"


def test_the_profile_page_offers_my_data(client, db, login_as):
    login_as(make_user())
    page = client.get("/account/profile").get_data(as_text=True)
    assert 'href="/reports/my-data"' in page
    with client.get("/reports/my-data") as download:
        assert download.status_code == 200
        assert download.headers["Content-Disposition"].startswith("attachment")
