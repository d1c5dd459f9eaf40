"""Everything on the HR dashboard, assembled from the metric functions, and the filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from peerlearn.organisation.services import get_setting
from peerlearn.reports.departments import department_table
from peerlearn.reports.metrics import (
    ReportQuery,
    check_group,
    completion_buckets,
    daily_series,
    headline,
    heatmap,
    origin_split,
    per_person_completions,
    top_authors,
    top_modules,
)
from peerlearn.reports.period import DEFAULT_DAYS, Period, local_today, org_zone
from peerlearn.reports.smartup import person_zone_heatmap, smartup_panel


def report_query(args: dict[str, Any]) -> ReportQuery:
    """A query from loaded :class:`ReportArgsSchema` arguments (defaults: the last 30 days)."""
    zone = org_zone()
    end = args.get("end") or local_today(zone)
    start = args.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
    return ReportQuery(
        Period(start, end, zone),
        args.get("department_id"),
        int(get_setting("report_min_group_size")),
        args.get("heatmap_zone") or "organisation",
    )


def build_dashboard(query: ReportQuery) -> dict[str, Any]:
    """All dashboard figures; refuses a department smaller than K (``GroupTooSmall``)."""
    check_group(query)
    per_person = per_person_completions(query)
    figures = headline(query, per_person)
    split = origin_split(query)
    grid = person_zone_heatmap(query) if query.heatmap_zone == "person" else heatmap(query)
    return {
        "period": query.period.as_dict(),
        "department_id": query.department_id,
        "min_group_size": query.min_group,
        "headline": figures,
        "smartup": smartup_panel(query, figures, split, grid),
        "completion_buckets": completion_buckets(query, per_person),
        "origin_split": split,
        "heatmap": grid,
        "daily": daily_series(query),
        "top_modules": top_modules(query),
        "top_authors": top_authors(query),
        "departments": department_table(query),
    }
