"""Claps, comments and bookmarks. Functions take the acting user, check permissions through
``peerlearn.permissions``, flush and record learning events; they never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import joinedload

from peerlearn.content.context import module_context
from peerlearn.content.models import Module
from peerlearn.content.rendering import render_markdown
from peerlearn.dialect import insert_ignore
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.modules.models import Bookmark, Clap
from peerlearn.modules.social_models import Comment
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import (
    can_change_comment,
    can_clap,
    can_hide_comment,
    can_mark_helpful,
    can_review,
)

COMMENT_MAX = 5000
REASON_MAX = 300


def _context(module: Module, **extra: Any) -> dict[str, Any]:
    return module_context(module, module.published_revision, **extra)


# --- claps ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClapResult:
    added: int
    mine: int
    total: int
    cap: int


def clap_total(module: Module) -> int:
    return db.session.execute(
        select(func.coalesce(func.sum(Clap.count), 0)).where(Clap.module_id == module.id)
    ).scalar_one()


def my_claps(user: Any, module: Module) -> int:
    return (
        db.session.execute(
            select(Clap.count).where(Clap.user_id == user.id, Clap.module_id == module.id)
        ).scalar_one_or_none()
        or 0
    )


def clap(actor: Any, module: Module, count: int = 1) -> ClapResult:
    """Add up to ``count`` claps, never past the organisation's cap for one reader.

    The increment is a conditional UPDATE on the count just read, so two concurrent claps
    can never together pass the cap.
    """
    cap = get_setting("clap_cap")
    if not can_clap(actor, module):
        raise PermissionDenied("Authors cannot clap for their own modules.")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= cap:
        raise ServiceError(f"Clap between 1 and {cap} times.", "count")
    insert_ignore(
        Clap, {"user_id": actor.id, "module_id": module.id, "count": 0}, ("user_id", "module_id")
    )
    for _ in range(5):
        current = my_claps(actor, module)
        added = min(count, cap - current)
        if added <= 0:
            raise Conflict(f"You have given this module all {cap} claps. Thank you!")
        changed = db.session.execute(
            update(Clap)
            .where(Clap.user_id == actor.id, Clap.module_id == module.id, Clap.count == current)
            .values(count=current + added, updated_at=utcnow())
        ).rowcount
        if changed == 1:
            break
    else:
        raise Conflict("Many claps at once: please try again.")
    record_event(Verb.MODULE_CLAPPED, actor, "module", module.id, _context(module, count=added))
    return ClapResult(added, current + added, clap_total(module), cap)


# --- comments ---------------------------------------------------------------------------


def get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not comment.module.is_live:
        raise NotFoundError("No such comment.")
    return comment


def _clean_body(body: Any) -> str:
    text = (body if isinstance(body, str) else "").replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError("Write something first.", "body")
    if len(text) > COMMENT_MAX:
        raise ServiceError(f"Keep comments under {COMMENT_MAX} characters.", "body")
    return text


def post_comment(actor: Any, module: Module, body: Any, parent_id: int | None = None) -> Comment:
    """Comment on ``module``, or reply to one of its comments (replies to a reply join the
    thread of its top-level comment: one level of replies)."""
    text = _clean_body(body)
    parent = None
    if parent_id is not None:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.module_id != module.id:
            raise ServiceError("That comment is not on this module.", "parent_id")
        if parent.parent_id is not None:
            parent = db.session.get(Comment, parent.parent_id)
    comment = Comment(
        module_id=module.id,
        author_id=actor.id,
        parent_id=parent.id if parent else None,
        body_markdown=text,
        body_html=render_markdown(text).html,
    )
    db.session.add(comment)
    db.session.flush()
    record_event(
        Verb.COMMENT_POSTED,
        actor,
        "module",
        module.id,
        _context(
            module,
            comment_id=comment.id,
            reply=parent is not None,
            parent_author_id=parent.author_id if parent is not None else None,
        ),
    )
    return comment


def check_changeable(actor: Any, comment: Comment) -> None:
    """Raise unless ``actor`` may edit or delete ``comment`` now."""
    if not can_change_comment(actor, comment):
        raise PermissionDenied("Only the person who wrote a comment changes it.")
    if comment.is_deleted:
        raise Conflict("This comment was deleted.")
    if comment.is_hidden:
        raise Conflict("A reviewer hid this comment; it can no longer be changed.")


def edit_comment(actor: Any, comment: Comment, body: Any) -> Comment:
    check_changeable(actor, comment)
    text = _clean_body(body)
    comment.body_markdown = text
    comment.body_html = render_markdown(text).html
    comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(actor: Any, comment: Comment) -> Comment:
    """Delete your comment: its text goes, the row stays so replies keep their place."""
    check_changeable(actor, comment)
    comment.deleted_at = utcnow()
    comment.body_markdown = ""
    comment.body_html = ""
    db.session.flush()
    return comment


def mark_helpful(actor: Any, comment: Comment, helpful: bool = True) -> Comment:
    """The module's author marks (or unmarks) a comment helpful; marking records
    ``comment_marked_helpful`` with the comment's author as the beneficiary."""
    module = comment.module
    if not can_mark_helpful(actor, module):
        raise PermissionDenied("Only the module's author marks comments helpful.")
    if comment.author_id == actor.id:
        raise ServiceError("Mark other people's comments helpful, not your own.")
    if comment.is_deleted or comment.is_hidden:
        raise Conflict("This comment is no longer shown.")
    if helpful == comment.is_helpful:
        return comment
    comment.helpful_at = utcnow() if helpful else None
    db.session.flush()
    if helpful:
        context = _context(module, comment_id=comment.id)
        context["author_id"] = comment.author_id  # the beneficiary: the comment's author
        context["module_author_id"] = module.author_id
        record_event(Verb.COMMENT_MARKED_HELPFUL, actor, "module", module.id, context)
    return comment


