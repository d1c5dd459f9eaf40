"""Reading services: open a module, report visible reading time, complete it, take its quiz.

Functions take the acting user, flush and record learning events; they never commit.
Every module event carries ``module_context`` (author_id, tags, revision_id …) so the
gamification engine can pay the right people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select, update

from peerlearn.content.context import module_context
from peerlearn.content.models import Module
from peerlearn.dialect import insert_ignore, least
from peerlearn.errors import Conflict, NotFoundError, ServiceError
from peerlearn.events import LearningEvent, Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.modules.models import Completion, QuizAttempt, ReadingProgress
from peerlearn.modules.paths import advance_paths
from peerlearn.modules.quizzing import QuestionResult, clean_answers, score_quiz, withhold
from peerlearn.organisation.services import get_setting

MAX_REPORT_SECONDS = 30 * 60  # one report covers at most half an hour of visible time
MAX_TOTAL_SECONDS = 24 * 60 * 60
CREDIT_RETRIES = 3  # a report that lost a race re-reads and credits what is left
FALLBACK_MINUTES_FACTOR = 3  # without the script: at most 3× the estimate since opening
VIEW_WINDOW = timedelta(minutes=30)
"""One visit: opening a module again within this long of the last recorded view (the
redirects back after completing, clapping, bookmarking, commenting; a reload) is not a
new ``module_viewed``."""


def _context(module: Module, **extra: Any) -> dict[str, Any]:
    return module_context(module, module.published_revision, **extra)


def progress_of(user: Any, module: Module) -> ReadingProgress | None:
    return db.session.execute(
        select(ReadingProgress).where(
            ReadingProgress.user_id == user.id, ReadingProgress.module_id == module.id
        )
    ).scalar_one_or_none()


def completion_of(user: Any, module: Module) -> Completion | None:
    return db.session.execute(
        select(Completion).where(Completion.user_id == user.id, Completion.module_id == module.id)
    ).scalar_one_or_none()


def _viewed_since(actor: Any, module: Module, since: datetime) -> bool:
    """Whether ``actor``'s last recorded view of ``module`` is at or after ``since``."""
    return (
        db.session.execute(
            select(LearningEvent.id)
            .where(
                LearningEvent.actor_id == actor.id,
                LearningEvent.occurred_at >= since,
                LearningEvent.verb == Verb.MODULE_VIEWED,
                LearningEvent.object_type == "module",
                LearningEvent.object_id == module.id,
            )
            .limit(1)
        ).first()
        is not None
    )


def view_module(actor: Any, module: Module, now: datetime | None = None) -> ReadingProgress:
    """Record that ``actor`` opened ``module`` (at ``now``): the progress row always, and a
    ``module_viewed`` event once per visit — not again within :data:`VIEW_WINDOW` of the
    last one. ``view_count`` counts those visits."""
    now = now or utcnow()
    created = (
        insert_ignore(
            ReadingProgress,
            {
                "user_id": actor.id,
                "module_id": module.id,
                "revision_id": module.published_revision_id,
                "first_viewed_at": now,
                "last_viewed_at": now,
                "credited_until": now,
                "view_count": 1,
                "visible_seconds": 0.0,
            },
            ("user_id", "module_id"),
        )
        is not None
    )
    new_visit = created or not _viewed_since(actor, module, now - VIEW_WINDOW)
    if not created:
        db.session.execute(
            update(ReadingProgress)
            .where(ReadingProgress.user_id == actor.id, ReadingProgress.module_id == module.id)
            .values(
                view_count=ReadingProgress.view_count + int(new_visit),
                last_viewed_at=now,
                revision_id=module.published_revision_id,
                # An opening starts a reading session: time before it is never credited.
                credited_until=case(
                    (ReadingProgress.credited_until > now, ReadingProgress.credited_until),
                    else_=now,
                ),
            )
        )
    if new_visit:
        context = _context(module, first=created)
        record_event(Verb.MODULE_VIEWED, actor, "module", module.id, context, occurred_at=now)
    progress = progress_of(actor, module)
    assert progress is not None  # just written
    db.session.refresh(progress)
    return progress


