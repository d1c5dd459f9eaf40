"""xAPI 1.0.3 statements: shape, types, ADL verbs, stable ids, validation with Ralph's
models, the paginated API and the JSON download."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from peerlearn.permissions import Role
from peerlearn.reports.xapi import iso_duration, statement_id
from tests.factories import make_user
from tests.reports.fixtures import build_org

RANGE = {
    "start": "2026-03-27",
    "end": "2026-03-30",
    "justification": "Sending learning records to our LRS vendor",
}


@pytest.fixture
def hr(app, db, login_as):
    app.config.update(ORG_TIMEZONE="Europe/Paris", SITE_URL="https://learn.example.com")
    org = build_org()
    login_as(make_user(Role.HR))
    return org


def _all_statements(client, **args):
    response = client.get(
        "/reports/exports/download", query_string={**RANGE, "kind": "xapi", **args}
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return json.loads(response.get_data(as_text=True))


def check_required_fields(s):
    """The xAPI 1.0.3 rules our statements must meet, checked by hand."""
    uuid.UUID(s["id"])
    assert s["actor"]["objectType"] == "Agent"
    account = s["actor"]["account"]
    assert account["homePage"].startswith("https://") and isinstance(account["name"], str)
    assert s["verb"]["id"].startswith(("http://", "https://"))
    assert isinstance(s["verb"]["display"]["en-US"], str)
    assert s["object"]["objectType"] == "Activity"
    assert s["object"]["id"].startswith("https://learn.example.com/")
    assert datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00")).tzinfo is not None
    result = s.get("result", {})
    if "score" in result:
        assert 0 <= result["score"]["scaled"] <= 1
        assert result["score"]["min"] <= result["score"]["raw"] <= result["score"]["max"]
    for key in ("success", "completion"):
        assert isinstance(result.get(key, True), bool)
    if "duration" in result:
        assert result["duration"].startswith("PT")


def test_statements_validate_against_ralph_and_the_spec(client, hr):
    statements = _all_statements(client)
    assert len(statements) == 16
    for s in statements:
        check_required_fields(s)
        BaseXapiStatement(**s)  # Ralph's pydantic model of an xAPI statement
    verbs = {s["verb"]["id"] for s in statements}
    assert {
        "http://adlnet.gov/expapi/verbs/experienced",
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/attempted",
    } <= verbs
    assert "https://learn.example.com/xapi/verbs/module_clapped" in verbs


def test_results_carry_score_success_completion_and_duration(client, hr):
    statements = _all_statements(client)
    completed = next(s for s in statements if s["verb"]["display"]["en-US"] == "completed")
    assert completed["result"] == {"completion": True, "duration": "PT5M"}
    assert completed["object"]["id"] == "https://learn.example.com/modules/1"
    attempt = next(s for s in statements if s["verb"]["display"]["en-US"] == "attempted")
    assert attempt["result"] == {
        "score": {"scaled": 0.5, "raw": 50.0, "min": 0, "max": 100},
        "success": False,
    }
    assert attempt["object"]["id"] == "https://learn.example.com/modules/1/quiz"
    assert attempt["timestamp"] == "2026-03-27T08:00:00.000Z"


def test_statement_ids_are_stable_uuid5(client, hr):
    first = [s["id"] for s in _all_statements(client)]
    again = [s["id"] for s in _all_statements(client)]
    assert first == again and len(set(first)) == len(first)
    assert uuid.UUID(first[0]).version == 5
    assert statement_id(1, "https://a.example") != statement_id(1, "https://b.example")


def test_the_actor_can_be_a_hashed_mailbox(client, hr, app):
    app.config["XAPI_ACTOR"] = "mbox_sha1sum"
    s = _all_statements(client)[0]
    assert len(s["actor"]["mbox_sha1sum"]) == 40 and "account" not in s["actor"]
    BaseXapiStatement(**s)


def test_the_api_pages_through_statements(client, hr):
    first = client.get("/api/v1/reports/xapi/statements", query_string={**RANGE, "per_page": 5})
    body = first.get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (16, 4, 5)
    last = client.get(
        "/api/v1/reports/xapi/statements", query_string={**RANGE, "per_page": 5, "page": 4}
    ).get_json()
    assert len(last["items"]) == 1
    everything = _all_statements(client)
    assert [s["id"] for s in body["items"]] == [s["id"] for s in everything[:5]]


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "PT0S"), (59.5, "PT59.5S"), (300, "PT5M"), (3725, "PT1H2M5S")]
)
def test_iso_durations(seconds, text):
    assert iso_duration(seconds) == text