def hide_comment(actor: Any, comment: Comment, reason: Any) -> Comment:
    """A reviewer hides a comment; everyone sees that it was hidden, and why."""
    if not can_hide_comment(actor):
        raise PermissionDenied("Only reviewers hide comments.")
    text = " ".join((reason if isinstance(reason, str) else "").split())
    if not text:
        raise ServiceError("Say why the comment is hidden.", "reason")
    if len(text) > REASON_MAX:
        raise ServiceError(f"Keep the reason under {REASON_MAX} characters.", "reason")
    if comment.is_hidden:
        raise Conflict("This comment is already hidden.")
    comment.hidden_at = utcnow()
    comment.hidden_by_id = actor.id
    comment.hidden_reason = text
    db.session.flush()
    return comment


def comments_on(module: Module, viewer: Any) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments, oldest first, each with its replies. Deleted comments without
    replies are left out."""
    rows = list(
        db.session.execute(
            select(Comment)
            .where(Comment.module_id == module.id)
            .order_by(Comment.created_at, Comment.id)
            .options(joinedload(Comment.author))
        ).scalars()
    )
    replies: dict[int, list[Comment]] = {}
    for row in rows:
        if row.parent_id is not None and not row.is_deleted:
            replies.setdefault(row.parent_id, []).append(row)
    threads = []
    for row in rows:
        if row.parent_id is None and not (row.is_deleted and not replies.get(row.id)):
            threads.append((row, replies.get(row.id, [])))
    return threads


def comment_count(module: Module) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Comment)
        .where(Comment.module_id == module.id, Comment.deleted_at.is_(None))
    ).scalar_one()


def shows_body(viewer: Any, comment: Comment) -> bool:
    """Whether ``viewer`` sees a hidden comment's words (reviewers do, for context)."""
    return not comment.is_hidden or can_review(viewer)


# --- bookmarks --------------------------------------------------------------------------


def is_bookmarked(user: Any, module: Module) -> bool:
    return (
        db.session.execute(
            select(Bookmark.id).where(Bookmark.user_id == user.id, Bookmark.module_id == module.id)
        ).first()
        is not None
    )


def add_bookmark(actor: Any, module: Module) -> bool:
    """Save ``module`` to read later; ``True`` if newly saved (records ``module_bookmarked``)."""
    created = (
        insert_ignore(
            Bookmark,
            {"user_id": actor.id, "module_id": module.id, "created_at": utcnow()},
            ("user_id", "module_id"),
        )
        is not None
    )
    if created:
        record_event(Verb.MODULE_BOOKMARKED, actor, "module", module.id, _context(module))
    return created


def remove_bookmark(actor: Any, module: Module) -> bool:
    removed = db.session.execute(
        delete(Bookmark).where(Bookmark.user_id == actor.id, Bookmark.module_id == module.id)
    ).rowcount
    return bool(removed)
