"""Notifications as subscribers: one small function per learning-event verb, telling whoever
should hear of it. They run inside :func:`peerlearn.events.record_event`, so a notification
commits or rolls back with the action that caused it; they read only the event (its
documented context, :data:`peerlearn.events.VERB_SPECS`) and the actor's name.
Links are stored as endpoint + values and built when shown (subscribers also run in the
CLI, outside any request).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peerlearn.accounts.models import User
from peerlearn.events import LearningEvent, Verb, learning_event
from peerlearn.extensions import db
from peerlearn.notifications.services import notify

Subscriber = Callable[..., None]
SUBSCRIBERS: dict[Verb, Subscriber] = {}


def subscriber(verb: Verb) -> Callable[[Subscriber], Subscriber]:
    """Declare ``fn`` as the notifications subscriber of ``verb`` (connected by :func:`connect`)."""

    def register(fn: Subscriber) -> Subscriber:
        SUBSCRIBERS[verb] = fn
        return fn

    return register


def _ctx(event: LearningEvent) -> dict[str, Any]:
    return event.context or {}


def _actor_name(event: LearningEvent) -> str:
    actor = db.session.get(User, event.actor_id) if event.actor_id is not None else None
    return actor.display_name if actor is not None else "Someone"


def _comment_target(ctx: dict[str, Any]) -> dict[str, Any]:
    """The module page, at the comment when the event names it."""
    target = {"slug": ctx.get("slug")}
    if ctx.get("comment_id") is not None:
        target["_anchor"] = f"comment-{ctx['comment_id']}"
    return target


# --- review and publication -------------------------------------------------------------


@subscriber(Verb.SUBMISSION_CLAIMED)
def on_submission_claimed(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The author hears that a reviewer started on their submission."""
    ctx = _ctx(event)
    notify(
        ctx["author_id"],
        "module_claimed",
        f"A reviewer has started reviewing “{ctx.get('title', '')}”.",
        "authoring.history",
        module_id=event.object_id,
    )


@subscriber(Verb.REVIEW_DECIDED)
def on_review_decided(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The author hears the decision: approved (to the live module), changes requested (to
    the editor, open at the reviewer's comments), rejected (to the history)."""
    ctx = _ctx(event)
    title, comment, author = ctx.get("title", ""), ctx.get("comment", ""), ctx["author_id"]
    decision = ctx["decision"]
    if decision == "approve":
        notify(
            author,
            "module_approved",
            f"“{title}” was approved and is live. Thank you!",
            "modules.read",
            slug=ctx.get("slug", ""),
        )
    elif decision == "request_changes":
        notify(
            author,
            "module_changes_requested",
            f"A reviewer suggests changes to “{title}”: {comment}",
            "authoring.edit",
            module_id=event.object_id,
            _anchor="review-comments",
        )
    else:
        notify(
            author,
            "module_rejected",
            f"“{title}” was not accepted: {comment}",
            "authoring.history",
            module_id=event.object_id,
        )


@subscriber(Verb.REQUEST_FULFILLED)
def on_request_fulfilled(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The requester hears that a module answering their request is published."""
    ctx = _ctx(event)
    if ctx.get("requester_id") is None:
        return
    notify(
        ctx["requester_id"],
        "request_fulfilled",
        f"Your request “{ctx.get('request_title', '')}” was answered: "
        f"“{ctx.get('title', '')}” is published.",
        "modules.read",
        slug=ctx.get("slug"),
    )


# --- flags and archiving -----------------------------------------------------------------


@subscriber(Verb.MODULE_FLAGGED)
def on_module_flagged(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """An "outdated" flag goes to the author first (the others go to the reviewers' queue)."""
    ctx = _ctx(event)
    if ctx["reason"] != "outdated":  # FlagReason.OUTDATED
        return
    note = ctx.get("note") or ""
    notify(
        ctx["author_id"],
        "module_flagged_outdated",
        f"A reader thinks “{ctx.get('title', '')}” may be outdated"
        + (f": {note}" if note else ".")
        + " Re-confirm it or revise it.",
        "authoring.history",
        module_id=event.object_id,
    )


@subscriber(Verb.FLAG_DISMISSED)
def on_flag_dismissed(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The reader who flagged hears that the module was kept."""
    ctx = _ctx(event)
    resolution = ctx.get("resolution") or ""
    notify(
        ctx["reader_id"],
        "flag_dismissed",
        f"A reviewer looked at your flag on “{ctx.get('title', '')}” and kept the module."
        + (f" {resolution}" if resolution else ""),
        "modules.read",
        slug=ctx.get("slug"),
    )


@subscriber(Verb.MODULE_ARCHIVED)
def on_module_archived(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The author hears that a reviewer unpublished their module, and why."""
    ctx = _ctx(event)
    notify(
        ctx["author_id"],
        "module_archived",
        f"“{ctx.get('title', '')}” was unpublished by a reviewer: {ctx.get('reason', '')}",
        "authoring.history",
        module_id=event.object_id,
    )


@subscriber(Verb.MODULE_RESTORED)
def on_module_restored(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The author hears that their module is published again."""
    ctx = _ctx(event)
    notify(
        ctx["author_id"],
        "module_restored",
        f"“{ctx.get('title', '')}” is published again.",
        "modules.read",
        slug=ctx.get("slug"),
    )


# --- comments -------------------------------------------------------------------------------


@subscriber(Verb.COMMENT_POSTED)
def on_comment_posted(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The module's author hears of a comment (not their own); the author of the comment
    replied to hears of the reply (unless they are the commenter or the module's author)."""
    ctx = _ctx(event)
    name, title = _actor_name(event), ctx.get("title", "")
    author, parent_author = ctx.get("author_id"), ctx.get("parent_author_id")
    target = _comment_target(ctx)
    if author is not None and author != event.actor_id:
        notify(
            author, "comment_posted", f"{name} commented on “{title}”.", "modules.read", **target
        )
    if parent_author is not None and parent_author not in (event.actor_id, author):
        notify(
            parent_author,
            "comment_reply",
            f"{name} replied to you on “{title}”.",
            "modules.read",
            **target,
        )


@subscriber(Verb.COMMENT_MARKED_HELPFUL)
def on_comment_marked_helpful(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The comment's author (``author_id`` here) hears that it was found helpful."""
    ctx = _ctx(event)
    notify(
        ctx["author_id"],
        "comment_helpful",
        f"{_actor_name(event)} found your comment on “{ctx.get('title', '')}” helpful.",
        "modules.read",
        **_comment_target(ctx),
    )


# --- gamification ---------------------------------------------------------------------------


@subscriber(Verb.BADGE_EARNED)
def on_badge_earned(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The earner hears of their badge (its page is the award's public page)."""
    ctx = _ctx(event)
    notify(
        event.actor_id,
        "badge_earned",
        f"You earned the badge “{ctx.get('badge_name') or ctx['badge_key']}”.",
        "gamification.openbadges.badge_page",
        uid=ctx["uid"],
    )


@subscriber(Verb.LEVEL_REACHED)
def on_level_reached(_verb: Verb, event: LearningEvent, **_: Any) -> None:
    """The user hears of their new level."""
    ctx = _ctx(event)
    notify(
        event.actor_id,
        "level_up",
        f"You reached level {ctx['level']}: {ctx.get('level_name', '')}.",
        "gamification.my_progress",
    )


def connect() -> None:
    """Subscribe every function above to its verb (called once by ``init_app``)."""
    for verb, fn in SUBSCRIBERS.items():
        learning_event.connect(fn, sender=verb, weak=False)
