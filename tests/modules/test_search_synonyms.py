"""Admins edit the search synonyms (page and API); the catalog and its API offer
"Did you mean …" for a misspelt word."""

from __future__ import annotations

import pytest

from peerlearn.errors import PermissionDenied
from peerlearn.extensions import db
from peerlearn.modules.search_synonyms import list_groups, replace_groups
from tests.factories import make_live_module, make_user


def test_admin_replaces_the_list_through_the_api(client, login_as):
    login_as(make_user(role="admin"))
    sent = {"groups": [["Stand-up", "daily meeting", "standup"], ["PTO", "holiday"]]}
    response = client.put("/api/v1/search/synonyms", json=sent)
    assert response.status_code == 200
    expected = [["stand up", "daily meeting", "standup"], ["pto", "holiday"]]
    assert response.get_json() == {"groups": expected}
    assert client.get("/api/v1/search/synonyms").get_json() == {"groups": expected}


def test_a_bad_group_saves_nothing(client, login_as):
    login_as(make_user(role="admin"))
    before = list_groups()
    response = client.put("/api/v1/search/synonyms", json={"groups": [["a1", "b1"], ["alone"]]})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {
        "groups": ["Line 2: give at least two different words, comma-separated."]
    }
    assert list_groups() == before


def test_the_page_edits_the_list_one_group_a_line(client, login_as):
    admin = make_user(role="admin")
    replace_groups(admin, ["expenses, reimbursement"])
    db.session.commit()
    login_as(admin)
    page = client.get("/admin/search-synonyms")
    assert b"expenses, reimbursement</textarea>" in page.data
    response = client.post("/admin/search-synonyms", data={"groups": "wfh, remote\n\nvpn, tunnel"})
    assert response.status_code == 302
    assert list_groups() == [["wfh", "remote"], ["vpn", "tunnel"]]
    refused = client.post("/admin/search-synonyms", data={"groups": "only"})
    assert refused.status_code == 422 and b"Line 1" in refused.data
    assert list_groups() == [["wfh", "remote"], ["vpn", "tunnel"]]


def test_did_you_mean_on_the_catalog_and_its_api(client, login_as):
    make_live_module(title="Giving upward feedback", summary="Tell your manager what helps.")
    login_as(make_user())
    api = client.get("/api/v1/modules?q=upward+feedbak").get_json()
    assert api["suggestion"] == "upward feedback"
    assert [m["title"] for m in api["items"]] == ["Giving upward feedback"]
    assert client.get("/api/v1/modules?q=feedback").get_json()["suggestion"] is None
    page = client.get("/modules?q=upward+feedbak")
    assert b"Did you mean" in page.data and b"upward feedback</a>" in page.data


def test_only_an_admin_replaces_the_list_whoever_calls_the_service(db):
    before = list_groups()
    for role in ("employee", "reviewer", "hr"):
        with pytest.raises(PermissionDenied):
            replace_groups(make_user(role=role), ["wfh, remote"])
    assert list_groups() == before
