"""Retention: roll old raw learning events into hourly totals, then delete them.

``purge(now)`` works one UTC day at a time, oldest first, each day in its own transaction:
sum the day's events by (hour, actor, verb, object) into :class:`EventRollup` (adding to
rows an earlier purge left for the same keys), delete the day's events, commit. A crash
leaves every day either fully rolled up or untouched. Points, ledger totals and badges live
in their own tables and are not touched (their ``source_event_id`` link becomes empty,
which is what their foreign keys say).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select

from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.reports.facts import ALL_DETAILS, raw_facts
from peerlearn.reports.models import EventRollup


@dataclass
class PurgeReport:
    cutoff: datetime
    events_deleted: int
    rollup_rows: int
    days: int


def retention_cutoff(now: datetime) -> datetime:
    """Events before this instant (whole UTC hours) are purged."""
    cutoff = now.astimezone(UTC) - timedelta(days=int(get_setting("report_retention_days")))
    return cutoff.replace(minute=0, second=0, microsecond=0)


def _verbs_before(cutoff: datetime) -> tuple[str, ...]:
    return tuple(
        db.session.execute(
            select(LearningEvent.verb).where(LearningEvent.occurred_at < cutoff).distinct()
        ).scalars()
    )


def _roll_up(start: datetime, end: datetime, verbs: tuple[str, ...]) -> int:
    """Add the events in [start, end) to the roll-up table; return the rows written."""
    facts = (
        raw_facts(None, verbs, ALL_DETAILS)
        .where(LearningEvent.occurred_at >= start, LearningEvent.occurred_at < end)
        .subquery()
    )
    hour = facts.c.ts // 3600
    key_columns = (hour, facts.c.actor_id, facts.c.verb, facts.c.object_id)
    grouped = db.session.execute(
        select(
            *key_columns,
            func.max(facts.c.author_id),
            func.max(facts.c.origin),
            func.sum(facts.c.n),
            func.sum(facts.c.seconds),
            func.sum(facts.c.score_sum),
            func.sum(facts.c.score_n),
            func.sum(facts.c.flag_n),
            func.sum(facts.c.amount),
        ).group_by(*key_columns)
    ).all()
    lo, hi = int(start.timestamp()) // 3600, int(end.timestamp()) // 3600
    existing = {
        (r.utc_hour, r.actor_id, r.verb, r.object_id): r
        for r in db.session.execute(
            select(EventRollup).where(EventRollup.utc_hour >= lo, EventRollup.utc_hour < hi)
        ).scalars()
    }
    object_types = dict(
        db.session.execute(
            select(LearningEvent.verb, func.max(LearningEvent.object_type))
            .where(LearningEvent.occurred_at >= start, LearningEvent.occurred_at < end)
            .group_by(LearningEvent.verb)
        ).all()
    )
    for h, actor, verb, obj, author, origin, n, seconds, score, score_n, flag, amount in grouped:
        row = existing.get((h, actor, verb, obj))
        if row is None:
            row = EventRollup(
                utc_hour=int(h),
                actor_id=actor,
                verb=verb,
                object_id=obj,
                object_type=object_types.get(verb),
                author_id=author,
                origin=origin,
                event_count=0,
                seconds_sum=0,
                score_sum=0.0,
                score_count=0,
                flag_count=0,
                amount_sum=0,
            )
            db.session.add(row)
        row.event_count += int(n)
        row.seconds_sum += int(seconds or 0)
        row.score_sum += float(score or 0)
        row.score_count += int(score_n or 0)
        row.flag_count += int(flag or 0)
        row.amount_sum += int(amount or 0)
    db.session.flush()
    return len(grouped)


def purge(now: datetime | None = None) -> PurgeReport:
    """Roll up and delete every raw event older than the retention window. Commits per day
    (a command-level function, run by ``flask reports purge``)."""
    cutoff = retention_cutoff(now or datetime.now(UTC))
    verbs = _verbs_before(cutoff)
    deleted = rows = days = 0
    oldest = db.session.execute(
        select(func.min(LearningEvent.occurred_at)).where(LearningEvent.occurred_at < cutoff)
    ).scalar_one_or_none()
    if oldest is None:
        return PurgeReport(cutoff, 0, 0, 0)
    day = oldest.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    while day < cutoff:
        end = min(day + timedelta(days=1), cutoff)
        rows += _roll_up(day, end, verbs)
        result = db.session.execute(
            delete(LearningEvent).where(
                LearningEvent.occurred_at >= day, LearningEvent.occurred_at < end
            )
        )
        deleted += result.rowcount or 0
        db.session.commit()
        days += 1
        following = db.session.execute(
            select(func.min(LearningEvent.occurred_at)).where(
                LearningEvent.occurred_at >= end, LearningEvent.occurred_at < cutoff
            )
        ).scalar_one_or_none()
        if following is None:
            break
        day = following.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return PurgeReport(cutoff, deleted, rows, days)
