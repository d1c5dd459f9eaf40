"""Exports parsed back with real parsers (csv, openpyxl), formula injection, streaming in
keyset pages, background jobs and the access log."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from peerlearn.permissions import Role
from peerlearn.reports import tables
from peerlearn.reports.models import ExportAccess, ExportJob
from peerlearn.reports.writers import neutralise
from tests.factories import make_department, make_event, make_user
from tests.reports.fixtures import build_org

WHY = "Quarterly engagement review for the leadership team"
RANGE = {"start": "2026-03-27", "end": "2026-03-30", "justification": WHY}


@pytest.fixture
def hr(app, db, login_as):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    org = build_org()
    user = make_user(Role.HR, display_name="Harper")
    login_as(user)
    return org


def _csv(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    text = response.get_data(as_text=True)
    response.close()  # a send_file response holds its file until closed
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def _xlsx(response):
    assert response.status_code == 200
    data = response.get_data()
    response.close()
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    width = len(rows[0])  # read-only sheets leave out trailing empty cells
    return [
        dict(zip(rows[0], (*row, *[None] * (width - len(row))), strict=True)) for row in rows[1:]
    ]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_prefixes_are_neutralised(value):
    assert neutralise(value) == "'" + value
    assert neutralise("plain") == "plain" and neutralise(-2) == -2


def test_people_csv(client, hr):
    rows = _csv(client.get("/reports/exports/download", query_string={"kind": "people", **RANGE}))
    by_name = {r["name"]: r for r in rows}
    assert len(rows) == 9  # 8 people in the fixture and the HR user
    a = by_name["A"]
    assert (a["department"], a["modules_started"], a["modules_completed"]) == ("Eng", "1", "1")
    assert (a["completion_rate"], a["minutes_spent"]) == ("1.0", "5.0")
    assert a["last_active"] == "2026-03-27T09:00:00+01:00"  # the quiz attempt, Paris time
    assert by_name["C"]["completion_rate"] == "0.0" and by_name["D"]["last_active"] == ""


def test_people_xlsx_has_the_same_rows(client, hr):
    rows = _xlsx(
        client.get(
            "/reports/exports/download", query_string={"kind": "people", "format": "xlsx", **RANGE}
        )
    )
    a = next(r for r in rows if r["name"] == "A")
    assert (a["modules_started"], a["modules_completed"], a["minutes_spent"]) == (1, 1, 5.0)


def test_modules_csv_and_xlsx(client, hr):
    rows = _csv(client.get("/reports/exports/download", query_string={"kind": "modules", **RANGE}))
    m1 = next(r for r in rows if r["module_id"] == "1")
    assert (m1["views"], m1["completions"], m1["completion_rate"]) == ("2", "2", "1.0")
    assert (m1["quiz_pass_rate"], m1["claps"], m1["origin"]) == ("0.0", "3", "peer")
    assert m1["average_minutes"] == "3.5"  # (300 s + 120 s) / 2 completions
    xrows = _xlsx(
        client.get(
            "/reports/exports/download", query_string={"kind": "modules", "format": "xlsx", **RANGE}
        )
    )
    assert [(r["module_id"], r["views"]) for r in xrows] == [(1, 2), (2, 2), (3, 1)]


def test_a_small_department_cannot_be_exported_as_an_aggregate(client, hr):
    response = client.get(
        "/api/v1/reports/exports",
        query_string={"kind": "modules", "department_id": hr.sales.id, **RANGE},
    )
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "group_too_small"
    people = client.get(  # a named export, justified: a small department is allowed
        "/api/v1/reports/exports",
        query_string={"kind": "people", "department_id": hr.sales.id, **RANGE},
    )
    assert sorted(r["name"] for r in _csv(people)) == ["F", "G"]


def test_user_text_is_neutralised_in_both_formats(client, app, db, login_as):
    evil = make_user(display_name='=HYPERLINK("http://x")', department=make_department("@dept"))
    make_event("module_viewed", evil, 7)
    login_as(make_user(Role.HR))
    rows = _csv(
        client.get(
            "/reports/exports/download", query_string={"kind": "people", "justification": WHY}
        )
    )
    row = next(r for r in rows if r["user_id"] == str(evil.id))
    assert row["name"] == '\'=HYPERLINK("http://x")' and row["department"] == "'@dept"
    xrows = _xlsx(
        client.get(
            "/reports/exports/download",
            query_string={"kind": "events", "format": "xlsx", "justification": WHY},
        )
    )
    assert xrows[0]["department"] == "'@dept"


def test_events_stream_in_keyset_pages(client, hr, monkeypatch):
    monkeypatch.setattr(tables, "BATCH", 2)
    rows = _csv(client.get("/reports/exports/download", query_string={"kind": "events", **RANGE}))
    # 18 fixture events; 3 fall outside the local range (b's Thursday view, c's Tuesday
    # view, and nothing else) — the submissions and publications are inside it.
    assert len(rows) == 16
    assert [int(r["event_id"]) for r in rows] == sorted(int(r["event_id"]) for r in rows)
    first = rows[0]
    assert first["occurred_at_utc"] == "2026-03-26T23:30:00+00:00"
    assert first["occurred_at_local"] == "2026-03-27T00:30:00+01:00"
    assert json.loads(first["context"])["origin"] == "peer"


def test_every_export_is_recorded(client, hr, db):
    client.get("/reports/exports/download", query_string={"kind": "people", **RANGE})
    client.get(
        "/api/v1/reports/exports",
        query_string={"kind": "events", "format": "xlsx", "justification": WHY},
    )
    log = db.session.execute(select(ExportAccess).order_by(ExportAccess.id)).scalars().all()
    assert [(a.kind, a.format, a.channel) for a in log] == [
        ("people", "csv", "web"),
        ("events", "xlsx", "api"),
    ]
    assert log[0].filters == {"start": "2026-03-27", "end": "2026-03-30"}
    assert log[0].justification == log[1].justification == WHY
    assert log[0].user.display_name == "Harper"


def test_a_large_export_becomes_a_background_job(client, hr, app, db, runner):
    app.config.update(REPORTS_SYNC_MAX_ROWS=3, REPORTS_EXPORT_THREADS=False)
    response = client.get("/reports/exports/download", query_string={"kind": "events", **RANGE})
    assert response.status_code == 302
    job = db.session.execute(select(ExportJob)).scalar_one()
    assert response.headers["Location"] == f"/reports/jobs/{job.id}"
    not_ready = client.get(f"/reports/jobs/{job.id}/download", headers={"Referer": "/reports"})
    assert not_ready.status_code == 302 and not_ready.headers["Location"] == "/reports"
    api_not_ready = client.get(f"/api/v1/reports/jobs/{job.id}/file")
    assert api_not_ready.status_code == 409  # a created job that is not ready is not "not found"
    assert api_not_ready.get_json()["error"]["code"] == "conflict"
    result = runner.invoke(args=["reports", "run-jobs"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert (job.state, job.rows_done, job.rows_total, job.percent) == ("done", 16, 16, 100)
    page = client.get(f"/reports/jobs/{job.id}")
    assert b"Download the export" in page.data
    rows = _csv(client.get(f"/reports/jobs/{job.id}/download"))
    assert len(rows) == 16
    api = client.get(f"/api/v1/reports/jobs/{job.id}").get_json()
    assert api["state"] == "done" and api["download_url"].endswith("/file")
    assert db.session.execute(select(ExportAccess.channel)).scalars().all() == ["web"]


def test_a_job_on_a_thread_finishes_xlsx(client, hr, app, db):
    response = client.post(
        "/api/v1/reports/jobs", json={"kind": "people", "format": "xlsx", **RANGE}
    )
    assert response.status_code == 202
    job_id = response.get_json()["id"]
    import threading

    for thread in threading.enumerate():
        if thread.name == f"export-{job_id}":
            thread.join(timeout=30)
    body = client.get(f"/api/v1/reports/jobs/{job_id}").get_json()
    assert body["state"] == "done", body
    rows = _xlsx(client.get(body["download_url"]))
    assert len(rows) == 9


def test_cli_export(runner, hr, tmp_path):
    out = tmp_path / "modules.xlsx"
    result = runner.invoke(
        args=[
            "reports",
            "export",
            "--kind",
            "modules",
            "--format",
            "xlsx",
            "--since",
            "2026-03-27",
            "--until",
            "2026-03-30",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out, read_only=True).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [1, 2, 3]
    csv_run = runner.invoke(
        args=[
            "reports",
            "export",
            "--kind",
            "events",
            "--since",
            "2026-03-27",
            "--until",
            "2026-03-27",
        ]
    )
    assert csv_run.exit_code == 0
    assert len(list(csv.DictReader(io.StringIO(csv_run.output.lstrip("\ufeff"))))) == 4
    bad = runner.invoke(args=["reports", "export", "--kind", "people", "--since", "nope"])
    assert bad.exit_code != 0 and "YYYY-MM-DD" in bad.output


def test_my_data_has_profile_events_points_and_badges(client, app, db, login_as):
    user = make_user(display_name="Me")
    other = make_user()
    make_event("module_viewed", user, 1)
    make_event("module_viewed", other, 1)
    login_as(user)
    response = client.get("/reports/my-data")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["display_name"] == "Me"
    assert [e["verb"] for e in data["events"]] == ["module_viewed"]
    assert data["points"]["available"] is True and data["badges"] == []
    api = json.loads(client.get("/api/v1/reports/my-data").get_data(as_text=True))
    assert api["profile"]["id"] == user.id


def test_a_refused_export_comes_back_as_it_was_chosen(client, hr):
    query = {"kind": "events", "format": "xlsx", "start": "2026-03-27", "end": "2026-03-30"}
    refused = client.get("/reports/exports/download", query_string=query)  # no justification
    assert refused.status_code == 302
    page = client.get(refused.location).get_data(as_text=True)
    assert 'value="events" checked' in page and '<option value="xlsx" selected>' in page
    assert 'value="2026-03-27"' in page and "justification" not in refused.location
