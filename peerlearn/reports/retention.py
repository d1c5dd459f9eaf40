"""Retention: roll old raw learning events into hourly totals, then delete them — keeping
what the game needs to be replayed, and only after the learning record store has them.

``purge(now)`` works one UTC day at a time, oldest first, each day in its own transaction:
sum the day's *purgeable* events by (hour, actor, verb, object) into :class:`EventRollup`
(adding to rows an earlier purge left for the same keys), delete them, commit. A crash
leaves every day either fully rolled up or untouched.

Not purgeable (:func:`purgeable`), because ``flask gamification replay`` rebuilds every
point from them and would otherwise cut honest points:

* the events the engine handles (completions, passed quizzes, claps, publications,
  reviews, …: :data:`KEPT_VERBS`) and time zone changes (they date streak days);
* each person's earliest event (the engine dates an account from it: a purge must not make
  an old account look new and hold the points it gives);
* submissions and claims (the vetting report times reviews from them).

What goes is the bulk: module views, quiz attempts, sign-ins, bookmarks, comments… When a
learning record store is configured, the purge first forwards the backlog, and never deletes
an event the LRS has not accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import aliased

from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.gamification.handlers import HANDLED_VERBS
from peerlearn.organisation.services import get_setting
from peerlearn.reports.facts import ALL_DETAILS, raw_facts
from peerlearn.reports.forwarding import configured, forward, forwarding_status
from peerlearn.reports.models import EventRollup

KEPT_VERBS = frozenset(HANDLED_VERBS) | {
    Verb.TIMEZONE_CHANGED,
    Verb.MODULE_SUBMITTED,
    Verb.SUBMISSION_CLAIMED,
}
"""Verbs a purge never deletes (replay and the vetting report read them)."""
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class PurgeReport:
    cutoff: datetime
    events_deleted: int
    rollup_rows: int
    days: int
    forwarded: int = 0
    held_for_lrs: bool = False
    """True when the LRS has not accepted everything before the cutoff (those events wait)."""


def purgeable(start: datetime, end: datetime, up_to_id: int | None = None) -> Any:
    """The WHERE clause of the events in [start, end) a purge may delete (see above)."""
    earlier = aliased(LearningEvent)
    has_earlier = exists().where(
        earlier.actor_id == LearningEvent.actor_id,
        earlier.occurred_at < LearningEvent.occurred_at,
    )
    clause = and_(
        LearningEvent.occurred_at >= start,
        LearningEvent.occurred_at < end,
        LearningEvent.verb.not_in(sorted(KEPT_VERBS)),
        or_(LearningEvent.actor_id.is_(None), has_earlier),
    )
    if up_to_id is not None:
        clause = and_(clause, LearningEvent.id <= up_to_id)
    return clause


def retention_cutoff(now: datetime) -> datetime:
    """Events before this instant (whole UTC hours) are purged."""
    cutoff = now.astimezone(UTC) - timedelta(days=int(get_setting("report_retention_days")))
    return cutoff.replace(minute=0, second=0, microsecond=0)


def _verbs_before(cutoff: datetime) -> tuple[str, ...]:
    return tuple(
        db.session.execute(
            select(LearningEvent.verb)
            .where(LearningEvent.occurred_at < cutoff, LearningEvent.verb.not_in(KEPT_VERBS))
            .distinct()
        ).scalars()
    )


def _roll_up(start: datetime, end: datetime, verbs: tuple[str, ...], clause: Any) -> int:
    """Add the events matching ``clause`` to the roll-up table; return the rows written."""
    facts = raw_facts(None, verbs, ALL_DETAILS).where(clause).subquery()
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
            .where(clause)
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
    """Forward to the LRS (when configured), then roll up and delete every purgeable event
    older than the retention window. Commits per day (a command-level function, run by
    ``flask reports purge``)."""
    cutoff = retention_cutoff(now or datetime.now(UTC))
    forwarded, up_to_id = 0, None
    if configured():
        forwarded = forward().sent
        up_to_id = forwarding_status().last_event_id
    verbs = _verbs_before(cutoff)
    deleted = rows = days = 0

    def first_day(after: datetime | None) -> datetime | None:
        lower = after or EARLIEST
        oldest = db.session.execute(
            select(func.min(LearningEvent.occurred_at)).where(purgeable(lower, cutoff, up_to_id))
        ).scalar_one_or_none()
        if oldest is None:
            return None
        return oldest.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)

    day = first_day(None)
    while day is not None and day < cutoff:
        end = min(day + timedelta(days=1), cutoff)
        clause = purgeable(day, end, up_to_id)
        rows += _roll_up(day, end, verbs, clause)
        doomed = select(LearningEvent.id).where(clause).scalar_subquery()
        result = db.session.execute(
            delete(LearningEvent).where(LearningEvent.id.in_(doomed)),
            execution_options={"synchronize_session": False},
        )
        deleted += result.rowcount or 0
        db.session.commit()
        days += 1
        day = first_day(end)
    held = up_to_id is not None and bool(
        db.session.execute(
            select(func.count()).select_from(LearningEvent).where(purgeable(EARLIEST, cutoff))
        ).scalar_one()
    )
    return PurgeReport(cutoff, deleted, rows, days, forwarded, held)
