"""Flags, archiving and freshness: keeping published modules right.

A reader flags a module once. "Outdated" flags go to the author first (re-confirm or revise);
the others go to the reviewers' flag queue, where a reviewer dismisses the flag or archives
(unpublishes) the module with a reason the author sees. Reviewers restore archived modules.
Every published module has a review-by date; past it readers see "may be outdated".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from peerlearn.authoring.community_models import OPEN_FLAG_STATES, Flag, FlagState
from peerlearn.authoring.models import Decision, ReviewDecision, Submission
from peerlearn.authoring.services import add_months
from peerlearn.content.context import module_context
from peerlearn.content.models import FlagReason, Module, ModuleState
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_reconfirm_module, can_review, can_review_module

NOTE_MAX = 1000
REASON_MAX = 1000
REVIEW_BY_MAX_YEARS = 5


def get_flag(flag_id: int) -> Flag:
    flag = db.session.get(Flag, flag_id)
    if flag is None:
        raise NotFoundError("No such flag.")
    return flag


def flag_module(actor: Any, module: Module, reason: str, note: str = "") -> Flag:
    """A reader reports a published module (once per reader per module)."""
    if not module.is_live:
        raise NotFoundError("Only published modules can be flagged.")
    if module.author_id == actor.id:
        raise ServiceError("This is your own module: edit it instead of flagging it.")
    try:
        chosen = FlagReason(reason)
    except ValueError:
        raise ServiceError("Choose what is wrong with it.", "reason") from None
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ServiceError(f"Keep the note under {NOTE_MAX} characters.", "note")
    if chosen is FlagReason.OTHER and not note:
        raise ServiceError("Say what is wrong, so the reviewers can act on it.", "note")
    outdated = chosen is FlagReason.OUTDATED
    flag = Flag(
        module_id=module.id,
        revision_id=module.published_revision_id,
        reader_id=actor.id,
        reason=chosen.value,
        note=note,
        state=FlagState.WITH_AUTHOR if outdated else FlagState.OPEN,
    )
    try:
        with db.session.begin_nested():
            db.session.add(flag)
            db.session.flush()
    except IntegrityError:
        raise Conflict("You have already flagged this module. Thank you!") from None
    record_event(
        Verb.MODULE_FLAGGED,
        actor,
        "module",
        module.id,
        module_context(
            module,
            module.published_revision,
            reason=chosen.value,
            flag_id=flag.id,
            note=note,
        ),
    )
    return flag


def _resolve(actor: Any, flag: Flag, state: FlagState, resolution: str) -> Flag:
    changed = db.session.execute(
        update(Flag)
        .where(Flag.id == flag.id, Flag.state.in_(OPEN_FLAG_STATES))
        .values(state=state, resolution=resolution, resolved_by_id=actor.id, resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict("This flag has already been handled.")
    db.session.refresh(flag)
    return flag


def dismiss_flag(actor: Any, flag: Flag, note: str = "") -> Flag:
    """The module is fine: close the flag (the reader hears back)."""
    if not can_review_module(actor, flag.module):
        raise PermissionDenied("Reviewers handle flags, but not on their own modules.")
    _resolve(actor, flag, FlagState.DISMISSED, " ".join((note or "").split())[:NOTE_MAX])
    module = flag.module
    record_event(
        Verb.FLAG_DISMISSED,
        actor,
        "module",
        module.id,
        module_context(
            module,
            module.published_revision,
            flag_id=flag.id,
            reader_id=flag.reader_id,
            resolution=flag.resolution,
        ),
    )
    return flag


def archive_module(actor: Any, module: Module, reason: str) -> Module:
    """Unpublish a module, with a reason the author reads. Its open flags are closed."""
    if not can_review_module(actor, module):
        raise PermissionDenied("Reviewers archive modules, but not their own.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("Give the reason: the author will read it.", "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"Keep the reason under {REASON_MAX} characters.", "reason")
    changed = db.session.execute(
        update(Module)
        .where(Module.id == module.id, Module.state == ModuleState.PUBLISHED)
        .values(state=ModuleState.ARCHIVED, archived_reason=reason, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        raise Conflict("Only a published module can be archived.")
    db.session.refresh(module)
    flags_closed = db.session.execute(
        update(Flag)
        .where(Flag.module_id == module.id, Flag.state.in_(OPEN_FLAG_STATES))
        .values(
            state=FlagState.ARCHIVED,
            resolution=reason,
            resolved_by_id=actor.id,
            resolved_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    # Archived because readers flagged it, or before any reviewer approved what readers saw
    # (published at once by policy): the gamification engine reverses its points.
    record_event(
        Verb.MODULE_ARCHIVED,
        actor,
        "module",
        module.id,
        module_context(
            module,
            module.published_revision,
            reason=reason,
            flag=flags_closed > 0,
            unvetted=not _approved(module),
        ),
    )
    return module


def _approved(module: Module) -> bool:
    """Whether a reviewer approved the revision readers see (not so when it was published
    at once under the 'post' or 'trusted' policy and nobody has checked it yet)."""
    approved = db.session.execute(
        select(ReviewDecision.id)
        .join(Submission, Submission.id == ReviewDecision.submission_id)
        .where(
            Submission.module_id == module.id,
            Submission.revision_id == module.published_revision_id,
            ReviewDecision.decision == Decision.APPROVE.value,
        )
        .limit(1)
    ).scalar()
    return approved is not None


def restore_module(actor: Any, module: Module) -> Module:
    """Publish an archived module again (its last published revision)."""
    if not can_review_module(actor, module):
        raise PermissionDenied("Reviewers restore modules, but not their own.")
    if module.state != ModuleState.ARCHIVED or module.published_revision_id is None:
        raise Conflict("Only an archived module can be restored.")
    module.state = ModuleState.PUBLISHED
    module.archived_reason = None
    module.updated_at = utcnow()
    db.session.flush()
    record_event(
        Verb.MODULE_RESTORED,
        actor,
        "module",
        module.id,
        module_context(module, module.published_revision),
    )
    return module


# --- freshness -------------------------------------------------------------------------


def reconfirm(actor: Any, module: Module) -> Module:
    """ "Still right": the review-by date moves on and "outdated" flags are answered."""
    if not can_reconfirm_module(actor, module):
        raise PermissionDenied("The author or a reviewer re-confirms a module.")
    if module.state != ModuleState.PUBLISHED:
        raise Conflict("Only a published module can be re-confirmed.")
    today = utcnow().date()
    module.review_by = add_months(today, get_setting("review_by_months"))
    db.session.execute(
        update(Flag)
        .where(Flag.module_id == module.id, Flag.state == FlagState.WITH_AUTHOR)
        .values(
            state=FlagState.RESOLVED,
            resolution="Re-confirmed as still accurate.",
            resolved_by_id=actor.id,
            resolved_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    return module


def set_review_by(actor: Any, module: Module, review_by: date) -> Module:
    """Choose this module's own review-by date (the author or a reviewer)."""
    if not can_reconfirm_module(actor, module):
        raise PermissionDenied("The author or a reviewer sets the review-by date.")
    today = utcnow().date()
    if review_by <= today:
        raise ServiceError("Choose a date in the future.", "review_by")
    if review_by > today + timedelta(days=366 * REVIEW_BY_MAX_YEARS):
        raise ServiceError(f"Choose a date within {REVIEW_BY_MAX_YEARS} years.", "review_by")
    module.review_by = review_by
    db.session.flush()
    return module


