"""Every figure has one definition, shown on the dashboard and written in the README."""

from __future__ import annotations

import html
from pathlib import Path

from peerlearn.permissions import Role
from peerlearn.reports.definitions import METRICS, readme_table
from tests.factories import make_user
from tests.reports.fixtures import build_org

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_carries_the_definitions_table():
    assert readme_table() in README.read_text(encoding="utf-8")


def test_every_figure_shows_its_definition_on_its_page(app, db, client, login_as):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    build_org()
    login_as(make_user(Role.HR))
    page = client.get("/reports", query_string={"start": "2026-03-27", "end": "2026-03-30"})
    vetting = client.get("/reports/vetting")
    text = html.unescape(page.get_data(as_text=True) + vetting.get_data(as_text=True))
    missing = [key for key, metric in METRICS.items() if metric.definition not in text]
    assert missing == []
    body = client.get(
        "/api/v1/reports/dashboard", query_string={"start": "2026-03-27", "end": "2026-03-30"}
    ).get_json()
    assert {"share_50_plus", "peer_vs_official_per_module", "claps_per_module"} <= set(
        body["smartup"]
    )
