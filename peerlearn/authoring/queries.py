"""Authors' and reviewers' reads: modules they may work on, revisions, submissions, feedback,
state counts and diffs. Lookups every reader shares are ``peerlearn.content.queries``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from peerlearn.authoring.models import Decision, ReviewDecision, Submission, SubmissionState
from peerlearn.content.models import Module, ModuleRevision, ModuleState
from peerlearn.content.queries import get_module
from peerlearn.errors import NotFoundError
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.permissions import can_see_module_work

# Verbs the catalog records when someone opens and completes a module.
READ_VERB = Verb.MODULE_VIEWED
COMPLETED_VERB = Verb.MODULE_COMPLETED


def get_module_for(actor: Any, module_id: int) -> Module:
    """A module whose work (drafts, revisions) ``actor`` may see; others get "not found"."""
    module = get_module(module_id)
    if not can_see_module_work(actor, module):
        raise NotFoundError("No such module.")
    return module


def pending_submission(module: Module) -> Submission | None:
    """The submission of ``module`` waiting for a reviewer, if any."""
    return db.session.execute(
        select(Submission)
        .where(Submission.module_id == module.id, Submission.state == SubmissionState.PENDING)
        .order_by(Submission.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def approved_module_count(author_id: int) -> int:
    """Distinct modules of ``author_id`` a reviewer approved (the "trusted" threshold)."""
    return db.session.execute(
        select(func.count(func.distinct(Submission.module_id)))
        .join(ReviewDecision, ReviewDecision.submission_id == Submission.id)
        .join(Module, Module.id == Submission.module_id)
        .where(Module.author_id == author_id, ReviewDecision.decision == Decision.APPROVE)
    ).scalar_one()


def revisions_of(module: Module) -> list[ModuleRevision]:
    """Every revision of ``module``, newest first."""
    return list(
        db.session.execute(
            select(ModuleRevision)
            .where(ModuleRevision.module_id == module.id)
            .order_by(ModuleRevision.number.desc())
        ).scalars()
    )


def get_revision(module: Module, revision_id: int) -> ModuleRevision:
    revision = db.session.get(ModuleRevision, revision_id)
    if revision is None or revision.module_id != module.id:
        raise NotFoundError("No such revision of this module.")
    return revision


def submissions_of(module: Module) -> list[Submission]:
    """Every submission of ``module`` with its decision, newest first."""
    return list(
        db.session.execute(
            select(Submission)
            .where(Submission.module_id == module.id)
            .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        ).scalars()
    )


def latest_feedback(module: Module) -> ReviewDecision | None:
    """The most recent decision with words for the author (shown on "changes requested")."""
    return db.session.execute(
        select(ReviewDecision)
        .join(Submission, Submission.id == ReviewDecision.submission_id)
        .where(Submission.module_id == module.id)
        .order_by(ReviewDecision.created_at.desc(), ReviewDecision.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def modules_by_author(author: Any, state: str | None = None) -> Any:
    """A select of ``author``'s modules (optionally in one state), most recently changed first."""
    stmt = select(Module).where(Module.author_id == author.id)
    if state:
        stmt = stmt.where(Module.state == state)
    return stmt.order_by(Module.updated_at.desc(), Module.id.desc())


def get_submission(submission_id: int) -> Submission:
    submission = db.session.get(Submission, submission_id)
    if submission is None:
        raise NotFoundError("No such submission.")
    return submission


def state_counts(author: Any | None = None) -> dict[str, int]:
    """How many modules are in each state (of ``author`` when given)."""
    stmt = select(Module.state, func.count()).group_by(Module.state)
    if author is not None:
        stmt = stmt.where(Module.author_id == author.id)
    counts = {state.value: 0 for state in ModuleState}
    counts.update({state: count for state, count in db.session.execute(stmt)})
    return counts


def reader_counts(module_ids: list[int]) -> dict[int, dict[str, int]]:
    """Distinct readers and completers per module, from the learning events."""
    if not module_ids:
        return {}
    rows = db.session.execute(
        select(
            LearningEvent.object_id,
            LearningEvent.verb,
            func.count(func.distinct(LearningEvent.actor_id)),
        )
        .where(
            LearningEvent.object_type == "module",
            LearningEvent.object_id.in_(module_ids),
            LearningEvent.verb.in_((READ_VERB, COMPLETED_VERB)),
        )
        .group_by(LearningEvent.object_id, LearningEvent.verb)
    )
    counts = {module_id: {"reads": 0, "completions": 0} for module_id in module_ids}
    for module_id, verb, count in rows:
        counts[module_id]["reads" if verb == READ_VERB else "completions"] = count
    return counts


def diff_pair(
    module: Module, to_id: int | None, from_id: int | None
) -> tuple[ModuleRevision | None, ModuleRevision]:
    """The two revisions to compare: ``to`` defaults to the current revision, ``from`` to
    the revision before it (nothing, for the first)."""
    newer = get_revision(module, to_id) if to_id else module.current_revision
    if newer is None:
        raise NotFoundError("This module has no revision yet.")
    if from_id:
        return get_revision(module, from_id), newer
    older = db.session.execute(
        select(ModuleRevision)
        .where(ModuleRevision.module_id == module.id, ModuleRevision.number < newer.number)
        .order_by(ModuleRevision.number.desc())
        .limit(1)
    ).scalar_one_or_none()
    return older, newer


def review_baseline(item: Submission) -> ModuleRevision | None:
    """What a reviewer compares ``item``'s revision with: the revision a reviewer last saw
    before it (the one that got "changes requested", say), else the published revision;
    None for a first submission. A withdrawn submission was never reviewed: comparing with
    it would hide from the reviewer everything it changed."""
    earlier = db.session.execute(
        select(ModuleRevision)
        .join(Submission, Submission.revision_id == ModuleRevision.id)
        .where(
            Submission.module_id == item.module_id,
            Submission.id != item.id,
            Submission.revision_id != item.revision_id,
            Submission.submitted_at <= item.submitted_at,
            Submission.state != SubmissionState.WITHDRAWN,
        )
        .order_by(Submission.submitted_at.desc(), Submission.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if earlier is not None:
        return earlier
    published = item.module.published_revision
    return published if published is not None and published.id != item.revision_id else None


def open_feedback(module: Module, limit: int = 5) -> list[ReviewDecision]:
    """The reviewers' words the author is working on: decisions with a comment since the
    last approval (newest first)."""
    decisions = db.session.execute(
        select(ReviewDecision)
        .join(Submission, Submission.id == ReviewDecision.submission_id)
        .where(Submission.module_id == module.id)
        .order_by(ReviewDecision.created_at.desc(), ReviewDecision.id.desc())
        .limit(20)
    ).scalars()
    found: list[ReviewDecision] = []
    for decision in decisions:
        if decision.decision == Decision.APPROVE:
            break
        if decision.comment:
            found.append(decision)
    return found[:limit]
