"""Open Badges 2.0 hosted assertions: JSON shape, types, resolvable URLs, hashed recipient,
revocation answering as revoked, and the public share page."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from peerlearn.gamification.models import BadgeAward
from peerlearn.permissions import Role
from tests.factories import make_user, record_learning

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)
CONTEXT = "https://w3id.org/openbadges/v2"


def _award(db):
    reader = make_user(email="Learner@Example.com".lower(), display_name="Lee")
    record_learning("module_completed", reader, 40, author=make_user(), at=NOW)
    return reader, db.session.execute(select(BadgeAward)).scalar_one()


def _get_json(client, url: str):
    response = client.get(urlsplit(url).path)
    assert response.status_code == 200, url
    return response.get_json()


def test_assertion_badge_class_and_issuer_resolve_with_the_required_fields(client, db):
    _, award = _award(db)
    assertion = _get_json(client, f"/openbadges/assertions/{award.uid}")
    assert assertion["@context"] == CONTEXT and assertion["type"] == "Assertion"
    assert urlsplit(assertion["id"]).path == f"/openbadges/assertions/{award.uid}"
    recipient = assertion["recipient"]
    assert (recipient["type"], recipient["hashed"]) == ("email", True)
    salt = recipient["salt"]
    assert isinstance(salt, str) and len(salt) == 16
    expected = hashlib.sha256(("learner@example.com" + salt).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    assert "learner@example.com" not in str(assertion)
    assert assertion["verification"] == {"type": "hosted"}
    assert datetime.fromisoformat(assertion["issuedOn"]) == NOW
    badge = _get_json(client, assertion["badge"])
    assert (badge["type"], badge["name"], badge["tags"]) == (
        "BadgeClass",
        "First Steps",
        ["bronze"],
    )
    for field in ("id", "name", "description", "image", "criteria", "issuer"):
        assert badge[field], field
    assert isinstance(badge["criteria"]["narrative"], str)
    image = client.get(urlsplit(badge["image"]).path)
    assert image.status_code == 200 and image.mimetype == "image/svg+xml"
    assert b"<svg" in image.data and b"First Steps" in image.data
    issuer = _get_json(client, badge["issuer"])
    assert issuer["type"] == "Issuer" and issuer["@context"] == CONTEXT
    assert isinstance(issuer["name"], str) and issuer["url"].startswith("http")
    assert _get_json(client, assertion["id"]) == assertion  # stable
    page = client.get(urlsplit(assertion["evidence"]).path)
    assert page.status_code == 200 and "Earned by <strong>Lee</strong>" in page.get_data(True)


def test_a_revoked_award_answers_as_revoked_and_is_not_awarded_again(client, db, login_as):
    reader, award = _award(db)
    login_as(make_user(Role.ADMIN))
    revoked = client.post(f"/api/v1/gamification/awards/{award.uid}/revoke",
                          json={"reason": "Completed with a shared account"})  # fmt: skip
    assert revoked.status_code == 204
    again = client.post(f"/api/v1/gamification/awards/{award.uid}/revoke", json={"reason": "x"})
    assert again.status_code == 409
    answer = client.get(f"/openbadges/assertions/{award.uid}")
    assert answer.status_code == 410
    body = answer.get_json()
    assert body["revoked"] is True and body["revocationReason"] == "Completed with a shared account"
    assert client.get(f"/badges/{award.uid}").status_code == 410
    record_learning("module_completed", reader, 41, author=make_user(),
                    at=NOW.replace(hour=11))  # fmt: skip
    assert db.session.execute(select(BadgeAward)).scalars().all() == [award]
