"""Privacy that holds: with one department of 4 people, no report page, API or export gives
its figures or its members to HR; named exports need an admin or a recorded justification."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from peerlearn.permissions import Role
from peerlearn.reports.models import ExportAccess, ExportJob
from peerlearn.reports.privacy import partition
from tests.factories import make_department, make_event, make_user

RANGE = {"start": "2026-03-01", "end": "2026-03-31"}
FINANCE_COMPLETIONS = 37  # a figure nothing else in this organisation adds up to


@pytest.fixture
def org(app, db):
    eng, sales, finance = (make_department(n) for n in ("Eng", "Sales", "Finance"))
    people = {
        "eng": [make_user(department=eng, display_name=f"Eng person {n}") for n in range(6)],
        "sales": [make_user(department=sales, display_name=f"Sales person {n}") for n in range(7)],
        "finance": [
            make_user(
                department=finance,
                display_name=f"Fiona Ledger{n}",
                email=f"fiona.ledger{n}@example.com",
            )
            for n in range(4)
        ],
    }
    at = datetime(2026, 3, 10, 9, tzinfo=UTC)
    for group, count in (("eng", 5), ("sales", 11), ("finance", FINANCE_COMPLETIONS)):
        for n in range(count):
            person = people[group][n % len(people[group])]
            when = at + timedelta(hours=n)
            make_event("module_viewed", person, 100 + n, when, commit=False, origin="peer")
            make_event("module_completed", person, 100 + n, when, commit=False, origin="peer")
    db.session.commit()
    return {"people": people, "eng": eng, "sales": sales, "finance": finance}


def _leaks(org, body: str) -> list[str]:
    """Finance members' names or e-mails, found in ``body``."""
    return [
        marker
        for person in org["people"]["finance"]
        for marker in (person.display_name, person.email)
        if marker in body
    ]


def test_the_rule_folds_a_lone_small_group_with_another(org):
    split = partition(5)
    assert org["finance"].id not in split.shown
    assert org["eng"].id in split.folded  # the smallest reportable group hides it
    assert split.shown == {org["sales"].id} and split.other_visible


def test_no_page_api_or_export_gives_the_small_department_to_hr(client, org, login_as):
    login_as(make_user(Role.HR, department=org["sales"]))
    finance, eng = org["finance"].id, org["eng"].id

    page = client.get("/reports", query_string=RANGE).get_data(as_text=True)
    assert _leaks(org, page) == []
    api = client.get("/api/v1/reports/dashboard", query_string=RANGE).get_json()
    rows = {r["department"]: r for r in api["departments"]}
    assert set(rows) == {"Sales", "Other"}
    assert rows["Other"]["members"] == 4 + 6  # Finance never stands alone, nor with one group
    assert FINANCE_COMPLETIONS not in {r["completions"] for r in api["departments"]}
    assert _leaks(org, json.dumps(api)) == []

    for department in (finance, eng):  # Eng alone would give Finance away: Other − Eng
        args = {**RANGE, "department_id": department}
        refused = client.get("/api/v1/reports/dashboard", query_string=args)
        assert refused.status_code == 422
        assert refused.get_json()["error"]["code"] == "group_too_small"
        text = client.get("/reports", query_string=args).get_data(as_text=True)
        assert 'data-figure="completions"' not in text and _leaks(org, text) == []
        modules = client.get("/api/v1/reports/exports", query_string={**args, "kind": "modules"})
        assert modules.status_code == 422

    for kind in ("people", "events"):  # named exports, unjustified
        api_export = client.get("/api/v1/reports/exports", query_string={**RANGE, "kind": kind})
        assert api_export.status_code == 403
        assert api_export.get_json()["error"]["code"] == "justification_required"
        for fmt in ("csv", "xlsx"):
            args = {**RANGE, "kind": kind, "format": fmt, "department_id": finance}
            web = client.get("/reports/exports/download", query_string=args)
            assert web.status_code == 302 and _leaks(org, web.get_data(as_text=True)) == []
    web_xapi = client.get("/reports/exports/download", query_string={**RANGE, "kind": "xapi"})
    assert web_xapi.status_code == 302
    statements = client.get("/api/v1/reports/xapi/statements", query_string=RANGE)
    assert statements.status_code == 403
    job = client.post("/api/v1/reports/jobs", json={"kind": "people"})
    assert job.status_code == 403
    too_short = client.get(
        "/api/v1/reports/exports", query_string={"kind": "people", "justification": "because"}
    )
    assert too_short.status_code == 403
    # the modules export (no names) is fine for the whole organisation
    modules = client.get("/api/v1/reports/exports", query_string={**RANGE, "kind": "modules"})
    assert modules.status_code == 200 and _leaks(org, modules.get_data(as_text=True)) == []


def test_hr_with_a_justification_gets_names_and_the_log_keeps_why(client, org, login_as, db):
    login_as(make_user(Role.HR, display_name="Harper"))
    why = "Finance asked for its own onboarding follow-up"
    args = {**RANGE, "kind": "people", "department_id": org["finance"].id, "justification": why}
    response = client.get("/api/v1/reports/exports", query_string=args)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert sorted(_leaks(org, body)) == sorted(
        marker for p in org["people"]["finance"] for marker in (p.display_name, p.email)
    )
    access = db.session.execute(select(ExportAccess)).scalar_one()
    assert (access.kind, access.justification, access.user.display_name) == (
        "people",
        why,
        "Harper",
    )


def test_an_admins_named_job_is_not_hrs_to_download(client, org, login_as, db, app):
    app.config.update(REPORTS_EXPORT_THREADS=False)
    admin = make_user(Role.ADMIN)
    login_as(admin)
    assert client.post("/api/v1/reports/jobs", json={"kind": "people"}).status_code == 202
    job = db.session.execute(select(ExportJob)).scalar_one()
    login_as(make_user(Role.HR))
    refused = client.get(f"/api/v1/reports/jobs/{job.id}/file")
    assert refused.status_code == 403
    assert client.get(f"/api/v1/reports/jobs/{job.id}").get_json()["download_url"] is None
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "Download the export" not in page and "an admin can download it" in page


def test_another_hr_colleague_never_reads_the_justification_of_a_job(client, org, login_as, db):
    why = "Finance asked for its own onboarding follow-up"
    login_as(make_user(Role.HR))
    body = {"kind": "people", "format": "csv", "justification": why}
    assert client.post("/api/v1/reports/jobs", json=body).status_code == 202
    job = db.session.execute(select(ExportJob)).scalar_one()
    assert job.justification == why and "justification" not in job.filters
    login_as(make_user(Role.HR))
    seen = client.get(f"/api/v1/reports/jobs/{job.id}").get_data(as_text=True)
    seen += client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    seen += client.get("/reports/exports").get_data(as_text=True)
    assert why not in seen
