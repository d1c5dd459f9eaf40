"""The figures the field reports about peer learning (SmartUp's headline), as one panel.

Peer vs official reads *per module*, completion rate, the share of active learners with
10+/50+/100+ completions, the busiest hours and days, claps per module. Each is defined in
:mod:`peerlearn.reports.definitions`; this module only adds what :mod:`metrics` lacks.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.content.models import Module
from peerlearn.extensions import db
from peerlearn.reports.facts import CLAPPED, VIEWED, db_rows
from peerlearn.reports.metrics import WEEKDAYS, ReportQuery, _ratio

HEATMAP_ZONES = ("organisation", "person")
"""Whose clock the heatmap uses: the organisation's, or each reader's own time zone."""


def claps(query: ReportQuery) -> dict[str, Any]:
    """Claps given in the period, the modules that got any, and claps per such module."""
    f = query.facts((CLAPPED,), frozenset({"amount"}))
    total, modules = db.session.execute(
        select(func.coalesce(func.sum(f.c.amount), 0), func.count(func.distinct(f.c.object_id)))
    ).one()
    return {
        "claps": int(total),
        "modules_clapped": int(modules),
        "claps_per_module": round(int(total) / int(modules), 1) if modules else None,
    }


def published_by_origin() -> dict[str, int]:
    """Modules published now, per origin (``peer`` / ``official``)."""
    rows = db_rows(
        select(Module.origin, func.count())
        .where(Module.published_revision_id.is_not(None))
        .group_by(Module.origin)
    )
    found = {"peer": 0, "official": 0}
    found.update({origin: int(n) for origin, n in rows if origin in found})
    return found


def per_module_origin(split: dict[str, Any]) -> dict[str, Any]:
    """Reads per published module of each origin, and peer ÷ official of those."""
    published = published_by_origin()
    peer = _per(split["peer"]["reads"], published["peer"])
    official = _per(split["official"]["reads"], published["official"])
    return {
        "peer_modules": published["peer"],
        "official_modules": published["official"],
        "peer_reads_per_module": peer,
        "official_reads_per_module": official,
        "peer_vs_official_per_module": _ratio(peer, official) if peer is not None else None,
    }


def _per(part: int, whole: int) -> float | None:
    return round(part / whole, 2) if whole else None


def person_zone_heatmap(query: ReportQuery) -> list[list[int]]:
    """Reads by weekday and hour on each reader's own clock (their profile's time zone).

    The database groups reads by (reader's zone, UTC hour); each group is then placed on
    that zone's local weekday and hour here, so the result is exact across DST changes.
    """
    f = query.facts((VIEWED,))
    hour = f.c.ts // 3600
    rows = db_rows(
        select(User.timezone, hour, func.sum(f.c.n))
        .outerjoin(User, User.id == f.c.actor_id)
        .group_by(User.timezone, hour)
    )
    zones: dict[str | None, ZoneInfo] = {}
    grid = [[0] * 24 for _ in range(7)]
    for name, utc_hour, count in rows:
        if name not in zones:
            try:
                zones[name] = ZoneInfo(name) if name else query.period.zone
            except (ZoneInfoNotFoundError, ValueError):
                zones[name] = query.period.zone
        local = datetime.fromtimestamp(int(utc_hour) * 3600, UTC).astimezone(zones[name])
        grid[local.weekday()][local.hour] += int(count)
    return grid


def peaks(grid: list[list[int]]) -> dict[str, Any]:
    """The three busiest hours, weekdays by reads, and the weekend together."""
    by_hour = [sum(row[h] for row in grid) for h in range(24)]
    by_day = [sum(row) for row in grid]
    total = sum(by_day)
    hours = sorted(range(24), key=lambda h: (-by_hour[h], h))[:3] if total else []
    days = sorted(range(7), key=lambda d: (-by_day[d], d)) if total else []
    weekend = by_day[5] + by_day[6]
    return {
        "peak_hours": [h for h in hours if by_hour[h]],
        "peak_days": [{"day": WEEKDAYS[d], "reads": by_day[d]} for d in days],
        "weekend_reads": weekend,
        "weekend_beats_every_weekday": bool(total) and weekend > max(by_day[:5]),
    }


def smartup_panel(
    query: ReportQuery, headline: dict[str, Any], split: dict[str, Any], grid: list[list[int]]
) -> dict[str, Any]:
    """Every headline figure of the panel, from what the dashboard already computed."""
    return {
        "completion_rate": headline["completion_rate"],
        "active_learners": headline["active_learners"],
        **{k: headline[k] for k in ("share_10_plus", "share_50_plus", "share_100_plus")},
        **per_module_origin(split),
        "read_ratio": split["read_ratio"],
        **claps(query),
        **peaks(grid),
        "heatmap_zone": query.heatmap_zone,
    }