def record_reading_time(
    actor: Any, module: Module, seconds: float, now: datetime | None = None
) -> float:
    """Credit visible-page seconds the reading script measured; return the credited total.

    The server believes a report only as far as the wall clock allows: it credits at most
    the time since the last accepted report or the opening of the current session
    (``credited_until``), at most 30 minutes, the total at most a day, and moves
    ``credited_until`` to ``now``. The move is a compare-and-set on ``credited_until``, so
    concurrent reports cannot both credit the same interval. A report for a module the
    reader never opened is refused (:class:`Conflict`), writing nothing. Reading is also
    re-reading: it keeps counting after completion.
    """
    if not isinstance(seconds, int | float) or seconds != seconds:  # NaN
        raise ServiceError("Send the number of seconds.", "seconds")
    now = now or utcnow()
    progress = progress_of(actor, module)
    if progress is None:
        raise Conflict("Open the module before reporting reading time.")
    for _ in range(CREDIT_RETRIES):
        since = progress.credited_until
        if now <= since:
            break  # nothing elapsed since the last credited moment
        elapsed = (now - since).total_seconds()
        credit = max(0.0, min(float(seconds), MAX_REPORT_SECONDS, elapsed))
        moved = db.session.execute(
            update(ReadingProgress)
            .where(ReadingProgress.id == progress.id, ReadingProgress.credited_until == since)
            .values(
                visible_seconds=least(ReadingProgress.visible_seconds + credit, MAX_TOTAL_SECONDS),
                credited_until=now,
            )
        ).rowcount
        db.session.refresh(progress)
        if moved:
            break
        # Another report moved credited_until first: re-read and credit what is left.
    return progress.visible_seconds


def reading_seconds(progress: ReadingProgress, module: Module, now: datetime) -> float:
    """Visible time measured by the script; without it, the time since the page was opened
    (capped at a few times the estimate) — the no-script fallback."""
    if progress.visible_seconds > 0:
        return round(progress.visible_seconds, 1)
    minutes = module.published_revision.estimated_minutes if module.published_revision else 5
    elapsed = (now - progress.last_viewed_at).total_seconds()
    return round(max(0.0, min(elapsed, minutes * 60 * FALLBACK_MINUTES_FACTOR)), 1)


def complete_module(
    actor: Any,
    module: Module,
    *,
    score: int | None = None,
    by_quiz: bool = False,
    opened_at: datetime | None = None,
) -> tuple[Completion, bool]:
    """Complete ``module`` for ``actor``; ``(completion, created)``. ``opened_at``: when the
    page was opened, for a reader whose view the script never reported (recorded then).

    Once per person per module, decided by the database's unique constraint, so concurrent
    requests record exactly one completion and one ``module_completed`` event. A module with
    a quiz completes only by passing it (``by_quiz``).
    """
    revision = module.published_revision
    if revision is not None and revision.quiz and not by_quiz:
        raise ServiceError("Pass the quiz to complete this module.")
    now = utcnow()
    opened = min(opened_at, now) if opened_at else None
    progress = progress_of(actor, module) or view_module(actor, module, now=opened)
    seconds = reading_seconds(progress, module, now)
    created = (
        insert_ignore(
            Completion,
            {
                "user_id": actor.id,
                "module_id": module.id,
                "revision_id": module.published_revision_id,
                "method": "quiz" if by_quiz else "button",
                "reading_seconds": seconds,
                "score": score,
                "completed_at": now,
            },
            ("user_id", "module_id"),
        )
        is not None
    )
    completion = completion_of(actor, module)
    assert completion is not None  # written now or before
    if created:
        extra: dict[str, Any] = {"reading_seconds": seconds}
        if by_quiz:
            extra["score"] = score
        record_event(Verb.MODULE_COMPLETED, actor, "module", module.id, _context(module, **extra))
        advance_paths(actor, module)
    return completion, created


