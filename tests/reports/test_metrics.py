"""Every dashboard figure against the hand-computed fixture in ``fixtures.py``."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from peerlearn.reports.dashboard import build_dashboard
from peerlearn.reports.departments import department_table
from peerlearn.reports.metrics import (
    GroupTooSmall,
    ReportQuery,
    completion_buckets,
    daily_series,
    headline,
    heatmap,
    origin_split,
    top_authors,
    top_modules,
)
from peerlearn.reports.period import Period
from tests.reports.fixtures import END, START, build_org

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def org(app, db):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    return build_org()


def q(department_id=None, start=START, end=END, zone=PARIS):
    return ReportQuery(Period(start, end, zone), department_id, 5)


def test_headline_figures(org):
    assert headline(q()) == {
        "active_learners": 4,  # a, b, c, f
        "active_daily": 1,  # c on Monday 30
        "active_weekly": 4,
        "active_monthly": 4,
        "modules_read": 5,
        "completions": 3,
        "pairs_started": 4,
        "pairs_completed": 3,
        "completion_rate": 0.75,
        "average_completed_per_active": 0.75,
        "median_completed_per_active": 1,
        "new_modules_published": 2,
        "median_hours_to_publication": 12.0,  # of 24, 12 and 2
        "share_10_plus": 0.0,
        "share_50_plus": 0.0,
        "share_100_plus": 0.0,
    }


def test_completion_buckets_count_everyone_including_zero(org):
    assert completion_buckets(q()) == [
        {"bucket": "0", "people": 5, "share": 0.625},
        {"bucket": "1–9", "people": 3, "share": 0.375},
        {"bucket": "10–49", "people": 0, "share": 0.0},
        {"bucket": "50–99", "people": 0, "share": 0.0},
        {"bucket": "100+", "people": 0, "share": 0.0},
    ]


def test_peer_vs_official(org):
    split = origin_split(q())
    assert split["peer"] == {"reads": 3, "completions": 2}
    assert split["official"] == {"reads": 2, "completions": 1}
    assert (split["read_ratio"], split["completion_ratio"]) == (1.5, 2.0)


def test_heatmap_uses_local_time_across_the_dst_change(org):
    grid = heatmap(q())
    cells = {(d, h): v for d, row in enumerate(grid) for h, v in enumerate(row) if v}
    # Mon 23:59, Fri 00:30, Sat 11:00, Sun 01:30 (UTC+1) and Sun 03:30 (UTC+2)
    assert cells == {(0, 23): 1, (4, 0): 1, (5, 11): 1, (6, 1): 1, (6, 3): 1}


def test_the_same_events_in_utc_fall_on_other_days(org):
    utc = ZoneInfo("UTC")
    figures = headline(q(zone=utc))
    # a's Friday-00:30-Paris view is Thursday in UTC; c's Tuesday-00:00-Paris view is Monday.
    assert figures["modules_read"] == 5
    cells = {
        (d, h): v for d, row in enumerate(heatmap(q(zone=utc))) for h, v in enumerate(row) if v
    }
    assert cells == {(0, 21): 1, (0, 22): 1, (5, 10): 1, (6, 0): 1, (6, 1): 1}


def test_daily_series_has_every_local_day(org):
    assert daily_series(q()) == [
        {"day": "2026-03-27", "active": 1, "completions": 1},
        {"day": "2026-03-28", "active": 1, "completions": 1},
        {"day": "2026-03-29", "active": 1, "completions": 1},
        {"day": "2026-03-30", "active": 1, "completions": 0},
    ]


def test_top_modules_and_authors(org):
    assert [(m["module_id"], m["reads"], m["completions"]) for m in top_modules(q())] == [
        (1, 2, 2),
        (2, 2, 1),
        (3, 1, 0),
    ]
    authors = top_authors(q())
    assert [(a["name"], a["reads"], a["completions"], a["modules"]) for a in authors] == [
        ("X the author", 4, 3, 2),
        ("A", 1, 0, 1),
    ]


def test_departments_fold_small_groups_until_other_has_k_people(org):
    # Sales (2) and no department (1) make only 3 people: Eng joins them, so no department
    # can be read off the table (or subtracted from the organisation's totals).
    rows = department_table(q())
    assert rows == [
        {
            "department_id": None,
            "department": "Other",
            "members": 8,
            "active": 4,
            "completions": 3,
            "points": 10,
            "completion_rate": 0.75,
        },
    ]


def test_departments_with_enough_people_stand_alone(org):
    rows = department_table(ReportQuery(Period(START, END, PARIS), None, 3))
    assert [(r["department"], r["members"]) for r in rows] == [("Eng", 5), ("Other", 3)]
    assert rows[1]["completion_rate"] == 1.0 and rows[1]["points"] == 10


def test_department_filter(org):
    figures = headline(q(org.eng.id))
    assert (figures["active_learners"], figures["modules_read"], figures["completions"]) == (
        3,
        4,
        2,
    )
    assert figures["completion_rate"] == round(2 / 3, 4)
    assert figures["new_modules_published"] == 1  # only module 3's author (a) is in Eng
    assert completion_buckets(q(org.eng.id))[0] == {"bucket": "0", "people": 3, "share": 0.6}


def test_a_small_department_is_refused(org):
    with pytest.raises(GroupTooSmall):
        build_dashboard(q(org.sales.id))


def test_a_department_folded_to_hide_a_small_one_is_refused_too(org):
    # Eng has 5 members, but it is inside "Other" (Other minus Eng would be Sales + x)
    with pytest.raises(GroupTooSmall):
        build_dashboard(q(org.eng.id))


def test_the_empty_range(org):
    figures = build_dashboard(q(start=date(2025, 1, 1), end=date(2025, 1, 7)))
    h = figures["headline"]
    assert (h["active_learners"], h["modules_read"], h["completions"]) == (0, 0, 0)
    assert h["completion_rate"] is None and h["average_completed_per_active"] is None
    assert h["median_hours_to_publication"] is None
    assert len(figures["daily"]) == 7 and not any(d["active"] for d in figures["daily"])
    assert figures["completion_buckets"][0]["people"] == 8
    assert sum(map(sum, figures["heatmap"])) == 0
    assert figures["top_modules"] == figures["top_authors"] == []
