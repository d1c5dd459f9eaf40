"""Authoring services: create and save drafts, submit, withdraw, publish.

Functions take the acting user, check permissions through ``peerlearn.permissions``, flush and
record learning events; they never commit. Review decisions live in ``review``, flags and
freshness in ``flags``, content requests in ``content_requests``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update

from peerlearn.authoring.community_models import ContentRequest, Flag, FlagState, RequestState
from peerlearn.authoring.drafting import (
    clean_content,
    draft_preview,
    module_by_slug_exists,
    slugify,
    tags_by_name,
    title_warnings,
    unique_slug,
)
from peerlearn.authoring.models import Submission, SubmissionState
from peerlearn.authoring.queries import approved_module_count, pending_submission
from peerlearn.content.context import module_context
from peerlearn.content.models import Module, ModuleLink, ModuleRevision, ModuleState
from peerlearn.errors import Conflict, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_edit_module

CONTENT_FIELDS = ("title", "summary", "body_markdown", "tags", "quiz")
EDITABLE_STATES = {
    ModuleState.DRAFT,
    ModuleState.CHANGES_REQUESTED,
    ModuleState.PUBLISHED,
    ModuleState.ARCHIVED,
}


@dataclass
class SaveResult:
    """A saved revision and what the author should hear about it."""

    revision: ModuleRevision
    warnings: list[str] = field(default_factory=list)


# --- small helpers ---------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- drafts ----------------------------------------------------------------------------


def _write_revision(revision: ModuleRevision, content: dict[str, Any]) -> list[str]:
    rendered, minutes, warnings = draft_preview(content["body_markdown"], content["quiz"])
    revision.title = content["title"]
    revision.summary = content["summary"]
    revision.body_markdown = content["body_markdown"]
    revision.body_html = rendered.html
    revision.tags = content["tags"]
    revision.quiz = content["quiz"]
    revision.word_count = rendered.word_count
    revision.estimated_minutes = minutes
    db.session.flush()
    db.session.execute(delete(ModuleLink).where(ModuleLink.revision_id == revision.id))
    db.session.add_all(ModuleLink(revision_id=revision.id, target_slug=s) for s in rendered.links)
    db.session.flush()
    same_title = title_warnings(revision.title, revision.module_id, revision.author_id)
    return warnings + same_title


def create_module(actor: Any, values: dict[str, Any], slug: str | None = None) -> SaveResult:
    """Start a module as a draft with its first revision."""
    content = clean_content(values)
    wanted = slugify(slug) if slug and slug.strip() else slugify(content["title"])
    if slug and module_by_slug_exists(wanted):
        raise Conflict("That address is taken; choose another.", "slug")
    module = Module(slug=unique_slug(wanted), author_id=actor.id)
    db.session.add(module)
    db.session.flush()
    revision = ModuleRevision(module_id=module.id, number=1, author_id=actor.id, title="")
    db.session.add(revision)
    db.session.flush()
    warnings = _write_revision(revision, content)
    module.draft_revision = revision
    module.tags = tags_by_name(content["tags"])
    db.session.flush()
    return SaveResult(revision, warnings)


def save_draft(actor: Any, module: Module, values: dict[str, Any]) -> SaveResult:
    """Save the author's working copy. A frozen (submitted or published) revision is never
    changed: saving on top of one starts the next revision."""
    if not can_edit_module(actor, module):
        raise PermissionDenied("Only the author edits a module.")
    if module.state_enum not in EDITABLE_STATES:
        raise Conflict("A rejected module cannot be edited; start a new one instead.")
    pending = pending_submission(module)
    if pending is not None and not pending.published_on_submit:
        raise Conflict("This module is waiting for a reviewer. Withdraw it to make changes.")
    base = module.current_revision
    merged = {name: values.get(name, getattr(base, name, None)) for name in CONTENT_FIELDS}
    content = clean_content(merged)
    revision = module.draft_revision
    if revision is None or revision.is_frozen:
        number = db.session.execute(
            select(func.coalesce(func.max(ModuleRevision.number), 0)).where(
                ModuleRevision.module_id == module.id
            )
        ).scalar_one()
        revision = ModuleRevision(
            module_id=module.id, number=number + 1, author_id=actor.id, title=""
        )
        db.session.add(revision)
        db.session.flush()
        module.draft_revision = revision
    warnings = _write_revision(revision, content)
    if module.published_revision_id is None:
        module.tags = tags_by_name(content["tags"])
    module.updated_at = utcnow()
    db.session.flush()
    return SaveResult(revision, warnings)


def deletable(module: Module) -> bool:
    """Whether the author may delete ``module``: never published (no reader ever saw it)
    and nothing of it waiting for a reviewer — a draft, a withdrawn submission, or one
    that got "changes requested"."""
    return (
        module.state in (ModuleState.DRAFT, ModuleState.CHANGES_REQUESTED)
        and module.published_revision_id is None
        and module.first_published_at is None
        and pending_submission(module) is None
    )


def delete_draft(actor: Any, module: Module) -> None:
    """Delete a module that never reached readers, with its revisions and past submissions
    (withdrawn or sent back with changes requested)."""
    if not can_edit_module(actor, module):
        raise PermissionDenied("Only the author deletes their draft.")
    if not deletable(module):
        raise Conflict(
            "Only modules that were never published and are not waiting for a reviewer can "
            "be deleted. Withdraw it first, or ask a reviewer to archive a published one."
        )
    module.draft_revision = None
    db.session.flush()
    db.session.execute(delete(Submission).where(Submission.module_id == module.id))
    db.session.execute(delete(ModuleRevision).where(ModuleRevision.module_id == module.id))
    db.session.delete(module)
    db.session.flush()


# --- submission ------------------------------------------------------------------------


def _check_submittable(revision: ModuleRevision) -> None:
    if not revision.summary:
        raise ServiceError("Add a one-line summary: readers choose by it.", "summary")
    if revision.word_count < 20:
        raise ServiceError("Write a little more: at least a paragraph.", "body_markdown")
    limit = get_setting("max_module_minutes")
    if revision.estimated_minutes > limit:
        raise ServiceError(
            f"About {revision.estimated_minutes} minutes is over the {limit}-minute limit. "
            "Split it into two modules, or trim it.",
            "body_markdown",
        )


def _publishes_at_once(module: Module) -> bool:
    """Whether the vetting policy lets this submission go live before review."""
    if module.state == ModuleState.ARCHIVED:
        return False  # an archived module returns only through a reviewer
    policy = get_setting("vetting_policy")
    if policy == "post":
        return True
    if policy == "trusted":
        return approved_module_count(module.author_id) >= get_setting("trusted_author_threshold")
    return False


def submit(actor: Any, module: Module) -> Submission:
    """Send the working revision to the reviewers (or publish it, as the policy says)."""
    if not can_edit_module(actor, module):
        raise PermissionDenied("Only the author submits a module.")
    revision = module.draft_revision
    if module.state_enum not in EDITABLE_STATES or revision is None:
        raise Conflict("There is nothing new to submit.")
    pending = pending_submission(module)
    if pending is not None and not pending.published_on_submit:
        raise Conflict("This module is already waiting for a reviewer.")
    _check_submittable(revision)
    if pending is not None:  # a newer revision replaces the one awaiting its after-check
        _supersede(pending)
    now = utcnow()
    revision.frozen_at = revision.frozen_at or now
    at_once = _publishes_at_once(module)
    policy = get_setting("vetting_policy")
    post_check = at_once and policy == "post"
    submission = Submission(
        module_id=module.id,
        revision_id=revision.id,
        submitted_by_id=actor.id,
        state=SubmissionState.APPROVED if at_once and not post_check else SubmissionState.PENDING,
        published_on_submit=at_once,
        replaced_revision_id=module.published_revision_id if at_once else None,
        submitted_at=now,
        decided_at=now if at_once and not post_check else None,
    )
    db.session.add(submission)
    if module.published_revision_id is None and not at_once:
        module.state = ModuleState.IN_REVIEW
    module.updated_at = now
    db.session.flush()
    record_event(
        Verb.MODULE_SUBMITTED,
        actor,
        "module",
        module.id,
        module_context(module, revision, submission_id=submission.id, policy=policy),
    )
    if at_once:
        publish_revision(actor, module, revision)
    return submission


def _supersede(pending: Submission) -> None:
    changed = db.session.execute(
        update(Submission)
        .where(Submission.id == pending.id, Submission.state == SubmissionState.PENDING)
        .values(state=SubmissionState.WITHDRAWN, decided_at=utcnow())
    ).rowcount
    if changed != 1:
        raise Conflict("A reviewer has just decided on this module. Reload and try again.")
    db.session.refresh(pending)


def withdraw(actor: Any, module: Module) -> Submission:
    """Take a submission back from the queue before a reviewer decides."""
    if not can_edit_module(actor, module):
        raise PermissionDenied("Only the author withdraws a submission.")
    pending = pending_submission(module)
    if pending is None:
        raise Conflict("Nothing of this module is waiting for review.")
    if pending.published_on_submit:
        raise Conflict("This version is already live; edit the module to change it.")
    _supersede(pending)
    if module.state == ModuleState.IN_REVIEW:
        module.state = ModuleState.DRAFT
    db.session.flush()
    return pending


# --- publication -----------------------------------------------------------------------


def publish_revision(actor: Any, module: Module, revision: ModuleRevision) -> None:
    """Make ``revision`` what readers see; record ``module_published``."""
    first = module.first_published_at is None
    now = utcnow()
    revision.frozen_at = revision.frozen_at or now
    module.published_revision = revision
    if module.draft_revision_id == revision.id:
        module.draft_revision = None
    module.state = ModuleState.PUBLISHED
    module.archived_reason = None
    module.first_published_at = module.first_published_at or now
    module.review_by = add_months(now.date(), get_setting("review_by_months"))
    module.tags = tags_by_name(list(revision.tags))
    db.session.flush()
    if not first:  # a revised module answers its "outdated" flags
        db.session.execute(
            update(Flag)
            .where(Flag.module_id == module.id, Flag.state == FlagState.WITH_AUTHOR)
            .values(state=FlagState.RESOLVED, resolved_at=now, resolution="Revised by the author.")
        )
    record_event(
        Verb.MODULE_PUBLISHED,
        actor,
        "module",
        module.id,
        module_context(module, revision, first_publication=first),
    )
    if first:
        _fulfil_requests(module, revision)


def _fulfil_requests(module: Module, revision: ModuleRevision) -> None:
    requests = db.session.execute(
        select(ContentRequest).where(
            ContentRequest.module_id == module.id, ContentRequest.state == RequestState.TAKEN
        )
    ).scalars()
    for request in requests:
        request.state = RequestState.FULFILLED
        request.fulfilled_at = utcnow()
        db.session.flush()
        record_event(
            Verb.REQUEST_FULFILLED,
            module.author_id,
            "content_request",
            request.id,
            module_context(
                module,
                revision,
                module_id=module.id,
                request_title=request.title,
                requester_id=request.requester_id,
            ),
        )
