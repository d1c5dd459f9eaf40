"""Browser sessions end server-side (issue 14): a signed-out session's cookies, replayed,
sign nobody in; "sign out everywhere" ends them all; the remember-me cookie is SameSite."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from peerlearn.accounts.models import UserSession
from tests.factories import DEFAULT_PASSWORD, make_token, make_user


def _sign_in(client: FlaskClient, email: str, remember: bool = True) -> Any:
    data = {"email": email, "password": DEFAULT_PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/sign-in", data=data)
    assert response.status_code == 302
    return response


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/account/profile").status_code == 200


def _replay(app: Any, **cookies: str) -> FlaskClient:
    """A fresh browser holding copies of ``cookies``."""
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


def test_signed_out_session_and_remember_cookies_do_not_sign_in_again(app, client, db):
    make_user(email="kim@example.com")
    _sign_in(client, "kim@example.com")
    session_cookie = client.get_cookie("session").value
    remember_cookie = client.get_cookie("remember_token").value
    assert _signed_in(_replay(app, session=session_cookie))
    assert _signed_in(_replay(app, remember_token=remember_cookie))

    assert client.post("/sign-out").status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(_replay(app, session=session_cookie))
    assert not _signed_in(_replay(app, remember_token=remember_cookie))
    assert not _signed_in(_replay(app, session=session_cookie, remember_token=remember_cookie))
    assert db.session.query(UserSession).count() == 0


def test_signing_out_one_browser_keeps_the_others(app, client, db):
    make_user(email="kim@example.com")
    laptop, phone = client, app.test_client()
    _sign_in(laptop, "kim@example.com")
    _sign_in(phone, "kim@example.com")
    laptop.post("/sign-out")
    assert not _signed_in(laptop)
    assert _signed_in(phone)


def test_sign_out_everywhere_from_the_profile(app, client, db):
    make_user(email="kim@example.com")
    laptop, phone = client, app.test_client()
    _sign_in(laptop, "kim@example.com")
    _sign_in(phone, "kim@example.com")
    remembered = phone.get_cookie("remember_token").value
    assert b"Sign out everywhere" in laptop.get("/account/profile").data
    response = laptop.post("/account/sign-out-everywhere")
    assert response.headers["Location"] == "/sign-in"
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert not _signed_in(_replay(app, remember_token=remembered))


def test_sign_out_everywhere_through_the_api_keeps_tokens(app, client, db):
    user = make_user(email="kim@example.com")
    _, token = make_token(user)
    _sign_in(client, "kim@example.com")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.delete("/api/v1/me/sessions", headers=headers).status_code == 204
    assert not _signed_in(client)
    assert api.get("/api/v1/me", headers=headers).status_code == 200


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, db):
    make_user(email="kim@example.com")
    phone = app.test_client()
    _sign_in(client, "kim@example.com")
    _sign_in(phone, "kim@example.com")
    response = client.post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "new_password": "another-long-password",
            "confirm": "another-long-password",
        },
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(phone)
    client.post("/sign-out")
    assert not _signed_in(client)


def test_remember_cookie_is_samesite_lax_httponly_and_secure_when_configured(app, client, db):
    make_user(email="kim@example.com")
    response = _sign_in(client, "kim@example.com")
    [remember] = [c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c]
    assert "SameSite=Lax" in remember
    assert "HttpOnly" in remember
    assert "Secure" not in remember
    client.post("/sign-out")
    app.config["REMEMBER_COOKIE_SECURE"] = True
    response = _sign_in(client, "kim@example.com")
    [remember] = [c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c]
    assert "Secure" in remember


def test_signing_in_and_changing_the_password_commit_once(client, db):
    """One request, one transaction: the session row commits with the sign-in it belongs
    to (a second commit could land half a sign-in)."""
    from sqlalchemy import event

    user = make_user(email="one@example.com")
    commits: list[int] = []

    def count(_session: Any) -> None:
        commits.append(1)

    event.listen(db.session, "after_commit", count)
    try:
        assert _sign_in(client, "one@example.com").status_code == 302
        assert len(commits) == 1
        commits.clear()
        new = {"current_password": DEFAULT_PASSWORD, "new_password": "another long passphrase"}
        changed = client.post("/account/password", data={**new, "confirm": new["new_password"]})
        assert changed.status_code == 302 and len(commits) == 1
    finally:
        event.remove(db.session, "after_commit", count)
    assert _signed_in(client) and user.id