# --- quiz -------------------------------------------------------------------------------


@dataclass
class QuizStatus:
    """Whether ``user`` may take the quiz now, and why not."""

    passed: bool
    attempts_today: int
    limit: int
    next_attempt_at: datetime | None
    last: QuizAttempt | None
    reason: str = ""

    @property
    def can_attempt(self) -> bool:
        return not self.reason


def quiz_status(user: Any, module: Module, now: datetime | None = None) -> QuizStatus:
    """Cooldown after a failed attempt, a daily limit (rolling 24 hours), none once passed."""
    now = now or utcnow()
    attempts = list(
        db.session.execute(
            select(QuizAttempt)
            .where(QuizAttempt.user_id == user.id, QuizAttempt.module_id == module.id)
            .order_by(QuizAttempt.number.desc())
        ).scalars()
    )
    last = attempts[0] if attempts else None
    limit = get_setting("quiz_attempts_per_day")
    today = [a for a in attempts if a.created_at > now - timedelta(days=1)]
    passed = any(a.passed for a in attempts)
    status = QuizStatus(passed, len(today), limit, None, last)
    if passed:
        status.reason = "You have passed this quiz."
    elif len(today) >= limit:
        status.next_attempt_at = min(a.created_at for a in today) + timedelta(days=1)
        status.reason = f"You have used all {limit} attempts for today."
    elif last is not None:
        ready = last.created_at + timedelta(minutes=get_setting("quiz_retry_cooldown_minutes"))
        if ready > now:
            status.next_attempt_at = ready
            status.reason = "Take a moment to re-read the module before trying again."
    return status


@dataclass
class AttemptResult:
    """A scored attempt: the row, each question's result, the completion if it passed, and
    whether the results reveal explanations and right answers (a pass only: a failed attempt
    shows which answers were wrong, never why, or the next attempt would copy them)."""

    attempt: QuizAttempt
    results: list[QuestionResult] = field(default_factory=list)
    completion: Completion | None = None
    revealed: bool = False
    used_up: bool = False
    """A failed attempt that was the last the rolling daily limit allows for now."""


def attempt_quiz(
    actor: Any, module: Module, answers: Any, opened_at: datetime | None = None
) -> AttemptResult:
    """Score ``answers``; record ``quiz_attempted`` (and ``quiz_passed`` + completion).
    ``opened_at`` as for :func:`complete_module`. A failed attempt reveals the score and
    which answers were wrong; explanations and right answers come with a pass only."""
    revision = module.published_revision
    quiz = revision.quiz if revision else None
    if not quiz:
        raise NotFoundError("This module has no quiz.")
    status = quiz_status(actor, module)
    if not status.can_attempt:
        when = status.next_attempt_at
        suffix = f" Try again after {when:%H:%M} UTC." if when else ""
        raise Conflict(status.reason + suffix)
    cleaned = clean_answers(quiz, answers)
    score, passed, results = score_quiz(quiz, cleaned, reveal=True)
    revealed = passed
    if not revealed:
        results = [withhold(r) for r in results]
    number = (status.last.number if status.last else 0) + 1
    attempt = QuizAttempt(
        user_id=actor.id,
        module_id=module.id,
        revision_id=revision.id,
        number=number,
        answers=cleaned,
        score=score,
        passed=passed,
    )
    db.session.add(attempt)
    db.session.flush()  # a concurrent twin hits the unique (user, module, number): 409
    context = _context(module, score=score, passed=passed, attempt=number)
    record_event(Verb.QUIZ_ATTEMPTED, actor, "module", module.id, context)
    completion = None
    if passed:
        first_try = number == 1
        record_event(
            Verb.QUIZ_PASSED,
            actor,
            "module",
            module.id,
            _context(module, first_try=first_try, score=score),
        )
        completion, _ = complete_module(
            actor, module, score=score, by_quiz=True, opened_at=opened_at
        )
    used_up = not passed and status.attempts_today + 1 >= status.limit
    return AttemptResult(attempt, results, completion, revealed, used_up)
