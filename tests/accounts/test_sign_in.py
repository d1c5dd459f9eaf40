"""Sign up, sign in, sign out, throttling and password hashing through the pages."""

from __future__ import annotations

import re

from sqlalchemy import select

from peerlearn.accounts.models import User
from peerlearn.events import LearningEvent
from tests.factories import DEFAULT_PASSWORD, make_department, make_user


def _events(db, verb):
    return (
        db.session.execute(select(LearningEvent).where(LearningEvent.verb == verb)).scalars().all()
    )


def _sign_up(client, **overrides):
    data = {
        "display_name": "Nia Obi",
        "email": "nia@example.com",
        "password": "long-enough-pass",
        "confirm": "long-enough-pass",
        "department_id": "",
    }
    data.update(overrides)
    return client.post("/sign-up", data=data)


def test_sign_up_creates_an_employee_who_then_signs_in(client, db):
    department = make_department("Sales")
    response = _sign_up(client, email="  Nia@Example.COM ", department_id=str(department.id))
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    user = db.session.execute(select(User)).scalar_one()
    assert user.email == "nia@example.com"
    assert user.role == "employee"
    assert user.department_id == department.id
    assert user.password_hash.startswith("$argon2id$")
    assert "long-enough-pass" not in user.password_hash
    [event] = _events(db, "signed_up")
    assert (event.actor_id, event.object_type, event.object_id) == (user.id, "user", user.id)
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'value="nia@example.com"' in page  # the address is filled in
    signed_in = client.post(
        "/sign-in", data={"email": "nia@example.com", "password": "long-enough-pass"}
    )
    assert signed_in.status_code == 302
    assert "Hello, Nia" in client.get("/").get_data(as_text=True)


def _without_csrf(page: str) -> str:
    """The page minus its CSRF tokens (signed with a timestamp: they differ a second later)."""
    return re.sub(r'(<(?:meta|input)[^>]*csrf[^>]*?(?:content|value)=)"[^"]*"', r'\1""', page)


def test_sign_up_does_not_reveal_a_taken_address(app, client, db):
    """A taken address answers exactly as a free one, and changes nothing."""
    taken = make_user(email="nia@example.com", display_name="Nia Original")
    before = taken.password_hash
    answers = []
    for email in ("nia@example.com", "new@example.com"):
        response = _sign_up(client, email=email)
        flashed = client.get("/sign-in").get_data(as_text=True)
        answers.append((response.status_code, response.headers.get("Location"), flashed))
    assert answers[0][:2] == answers[1][:2] == (302, "/sign-in")
    same = [_without_csrf(page) for page in (answers[0][2], answers[1][2])]
    assert same[0].replace("nia@", "X@") == same[1].replace("new@", "X@")
    db.session.refresh(taken)
    assert (taken.display_name, taken.password_hash) == ("Nia Original", before)
    assert len(_events(db, "signed_up")) == 1  # only the new address
    refused = client.post(
        "/sign-in", data={"email": "nia@example.com", "password": "long-enough-pass"}
    )
    assert refused.status_code == 200  # the sign-up's password did not take the account


def test_sign_ups_are_throttled_per_address(app, client, db):
    app.config["SIGNUP_IP_LIMIT"] = "2 per hour"
    for n in range(2):
        assert _sign_up(client, email=f"n{n}@example.com").status_code == 302
    assert _sign_up(client, email="n9@example.com").status_code == 429


def test_sign_up_checks_fields(client, db):
    response = _sign_up(client, email="not-an-email", password="short", confirm="other")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Invalid email address." in body
    assert "Use at least 10 characters (and at most 256)." in body
    assert "Passwords differ." in body
    assert db.session.execute(select(User)).first() is None


def test_sign_up_limited_to_allowed_domains(app, client, db):
    app.config["SIGNUP_DOMAINS"] = ["acme.com"]
    response = _sign_up(client, email="nia@gmail.com")
    assert "Sign-up is limited to addresses ending in @acme.com." in response.get_data(as_text=True)
    assert db.session.execute(select(User)).first() is None
    assert _sign_up(client, email="nia@ACME.com").status_code == 302
    assert db.session.execute(select(User)).scalar_one().email == "nia@acme.com"


def test_sign_up_closed(app, client, db):
    app.config["SIGNUP_ENABLED"] = False
    assert "Sign-up is closed" in client.get("/sign-up").get_data(as_text=True)
    _sign_up(client)
    assert db.session.execute(select(User)).first() is None


