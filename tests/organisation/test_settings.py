"""Organisation settings: defaults, validation (all or nothing), page and API."""

from __future__ import annotations

from sqlalchemy import select

from peerlearn.events import LearningEvent
from peerlearn.organisation.services import all_settings, get_setting
from tests.factories import make_user


def test_defaults_until_changed(db):
    assert get_setting("vetting_policy") == "pre"
    assert get_setting("max_module_minutes") == 15


def test_admin_changes_settings_through_the_api(client, db, login_as):
    admin = make_user("admin")
    login_as(admin)
    response = client.patch(
        "/api/v1/settings", json={"vetting_policy": "trusted", "trusted_author_threshold": 5}
    )
    assert response.status_code == 200
    assert response.get_json()["vetting_policy"] == "trusted"
    assert get_setting("trusted_author_threshold") == 5
    events = db.session.execute(select(LearningEvent)).scalars().all()
    assert sorted(e.context["key"] for e in events) == [
        "trusted_author_threshold",
        "vetting_policy",
    ]
    assert all(e.actor_id == admin.id for e in events)


def test_bad_values_change_nothing(client, db, login_as):
    login_as(make_user("admin"))
    before = all_settings()
    response = client.patch(
        "/api/v1/settings", json={"vetting_policy": "post", "max_module_minutes": 999}
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"max_module_minutes"}
    assert all_settings() == before
    assert client.patch("/api/v1/settings", json={"max_module_minutes": "7"}).status_code == 422


def _form(**overrides):
    """The settings form as the page submits it: every field, with its current value."""
    values = {**all_settings(), **overrides}
    return {
        key: ("y" if value is True else str(value))
        for key, value in values.items()
        if value is not False
    }


def test_settings_page(client, db, login_as):
    login_as(make_user("admin"))
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "Vetting policy" in page
    bad = client.post(
        "/admin/settings", data=_form(vetting_policy="post", trusted_author_threshold=0)
    )
    assert bad.status_code == 422
    assert "Use 1 or more." in bad.get_data(as_text=True)
    assert get_setting("vetting_policy") == "pre"
    ok = client.post("/admin/settings", data=_form(vetting_policy="post", max_module_minutes=10))
    assert ok.status_code == 302
    assert (get_setting("vetting_policy"), get_setting("max_module_minutes")) == ("post", 10)
