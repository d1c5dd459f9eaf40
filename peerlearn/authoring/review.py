"""The review queue: claim, release, decide, origin, and the queue's health.

Claims and decisions are conditional UPDATEs (``… WHERE state = 'pending' AND the claim
allows it``) whose row count says who won: on PostgreSQL the second of two concurrent
transactions waits for the first, re-checks the condition and matches nothing, so exactly
one decision is recorded. ``review_decision.submission_id`` is unique as a second guard.
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import aliased

from peerlearn.accounts.models import User
from peerlearn.authoring.models import Decision, ReviewDecision, Submission, SubmissionState
from peerlearn.authoring.rubric import clean_scores
from peerlearn.authoring.services import publish_revision
from peerlearn.content.context import module_context
from peerlearn.content.models import Module, ModuleRevision, ModuleState, Origin, Tag, module_tag
from peerlearn.errors import Conflict, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import Role, can_review, can_review_module

COMMENT_MAX = 4000
SORTS = {
    "oldest": (Submission.submitted_at.asc(), Submission.id.asc()),
    "newest": (Submission.submitted_at.desc(), Submission.id.desc()),
    "shortest": (ModuleRevision.estimated_minutes.asc(), Submission.submitted_at.asc()),
    "longest": (ModuleRevision.estimated_minutes.desc(), Submission.submitted_at.asc()),
}


def _check_reviewer(actor: Any, module: Module) -> None:
    if not can_review(actor):
        raise PermissionDenied("Only reviewers work the review queue.")
    if not can_review_module(actor, module):
        raise PermissionDenied("Nobody reviews their own module: leave this one to a colleague.")


def _claim_is_open(actor: Any, now: datetime) -> Any:
    return or_(
        Submission.claimed_by_id.is_(None),
        Submission.claimed_by_id == actor.id,
        Submission.claimed_until <= now,
    )


def _lost(submission: Submission, now: datetime) -> Conflict:
    """Why a conditional update matched nothing, from what is committed now."""
    db.session.refresh(submission)
    if submission.state != SubmissionState.PENDING:
        return Conflict("This submission has already been decided or withdrawn.")
    holder = submission.claimed_by.display_name if submission.claimed_by else "Another reviewer"
    until = submission.claimed_until.strftime("%H:%M") if submission.claimed_until else "soon"
    return Conflict(f"{holder} is reviewing this (claimed until {until} UTC).")


def claim(actor: Any, submission: Submission) -> Submission:
    """Take a pending submission for review, until the claim expires."""
    _check_reviewer(actor, submission.module)
    now = utcnow()
    already_mine = submission.claimed_by_id == actor.id and submission.claim_is_active(now)
    until = now + timedelta(minutes=get_setting("claim_expiry_minutes"))
    changed = db.session.execute(
        update(Submission)
        .where(
            Submission.id == submission.id,
            Submission.state == SubmissionState.PENDING,
            _claim_is_open(actor, now),
        )
        .values(claimed_by_id=actor.id, claimed_until=until)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise _lost(submission, now)
    db.session.refresh(submission)
    if not already_mine:
        revision = submission.revision
        record_event(
            Verb.SUBMISSION_CLAIMED,
            actor,
            "module",
            submission.module_id,
            module_context(submission.module, revision, submission_id=submission.id),
        )
    return submission


def release(actor: Any, submission: Submission) -> Submission:
    """Give a claim back so another reviewer can take it."""
    if not can_review(actor):
        raise PermissionDenied("Only reviewers work the review queue.")
    changed = db.session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.claimed_by_id == actor.id)
        .values(claimed_by_id=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict("You do not hold a claim on this submission.")
    db.session.refresh(submission)
    return submission


def _clean_decision(decision: str, comment: str) -> tuple[Decision, str]:
    try:
        chosen = Decision(decision)
    except ValueError:
        raise ServiceError("Approve, request changes, or reject.", "decision") from None
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ServiceError(f"Keep the comment under {COMMENT_MAX} characters.", "comment")
    if chosen is Decision.REQUEST_CHANGES and not comment:
        raise ServiceError("Tell the author what to change: that is the coaching.", "comment")
    if chosen is Decision.REJECT and not comment:
        raise ServiceError("Give the reason for rejecting: the author will read it.", "comment")
    return chosen, comment


_OUTCOME = {
    Decision.APPROVE: SubmissionState.APPROVED,
    Decision.REQUEST_CHANGES: SubmissionState.CHANGES_REQUESTED,
    Decision.REJECT: SubmissionState.REJECTED,
}


def decide(
    actor: Any,
    submission: Submission,
    decision: str,
    rubric: dict[str, Any] | None = None,
    comment: str = "",
    official: bool | None = None,
) -> ReviewDecision:
    """Approve (publish), request changes (back to the author) or reject (with a reason)."""
    module = submission.module
    _check_reviewer(actor, module)
    chosen, comment = _clean_decision(decision, comment)
    scores = clean_scores(rubric, required=chosen is Decision.APPROVE)
    now = utcnow()
    changed = db.session.execute(
        update(Submission)
        .where(
            Submission.id == submission.id,
            Submission.state == SubmissionState.PENDING,
            _claim_is_open(actor, now),
        )
        .values(state=_OUTCOME[chosen], decided_at=now, claimed_by_id=actor.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise _lost(submission, now)
    db.session.refresh(submission)
    record = ReviewDecision(
        submission_id=submission.id,
        reviewer_id=actor.id,
        decision=chosen.value,
        rubric=scores,
        comment=comment,
        created_at=now,
    )
    db.session.add(record)
    db.session.flush()
    revision = submission.revision
    record_event(
        Verb.REVIEW_DECIDED,
        actor,
        "module",
        module.id,
        module_context(
            module,
            revision,
            decision=chosen.value,
            rubric=scores,
            submission_id=submission.id,
            comment=comment,
            # a post-publication first version rejected: readers lose it, points follow
            unpublished=chosen is Decision.REJECT
            and submission.published_on_submit
            and submission.replaced_revision_id is None,
        ),
    )
    if official is not None:
        module.origin = Origin.OFFICIAL if official else Origin.PEER
    _apply(actor, chosen, submission, module, revision)
    db.session.flush()
    return record


def _apply(
    actor: Any,
    chosen: Decision,
    submission: Submission,
    module: Module,
    revision: ModuleRevision,
) -> None:
    first_time = module.published_revision_id is None
    if chosen is Decision.APPROVE:
        if not submission.published_on_submit:
            publish_revision(actor, module, revision)
    elif chosen is Decision.REQUEST_CHANGES:
        if first_time and module.state == ModuleState.IN_REVIEW:
            module.state = ModuleState.CHANGES_REQUESTED
    else:
        if submission.published_on_submit and submission.replaced_revision_id:
            # readers go back to what they saw before this post-publication
            module.published_revision = db.session.get(
                ModuleRevision, submission.replaced_revision_id
            )
        elif first_time or submission.published_on_submit:
            module.state = ModuleState.REJECTED
        elif module.draft_revision_id == revision.id:
            module.draft_revision = None  # the edit is dropped; readers keep the published one
    module.updated_at = utcnow()


def set_origin(actor: Any, module: Module, origin: str) -> Module:
    """Mark a module ``official`` (produced or endorsed by L&D) or ``peer``."""
    _check_reviewer(actor, module)
    try:
        module.origin = Origin(origin).value
    except ValueError:
        raise ServiceError("Choose official or peer.", "origin") from None
    db.session.flush()
    return module


# --- the queue and its health ----------------------------------------------------------


def queue(
    actor: Any,
    tag: str | None = None,
    department_id: int | None = None,
    claim_filter: str = "all",
    sort: str = "oldest",
) -> Select[Any]:
    """Pending submissions others wrote, oldest first unless ``sort`` says otherwise."""
    author = aliased(User)
    stmt = (
        select(Submission)
        .join(Module, Module.id == Submission.module_id)
        .join(ModuleRevision, ModuleRevision.id == Submission.revision_id)
        .join(author, author.id == Module.author_id)
        .where(Submission.state == SubmissionState.PENDING, Module.author_id != actor.id)
    )
    if tag:
        stmt = stmt.where(
            Module.id.in_(
                select(module_tag.c.module_id)
                .join(Tag, Tag.id == module_tag.c.tag_id)
                .where(Tag.name == tag)
            )
        )
    if department_id:
        stmt = stmt.where(author.department_id == department_id)
    now = utcnow()
    if claim_filter == "unclaimed":
        stmt = stmt.where(or_(Submission.claimed_by_id.is_(None), Submission.claimed_until <= now))
    elif claim_filter == "mine":
        stmt = stmt.where(Submission.claimed_by_id == actor.id, Submission.claimed_until > now)
    return stmt.order_by(*SORTS.get(sort, SORTS["oldest"]))


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def queue_health(now: datetime | None = None) -> dict[str, Any]:
    """Counts by state, time in queue, load per reviewer, and whether to raise the alert."""
    now = now or utcnow()
    pending = list(
        db.session.execute(
            select(Submission)
            .where(Submission.state == SubmissionState.PENDING)
            .order_by(Submission.submitted_at, Submission.id)
        ).scalars()
    )
    ages = [now - s.submitted_at for s in pending]
    reviewers = list(
        db.session.execute(
            select(User)
            .where(User.role.in_((Role.REVIEWER.value, Role.ADMIN.value)), User.active.is_(True))
            .order_by(User.display_name)
        ).scalars()
    )
    since = now - timedelta(days=30)
    decided = dict(
        db.session.execute(
            select(ReviewDecision.reviewer_id, func.count())
            .where(ReviewDecision.created_at >= since)
            .group_by(ReviewDecision.reviewer_id)
        ).all()
    )
    claims: dict[int, int] = {}
    for submission in pending:
        if submission.claim_is_active(now):
            claims[submission.claimed_by_id] = claims.get(submission.claimed_by_id, 0) + 1
    per_reviewer = len(pending) / max(1, len(reviewers))
    threshold = get_setting("review_queue_alert_per_reviewer")
    module_states = dict(
        db.session.execute(select(Module.state, func.count()).group_by(Module.state)).all()
    )
    return {
        "module_states": {state.value: module_states.get(state.value, 0) for state in ModuleState},
        "pending": len(pending),
        "claimed": sum(claims.values()),
        "median_hours": _hours(statistics.median(ages)) if ages else 0.0,
        "oldest_hours": _hours(max(ages)) if ages else 0.0,
        "per_reviewer": round(per_reviewer, 1),
        "alert_threshold": threshold,
        "alert": per_reviewer > threshold,
        "load": [
            {
                "reviewer_id": r.id,
                "name": r.display_name,
                "claimed": claims.get(r.id, 0),
                "decided_30_days": decided.get(r.id, 0),
            }
            for r in reviewers
        ],
        "longest_waiting": pending[:5],
    }