def test_sign_in_and_out(client, db):
    user = make_user(email="kim@example.com", display_name="Kim Lee")
    response = client.post(
        "/sign-in?next=/account/profile",
        data={"email": "KIM@example.com", "password": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/profile"
    db.session.refresh(user)
    assert user.last_sign_in_at is not None
    assert len(_events(db, "signed_in")) == 1
    assert client.get("/account/profile").status_code == 200

    assert client.get("/sign-out").status_code == 405  # a link cannot sign you out
    assert client.post("/sign-out").status_code == 302
    response = client.get("/account/profile")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


def test_sign_in_never_redirects_off_site(client, db):
    make_user(email="kim@example.com")
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post(
            "/sign-in",
            query_string={"next": target},
            data={"email": "kim@example.com", "password": DEFAULT_PASSWORD},
        )
        assert response.headers["Location"] == "/", target
        client.post("/sign-out")


def test_wrong_password_unknown_email_and_deactivated_account(client, db):
    make_user(email="kim@example.com")
    make_user(email="gone@example.com", active=False)
    for email, password in [("kim@example.com", "wrong-password"), ("who@example.com", "x")]:
        response = client.post("/sign-in", data={"email": email, "password": password})
        assert response.status_code == 200
        assert "That e-mail and password do not match an account." in response.get_data(
            as_text=True
        )
    response = client.post(
        "/sign-in", data={"email": "gone@example.com", "password": DEFAULT_PASSWORD}
    )
    assert "This account has been deactivated." in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302
    assert _events(db, "signed_in") == []


def test_failed_sign_ins_are_throttled_per_account(app, client, db):
    app.config["LOGIN_LIMIT"] = "3 per 15 minutes"
    make_user(email="kim@example.com")
    for _ in range(3):
        client.post("/sign-in", data={"email": "kim@example.com", "password": "nope-nope"})
    response = client.post(
        "/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many failed sign-ins for this account" in response.get_data(as_text=True)
    # Another account from the same address is not locked out by kim's failures.
    make_user(email="lee@example.com")
    ok = client.post("/sign-in", data={"email": "lee@example.com", "password": DEFAULT_PASSWORD})
    assert ok.status_code == 302


def test_failed_sign_ins_are_throttled_per_address(app, client, db):
    app.config["LOGIN_IP_LIMIT"] = "4 per 15 minutes"
    for n in range(4):
        client.post("/sign-in", data={"email": f"u{n}@example.com", "password": "nope-nope"})
    response = client.post("/sign-in", data={"email": "x@example.com", "password": "nope"})
    assert response.status_code == 429
    # Another address is unaffected.
    other = client.post(
        "/sign-in",
        data={"email": "x@example.com", "password": "nope"},
        environ_overrides={"REMOTE_ADDR": "10.9.8.7"},
    )
    assert other.status_code == 200


def test_successful_sign_ins_do_not_count_against_the_limit(app, client, db):
    app.config["LOGIN_LIMIT"] = "2 per 15 minutes"
    make_user(email="kim@example.com")
    for _ in range(4):
        response = client.post(
            "/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        client.post("/sign-out")


def test_the_hash_is_upgraded_when_parameters_change(client, db):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(DEFAULT_PASSWORD)
    user = make_user(email="kim@example.com", password_hash=weak)
    client.post("/sign-in", data={"email": "kim@example.com", "password": DEFAULT_PASSWORD})
    db.session.refresh(user)
    assert user.password_hash != weak
    assert user.password_hash.startswith("$argon2id$")


def test_deployments_hash_with_argon2_cffis_default_parameters(app, tmp_path):
    """The suite hashes cheaply (``TEST_CONFIG``); a deployment's configuration does not."""
    from argon2 import PasswordHasher

    from peerlearn.accounts.services import hash_password
    from peerlearn.config import load_config

    production = load_config(str(tmp_path))
    app.config["PASSWORD_HASH_PARAMETERS"] = production["PASSWORD_HASH_PARAMETERS"]
    hashed = hash_password(DEFAULT_PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # RFC 9106, low memory
    assert not PasswordHasher().check_needs_rehash(hashed)
    assert PasswordHasher().verify(hashed, DEFAULT_PASSWORD)
