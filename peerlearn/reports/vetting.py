"""The L&D vetting report: how fast and how well content is reviewed.

Read from the review records themselves (``Submission``, ``ReviewDecision``), not from the
learning events, so a purge never changes it. Definitions (also in
:mod:`peerlearn.reports.definitions`):

* *submissions*: revisions sent for review in the period (``published_on_submit`` ones
  went live at once under post-publication vetting and are counted apart);
* *decisions*: review decisions made in the period, by kind;
* *time to first decision*: for decisions in the period, hours from the submission to its
  decision (one decision per submission);
* *time to publication*: for approvals in the period, hours from the first submission of
  that round (the earliest since the module's previous approval, change requests
  included) to the approval;
* medians and 90th percentiles (nearest rank) of those hours, per week or month and per
  reviewer; rejection and change-request comments; average rubric score per criterion.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.authoring.models import ReviewDecision, Submission
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.content.models import Module, ModuleRevision
from peerlearn.extensions import db
from peerlearn.reports.facts import db_rows
from peerlearn.reports.period import Period

MONTHLY_AFTER_DAYS = 92
"""Periods longer than this are split by month, shorter ones by ISO week."""
REASONS_SHOWN = 20


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` 0–1): a value that really occurred."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1], 1)


def _summary(hours: list[float]) -> dict[str, Any]:
    return {
        "count": len(hours),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "p90_hours": percentile(hours, 0.9),
    }


def _bucket(moment: datetime, period: Period) -> str:
    local = moment.astimezone(period.zone).date()
    if (period.end - period.start).days > MONTHLY_AFTER_DAYS:
        return local.strftime("%Y-%m")
    monday = local - timedelta(days=local.weekday())
    return f"week of {monday.isoformat()}"


def _hours(later: datetime, earlier: datetime) -> float:
    return max(0.0, (later - earlier).total_seconds() / 3600)


def _round_starts(module_ids: set[int], before: datetime) -> dict[int, list[tuple[Any, ...]]]:
    """Every submission (time, decision, decided at) of ``module_ids`` up to ``before``."""
    rows = db_rows(
        select(
            Submission.module_id,
            Submission.submitted_at,
            ReviewDecision.decision,
            ReviewDecision.created_at,
        )
        .outerjoin(ReviewDecision, ReviewDecision.submission_id == Submission.id)
        .where(Submission.module_id.in_(module_ids), Submission.submitted_at < before)
        .order_by(Submission.submitted_at)
    )
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for module_id, submitted, decision, decided in rows:
        found[module_id].append((submitted, decision, decided))
    return found


def _round_start(history: list[tuple[Any, ...]], approved_at: datetime) -> datetime | None:
    """The earliest submission since the previous approval before ``approved_at``."""
    start = None
    for submitted, decision, decided in history:
        if decided is not None and decided < approved_at and decision == "approve":
            start = None  # a new round begins after each earlier approval
            continue
        if submitted <= approved_at and start is None:
            start = submitted
    return start


def vetting_report(period: Period) -> dict[str, Any]:
    """Every figure of the vetting report for ``period`` (organisation-wide)."""
    lo, hi = period.utc_start, period.utc_end
    submitted = db_rows(
        select(Submission.submitted_at, Submission.published_on_submit).where(
            Submission.submitted_at >= lo, Submission.submitted_at < hi
        )
    )
    decided = db_rows(
        select(
            ReviewDecision.reviewer_id,
            ReviewDecision.decision,
            ReviewDecision.rubric,
            ReviewDecision.comment,
            ReviewDecision.created_at,
            Submission.submitted_at,
            Submission.module_id,
        )
        .join(Submission, Submission.id == ReviewDecision.submission_id)
        .where(ReviewDecision.created_at >= lo, ReviewDecision.created_at < hi)
        .order_by(ReviewDecision.created_at)
    )
    approvals = [d for d in decided if d.decision == "approve"]
    history = _round_starts({d.module_id for d in approvals}, hi)
    to_publication: list[tuple[datetime, float]] = []
    for d in approvals:
        start = _round_start(history.get(d.module_id, []), d.created_at)
        to_publication.append((d.created_at, _hours(d.created_at, start or d.submitted_at)))

    periods: dict[str, dict[str, Any]] = {}

    def slot(key: str) -> dict[str, Any]:
        return periods.setdefault(
            key,
            {"submissions": 0, "decisions": defaultdict(int), "first": [], "publication": []},
        )

    for at, on_submit in submitted:
        slot(_bucket(at, period))["submissions"] += 0 if on_submit else 1
    by_reviewer: dict[int, dict[str, Any]] = {}
    for d in decided:
        hours = _hours(d.created_at, d.submitted_at)
        row = slot(_bucket(d.created_at, period))
        row["decisions"][d.decision] += 1
        row["first"].append(hours)
        mine = by_reviewer.setdefault(d.reviewer_id, {"decisions": defaultdict(int), "first": []})
        mine["decisions"][d.decision] += 1
        mine["first"].append(hours)
    for at, hours in to_publication:
        slot(_bucket(at, period))["publication"].append(hours)

    names = dict(db_rows(select(User.id, User.display_name).where(User.id.in_(list(by_reviewer)))))
    return {
        "period": period.as_dict(),
        "submissions": sum(1 for _, on_submit in submitted if not on_submit),
        "published_on_submission": sum(1 for _, on_submit in submitted if on_submit),
        "decisions": _count_decisions(d.decision for d in decided),
        "time_to_first_decision": _summary([_hours(d.created_at, d.submitted_at) for d in decided]),
        "time_to_publication": _summary([h for _, h in to_publication]),
        "pending_now": _pending_now(),
        "by_period": [
            {
                "period": key,
                "submissions": row["submissions"],
                "decisions": _count_decisions_from(row["decisions"]),
                "time_to_first_decision": _summary(row["first"]),
                "time_to_publication": _summary(row["publication"]),
            }
            for key, row in sorted(periods.items())
        ],
        "by_reviewer": sorted(
            (
                {
                    "reviewer_id": reviewer,
                    "name": names.get(reviewer, "Former member"),
                    "decisions": _count_decisions_from(row["decisions"]),
                    "time_to_first_decision": _summary(row["first"]),
                }
                for reviewer, row in by_reviewer.items()
            ),
            key=lambda r: (-r["decisions"]["total"], r["name"]),
        ),
        "reasons": _reasons([d for d in decided if d.decision != "approve"]),
        "rubric": _rubric(decided),
    }


def _count_decisions(decisions: Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for decision in decisions:
        counts[decision] += 1
    return _count_decisions_from(counts)


def _count_decisions_from(counts: dict[str, int]) -> dict[str, int]:
    out = {k: int(counts.get(k, 0)) for k in ("approve", "request_changes", "reject")}
    out["total"] = sum(out.values())
    return out


def _pending_now() -> int:
    return int(
        db.session.execute(
            select(func.count()).select_from(Submission).where(Submission.state == "pending")
        ).scalar_one()
    )


def _reasons(decisions: list[Any]) -> list[dict[str, Any]]:
    """The latest rejection and change-request comments, with their module's title."""
    latest = list(reversed(decisions))[:REASONS_SHOWN]
    revision = func.coalesce(Module.published_revision_id, Module.draft_revision_id)
    titles = dict(
        db_rows(
            select(Module.id, func.coalesce(ModuleRevision.title, Module.slug))
            .outerjoin(ModuleRevision, ModuleRevision.id == revision)
            .where(Module.id.in_({d.module_id for d in latest}))
        )
    )
    return [
        {
            "module_id": d.module_id,
            "title": titles.get(d.module_id, f"Module {d.module_id}"),
            "decision": d.decision,
            "comment": d.comment,
            "decided_at": d.created_at.isoformat(),
        }
        for d in latest
    ]


def _rubric(decisions: list[Any]) -> list[dict[str, Any]]:
    """Average score per rubric criterion over the period's decisions."""
    scores: dict[str, list[int]] = defaultdict(list)
    for d in decisions:
        for key, value in (d.rubric or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                scores[key].append(value)
    labels = {c.key: c.label for c in rubric_criteria(include_inactive=True)}
    order = list(labels) + sorted(k for k in scores if k not in labels)
    return [
        {
            "key": key,
            "label": labels.get(key, key),
            "scored": len(scores[key]),
            "average": round(statistics.fmean(scores[key]), 2),
        }
        for key in order
        if scores.get(key)
    ]
