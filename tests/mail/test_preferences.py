"""E-mail settings on the account pages and in the API."""

from __future__ import annotations

from peerlearn.mail.preferences import preferences_for
from tests.factories import make_user


def test_the_page_shows_defaults_and_saves_choices(app, db, client, login_as):
    user = make_user()
    login_as(user)
    page = client.get("/account/email").get_data(as_text=True)
    assert "Reviews of your modules" in page and "Streak reminder" in page
    response = client.post(
        "/account/email",
        data={
            "reviews": "weekly",
            "community": "off",
            "achievements": "daily",
            "streak": "off",
            "exports": "immediate",
        },
    )
    assert response.status_code == 302
    chosen = preferences_for(user.id)
    assert (chosen["reviews"], chosen["community"], chosen["streak"]) == ("weekly", "off", "off")
    refused = client.post("/account/email", data={"streak": "weekly", "reviews": "daily"})
    assert refused.status_code == 200
    assert "choose one of immediate, off" in refused.get_data(as_text=True)
    assert preferences_for(user.id)["reviews"] == "weekly", "nothing half-saved"


def test_the_api_lists_and_changes_preferences(app, db, client, login_as):
    user = make_user()
    login_as(user)
    listing = client.get("/api/v1/me/email-preferences").get_json()["preferences"]
    assert {p["kind"]: p["cadence"] for p in listing}["community"] == "daily"
    changed = client.patch(
        "/api/v1/me/email-preferences", json={"preferences": {"community": "weekly"}}
    )
    assert changed.status_code == 200
    assert {p["kind"]: p["cadence"] for p in changed.get_json()["preferences"]}["community"] == (
        "weekly"
    )
    bad = client.patch("/api/v1/me/email-preferences", json={"preferences": {"streak": "daily"}})
    assert bad.status_code == 422
    assert bad.get_json()["error"]["fields"] == {"streak": [bad.get_json()["error"]["message"]]}
    unknown = client.patch("/api/v1/me/email-preferences", json={"preferences": {"x": "off"}})
    assert unknown.status_code == 422
