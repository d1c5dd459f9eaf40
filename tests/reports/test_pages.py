"""The report pages: filters, charts with their tables, small groups, the access log, and
the API's dashboard figures and OpenAPI entries."""

from __future__ import annotations

import pytest

from peerlearn.permissions import Role
from tests.factories import make_user
from tests.reports.fixtures import build_org

RANGE = {"start": "2026-03-27", "end": "2026-03-30"}


@pytest.fixture
def org(app, db, login_as):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    org = build_org()
    login_as(make_user(Role.HR))
    return org


def test_the_dashboard_shows_figures_charts_and_tables(client, org):
    page = client.get("/reports", query_string=RANGE).get_data(as_text=True)
    assert page.count('role="img"') == 4 and page.count("<title id=") == 4
    assert '<dd data-figure="completion_rate">75.0%</dd>' in page
    assert '<dd data-figure="modules_read">5</dd>' in page
    assert "<td>Other</td>" in page and "<td>Sales</td>" not in page
    assert 'value="2026-03-27"' in page


def test_the_default_period_is_the_last_30_days(client, org):
    page = client.get("/reports").get_data(as_text=True)
    assert page.count("<tr><td>20") == 30  # one row per day in the trend table


def test_a_small_department_shows_a_message_not_figures(client, org):
    page = client.get("/reports", query_string={**RANGE, "department_id": org.sales.id})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "fewer than 5 members" in text
    assert 'data-figure="modules_read"' not in text


def test_bad_filters_are_explained(client, org):
    page = client.get("/reports", query_string={"start": "2026-04-01", "end": "2026-03-01"})
    assert "The start must not be after the end." in page.get_data(as_text=True)


def test_the_api_dashboard_and_its_errors(client, org):
    body = client.get("/api/v1/reports/dashboard", query_string=RANGE).get_json()
    assert body["headline"]["completions"] == 3 and len(body["heatmap"]) == 7
    small = client.get("/api/v1/reports/dashboard", query_string={"department_id": org.sales.id})
    assert small.status_code == 422 and small.get_json()["error"]["code"] == "group_too_small"
    bad = client.get("/api/v1/reports/dashboard", query_string={"start": "soon"})
    assert bad.status_code == 422 and "start" in bad.get_json()["error"]["fields"]


def test_the_openapi_document_lists_the_report_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/reports/dashboard",
        "/api/v1/reports/exports",
        "/api/v1/reports/xapi/statements",
        "/api/v1/reports/jobs",
        "/api/v1/reports/vetting",
    ):
        assert path in paths


def test_the_nav_shows_reports_to_hr_only(client, app, db, login_as):
    menu = b'<span class="nav-menu-label">Reports</span>'  # the header's Reports menu
    login_as(make_user(Role.EMPLOYEE))
    assert menu not in client.get("/reports/exports", follow_redirects=False).data
    login_as(make_user(Role.HR))
    assert menu in client.get("/reports/exports").data


def test_the_access_log_lists_exports_and_why(client, org, login_as):
    why = "Checking onboarding for the new starters"
    client.get("/reports/exports/download", query_string={"kind": "people", "justification": why})
    login_as(make_user(Role.ADMIN, display_name="Ada"))
    page = client.get("/reports/access-log").get_data(as_text=True)
    assert "people (csv)" in page and "web" in page and why in page


def test_applying_new_dates_keeps_each_readers_clock_for_the_heatmap(client, org):
    page = client.get("/reports", query_string={**RANGE, "heatmap_zone": "person"}).text
    form = page.split('aria-label="Report filters"', 1)[1].split("</form>")[0]
    assert '<input type="hidden" name="heatmap_zone" value="person">' in form
    default = client.get("/reports", query_string=RANGE).get_data(as_text=True)
    assert 'name="heatmap_zone"' not in default.split('aria-label="Report filters"', 1)[1]
