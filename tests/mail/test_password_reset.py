"""Password reset by e-mail link: the same answer for every address, throttled, a link that
works once and for an hour, and every other session ends."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

from peerlearn.accounts.models import User
from peerlearn.accounts.password_reset import MAX_AGE_SECONDS, reset_token
from peerlearn.mail.tasks import send_account_exists
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.mail.conftest import parts


def _link(message) -> str:
    text, html = parts(message)
    url = re.search(r"http://localhost:5000(/password/reset/\S+)", text).group(1)
    assert url in html
    return url


def test_the_answer_is_the_same_whether_or_not_the_account_exists(app, db, client, mailbox):
    user = make_user(email="ada@example.com")
    known = client.post("/password/forgot", data={"email": "ADA@example.com"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert [m["To"] for m in mailbox.messages] == [f"{user.display_name} <ada@example.com>"]
    api_known = client.post("/api/v1/password-reset", json={"email": "ada@example.com"})
    api_unknown = client.post("/api/v1/password-reset", json={"email": "no@example.com"})
    assert api_known.status_code == api_unknown.status_code == 202
    assert api_known.get_json() == api_unknown.get_json()
    message = mailbox.messages[0]
    assert message["Subject"] == "Reset your password"
    assert message["List-Unsubscribe"] is None, "an account message is not optional"


def test_the_link_sets_a_password_once_and_ends_other_sessions(app, db, client, mailbox):
    user = make_user(email="ada@example.com")
    old_hash = user.password_hash
    other = app.test_client()
    other.post("/sign-in", data={"email": "ada@example.com", "password": DEFAULT_PASSWORD})
    assert other.get("/account/profile").status_code == 200

    client.post("/password/forgot", data={"email": "ada@example.com"})
    link = _link(mailbox.messages[0])
    assert client.get(link).status_code == 200
    new = "a brand new passphrase"
    response = client.post(link, data={"new_password": new, "confirm": new})
    assert response.status_code == 302 and response.location.endswith("/sign-in")

    assert other.get("/account/profile").status_code == 302, "the other session ended"
    assert b"expired or was already used" in client.get(link).data
    again = client.post(link, data={"new_password": "another one here", "confirm": "x"})
    assert b"expired or was already used" in again.data
    signed_in = client.post("/sign-in", data={"email": "ada@example.com", "password": new})
    assert signed_in.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash != old_hash


def test_the_link_expires_after_an_hour(app, db, client):
    user = make_user()
    with app.test_request_context():
        token = reset_token(user)
    later = __import__("time").time() + MAX_AGE_SECONDS + 60
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        response = client.post(
            "/api/v1/password-reset/confirm",
            json={"token": token, "new_password": "a brand new passphrase"},
        )
    assert response.status_code == 422
    assert "expired" in response.get_json()["error"]["message"]
    ok = client.post(
        "/api/v1/password-reset/confirm",
        json={"token": token, "new_password": "a brand new passphrase"},
    )
    assert ok.status_code == 204


def test_requests_are_throttled(app, db, client, mailbox):
    make_user(email="ada@example.com")
    answers = [
        client.post("/password/forgot", data={"email": "ada@example.com"}).status_code
        for _ in range(6)
    ]
    assert answers == [302] * 5 + [429]
    assert len(mailbox.messages) == 5
    assert timedelta(seconds=MAX_AGE_SECONDS) == timedelta(hours=1)


def test_the_account_exists_message_points_to_sign_in_and_reset(app, db, mailbox):
    """The message sign-up sends an existing account holder."""
    user = make_user(email="ada@example.com")
    send_account_exists.call_local(user.id, "r1")
    send_account_exists.call_local(user.id, "r1")  # a retry: not twice
    [message] = mailbox.messages
    assert message["Subject"] == "You already have an account"
    text, html = parts(message)
    assert "http://localhost:5000/sign-in" in text and "/password/forgot" in html


def test_signing_up_with_a_taken_address_e_mails_its_owner_not_the_visitor(
    app, db, client, mailbox
):
    owner = make_user(email="ada@example.com")
    phrase = "a long enough passphrase"
    fields = {"display_name": "Someone", "password": phrase, "confirm": phrase}
    taken = client.post("/sign-up", data={"email": "ADA@example.com", **fields})
    free = client.post("/sign-up", data={"email": "new@example.com", **fields})
    assert taken.status_code == free.status_code and taken.location == free.location
    [message] = mailbox.messages
    assert message["To"] == f"{owner.display_name} <ada@example.com>"
    assert message["Subject"] == "You already have an account"


def test_a_body_that_is_not_an_object_is_refused_not_a_server_error(app, db, client):
    for body in ([1], "ada@example.com", 5, None):
        response = client.post("/api/v1/password-reset", json=body)
        assert 400 <= response.status_code < 500, (body, response.status_code)
