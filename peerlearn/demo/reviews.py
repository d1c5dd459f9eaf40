"""Believable review timing for the demo (``peerlearn.demo.history`` calls it).

The catalog is taken through the real authoring and review services in one go, so every
submission, claim, decision and publication happens at the same instant. Here each round
gets its own timeline, walking back from when the module went live: the reviewer decides
hours to days after the submission (log-normal: median ~20 h, a long tail of a few days),
during working hours; an earlier round that asked for changes ended a few hours to days
before the author resubmitted. Submissions still waiting keep the ages the queue gave them.
The review rows and their learning events move together, so the vetting report and the
events agree.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from peerlearn.authoring.models import ReviewDecision, Submission
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db

REVIEW_VERBS = (Verb.MODULE_SUBMITTED, Verb.SUBMISSION_CLAIMED, Verb.REVIEW_DECIDED)
MEDIAN_REVIEW_HOURS = 20.0


def working_hours(rng: random.Random, moment: datetime) -> datetime:
    """The same moment, or the next weekday morning when it falls outside 8:00–18:00."""
    if 8 <= moment.hour < 18 and moment.weekday() < 5:
        return moment
    day = moment if moment.hour < 8 else moment + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=rng.randint(8, 11), minute=rng.randrange(60))


def review_delay(rng: random.Random) -> timedelta:
    """How long a submission waits for its decision."""
    return timedelta(hours=max(0.5, rng.lognormvariate(0, 0.85) * MEDIAN_REVIEW_HOURS))


def _timeline(
    rng: random.Random, rounds: list[Submission], end: datetime, now: datetime
) -> dict[int, tuple[datetime, datetime | None]]:
    """(submitted, decided) per submission id, the last round ending at ``end``."""
    found: dict[int, tuple[datetime, datetime | None]] = {}
    decided_at: datetime | None = end
    for n, submission in enumerate(reversed(rounds)):
        if n == 0 and submission.state == "approved":  # it went live at ``end``: keep it
            found[submission.id] = (end - review_delay(rng), end)
            decided_at = found[submission.id][0] - timedelta(hours=rng.uniform(4, 72))
            continue
        if submission.state == "pending":
            found[submission.id] = (submission.submitted_at, None)
            decided_at = submission.submitted_at - timedelta(hours=rng.uniform(4, 72))
            continue
        decided = min(decided_at or end, now - timedelta(minutes=5))
        submitted = decided - review_delay(rng)
        decided = min(max(working_hours(rng, decided), submitted), now - timedelta(minutes=5))
        found[submission.id] = (submitted, decided)
        decided_at = submitted - timedelta(hours=rng.uniform(4, 72))  # the author revises
    return found


def time_reviews(rng: random.Random, now: datetime, released: dict[int, datetime]) -> int:
    """Spread every demo review round over believable hours; return the rounds moved.

    ``released`` maps a live module to when it went live (its last round's decision).
    Modules sent back or rejected end some days before ``now``.
    """
    submissions = db.session.execute(select(Submission).order_by(Submission.id)).scalars().all()
    by_module: dict[int, list[Submission]] = defaultdict(list)
    for submission in submissions:
        by_module[submission.module_id].append(submission)
    times: dict[int, tuple[datetime, datetime | None]] = {}
    for module_id, rounds in by_module.items():
        end = released.get(module_id) or now - timedelta(hours=rng.uniform(6, 24 * 12))
        times.update(_timeline(rng, rounds, end, now))
    for submission in submissions:
        submitted, decided = times[submission.id]
        submission.submitted_at = submitted
        if decided is not None:
            submission.decided_at = decided
    for decision in db.session.execute(select(ReviewDecision)).scalars():
        decided = times.get(decision.submission_id, (None, None))[1]
        if decided is not None:
            decision.created_at = decided
    _move_events(rng, times)
    db.session.flush()
    return len(times)


def _move_events(rng: random.Random, times: dict[int, tuple[datetime, datetime | None]]) -> None:
    events = db.session.execute(
        select(LearningEvent.id, LearningEvent.verb, LearningEvent.context).where(
            LearningEvent.verb.in_(REVIEW_VERBS)
        )
    ).all()
    for event_id, verb, context in events:
        submission_id = (context or {}).get("submission_id")
        if submission_id not in times:
            continue
        submitted, decided = times[submission_id]
        if verb == Verb.MODULE_SUBMITTED or decided is None:
            at: Any = submitted
        elif verb == Verb.SUBMISSION_CLAIMED:
            at = submitted + (decided - submitted) * rng.uniform(0.3, 0.95)
        else:
            at = decided
        db.session.execute(
            update(LearningEvent).where(LearningEvent.id == event_id).values(occurred_at=at)
        )