def stale_modules(author: Any | None = None, today: date | None = None) -> Select[Any]:
    """Published modules past their review-by date (``author``'s when given), oldest first."""
    today = today or utcnow().date()
    stmt = select(Module).where(Module.state == ModuleState.PUBLISHED, Module.review_by < today)
    if author is not None:
        stmt = stmt.where(Module.author_id == author.id)
    return stmt.order_by(Module.review_by, Module.id)


def flags_with_author(author: Any) -> list[Flag]:
    """ "Outdated" flags waiting for ``author`` to re-confirm or revise."""
    return list(
        db.session.execute(
            select(Flag)
            .join(Module, Module.id == Flag.module_id)
            .where(Module.author_id == author.id, Flag.state == FlagState.WITH_AUTHOR)
            .order_by(Flag.created_at)
        ).scalars()
    )


def flag_queue(actor: Any, state: str = FlagState.OPEN.value) -> Select[Any]:
    """Flags for reviewers (not on their own modules), oldest first."""
    if not can_review(actor):
        raise PermissionDenied("Only reviewers work the flag queue.")
    if state not in OPEN_FLAG_STATES:
        state = FlagState.OPEN.value
    return (
        select(Flag)
        .join(Module, Module.id == Flag.module_id)
        .where(Flag.state == state, Module.author_id != actor.id)
        .order_by(Flag.created_at, Flag.id)
    )
