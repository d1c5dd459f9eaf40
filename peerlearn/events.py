"""Learning events: the declared verbs, one append-only table and the signal that carries
each new event.

Every verb is declared once, here, as a :class:`Verb` with its :class:`VerbSpec`: who the
actor is, what the object is and what each context key means (:data:`VERB_SPECS` is the
machine-readable contract; :func:`describe_verbs` renders it as a table). Services call
:func:`record_event` with a ``Verb`` inside their transaction; it refuses an undeclared verb
and a context key the verb does not document. Subscribers (the gamification engine,
notifications, the search index …) connect with ``sender=Verb.X`` and react in the same
transaction, so an event and everything that follows from it commit or roll back together.
Verbs are :class:`enum.StrEnum` members: they compare equal to the strings stored in
``learning_event.verb`` and in the gamification rules' TOML.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from blinker import Namespace
from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.extensions import db

_signals = Namespace()

learning_event = _signals.signal("learning-event")
"""Sent after a learning event is flushed, inside the recording transaction.

sender: the :class:`Verb`, so a subscriber can ``connect(fn, sender=Verb.MODULE_COMPLETED)``
  (the verb's string compares and hashes equal, so stored verbs match too).
keyword arguments: ``event`` — the flushed :class:`LearningEvent`.
"""


class Verb(enum.StrEnum):
    """Every learning-event verb. Its actor, object and context keys: :data:`VERB_SPECS`."""

    # accounts and organisation
    SIGNED_UP = "signed_up"
    SIGNED_IN = "signed_in"
    SETTING_CHANGED = "setting_changed"
    TIMEZONE_CHANGED = "timezone_changed"
    # content requests
    REQUEST_POSTED = "request_posted"
    REQUEST_FULFILLED = "request_fulfilled"
    # authoring and review
    MODULE_SUBMITTED = "module_submitted"
    SUBMISSION_CLAIMED = "submission_claimed"
    REVIEW_DECIDED = "review_decided"
    MODULE_PUBLISHED = "module_published"
    MODULE_FLAGGED = "module_flagged"
    FLAG_DISMISSED = "flag_dismissed"
    MODULE_ARCHIVED = "module_archived"
    MODULE_RESTORED = "module_restored"
    # reading and learning
    MODULE_VIEWED = "module_viewed"
    MODULE_COMPLETED = "module_completed"
    QUIZ_ATTEMPTED = "quiz_attempted"
    QUIZ_PASSED = "quiz_passed"
    MODULE_CLAPPED = "module_clapped"
    MODULE_BOOKMARKED = "module_bookmarked"
    COMMENT_POSTED = "comment_posted"
    COMMENT_MARKED_HELPFUL = "comment_marked_helpful"
    PATH_COMPLETED = "path_completed"
    # gamification (recorded by the engine's live subscriber)
    STREAK_REACHED = "streak_reached"
    BADGE_EARNED = "badge_earned"
    LEVEL_REACHED = "level_reached"

    @property
    def spec(self) -> VerbSpec:
        """This verb's documented contract."""
        return VERB_SPECS[self]


@dataclass(frozen=True)
class VerbSpec:
    """The contract of one verb: who acts, on what, and what the context carries.

    actor: who ``actor_id`` is. object_type: what ``object_type``/``object_id`` name.
    context: every allowed context key with its meaning. required: the keys that must be
    there (subscribers rely on them); the others may be left out.
    """

    summary: str
    actor: str
    object_type: str | None
    context: Mapping[str, str] = field(default_factory=dict)
    required: frozenset[str] = frozenset()


MODULE_CONTEXT: dict[str, str] = {
    "author_id": "the module's author (who earns author points)",
    "tags": "tag names of the revision concerned",
    "revision_id": "the revision concerned (readers: the published one)",
    "slug": "the module's address (module-page links)",
    "origin": "'official' or 'peer'",
    "title": "the revision's title (notification texts)",
}
"""What every module event carries (``module_context`` builds it)."""


def _module(summary: str, actor: str, *, required: tuple[str, ...] = (), **extra: str) -> VerbSpec:
    return VerbSpec(summary, actor, "module", {**MODULE_CONTEXT, **extra}, frozenset(required))


VERB_SPECS: dict[Verb, VerbSpec] = {
    Verb.SIGNED_UP: VerbSpec("An account was created.", "the new user", "user"),
    Verb.SIGNED_IN: VerbSpec("Someone signed in.", "the user", "user"),
    Verb.TIMEZONE_CHANGED: VerbSpec(
        "A person's profile time zone changed (streaks date each event in the zone then).",
        "who changed it (the person, or an administrator)",
        "user (whose zone changed)",
        {"from": "the IANA zone before", "to": "the IANA zone after"},
        frozenset({"from", "to"}),
    ),
    Verb.SETTING_CHANGED: VerbSpec(
        "An organisation setting changed.",
        "the administrator",
        "setting (no id)",
        {"key": "the setting's name", "from": "its old value", "to": "its new value"},
        frozenset({"key", "from", "to"}),
    ),
    Verb.REQUEST_POSTED: VerbSpec(
        "Someone asked for a module on a topic.",
        "the requester",
        "content_request",
        {"title": "the requested topic", "priority": "whether L&D marked it priority"},
    ),
    Verb.REQUEST_FULFILLED: VerbSpec(
        "A taken request's module was first published.",
        "the module's author (who fulfilled it)",
        "content_request",
        {
            **MODULE_CONTEXT,
            "module_id": "the module that answers the request",
            "request_title": "the request's topic",
            "requester_id": "who asked (earns as the 'actor' of the rules; is notified)",
        },
    ),
    Verb.MODULE_SUBMITTED: _module(
        "An author sent a revision for review (or to go live, by policy).",
        "the author",
        submission_id="the submission",
        policy="the vetting policy then: 'pre', 'post' or 'trusted'",
    ),
    Verb.SUBMISSION_CLAIMED: _module(
        "A reviewer started reviewing a submission.",
        "the reviewer",
        required=("author_id",),
        submission_id="the submission claimed",
    ),
    Verb.REVIEW_DECIDED: _module(
        "A reviewer decided a submission (before its outcome is applied).",
        "the reviewer",
        required=("author_id", "decision"),
        decision="'approve', 'request_changes' or 'reject'",
        rubric="the rubric scores by criterion key",
        submission_id="the submission decided",
        comment="the reviewer's comment to the author",
        unpublished="whether the decision takes the module away from readers (a rejection "
        "of a first publication under post-publication vetting: the engine then reverses "
        "everything the module paid)",
    ),
    Verb.MODULE_PUBLISHED: _module(
        "A revision became what readers see.",
        "who published it (the author, or the approving reviewer)",
        first_publication="whether the module was never published before",
    ),
    Verb.MODULE_FLAGGED: _module(
        "A reader reported a published module.",
        "the reader",
        required=("reason",),
        reason="the flag reason ('outdated', 'wrong' …)",
        flag_id="the flag",
        note="the reader's note",
    ),
    Verb.FLAG_DISMISSED: _module(
        "A reviewer kept a flagged module and closed the flag.",
        "the reviewer",
        required=("reader_id",),
        flag_id="the flag",
        reader_id="who flagged it (hears back)",
        resolution="the reviewer's note",
    ),
    Verb.MODULE_ARCHIVED: _module(
        "A reviewer unpublished a module.",
        "the reviewer",
        reason="why, for the author",
        flag="whether open flags were closed by it (the engine then reverses points)",
        unvetted="whether no reviewer ever approved what readers saw (published at once "
        "under 'post' or 'trusted'): the engine then reverses points too",
    ),
    Verb.MODULE_RESTORED: _module("A reviewer published an archived module again.", "the reviewer"),
    Verb.MODULE_VIEWED: _module(
        "A reader opened a module (once per visit: see modules.reading.VIEW_WINDOW).",
        "the reader",
        first="whether it was the reader's first view",
        seconds="visible reading seconds (demo history)",
    ),
    Verb.MODULE_COMPLETED: _module(
        "A reader completed a module (once per reader and module).",
        "the reader",
        reading_seconds="reading time measured before completing",
        score="the passing quiz score, when completed by quiz",
        first_time="false when not a first completion (default true)",
    ),
    Verb.QUIZ_ATTEMPTED: _module(
        "A reader submitted a quiz attempt.",
        "the reader",
        score="0-100",
        passed="whether it passed",
        attempt="the attempt's number",
    ),
    Verb.QUIZ_PASSED: _module(
        "A reader passed a module's quiz.",
        "the reader",
        first_try="whether on the first attempt",
        score="0-100",
    ),
    Verb.MODULE_CLAPPED: _module(
        "A reader clapped for a module.", "the reader", count="claps added by this action"
    ),
    Verb.MODULE_BOOKMARKED: _module("A reader saved a module for later.", "the reader"),
    Verb.COMMENT_POSTED: _module(
        "Someone commented on a module, or replied to a comment.",
        "the commenter",
        required=("comment_id",),
        comment_id="the new comment",
        reply="whether it is a reply",
        parent_author_id="the author of the comment replied to (notified)",
    ),
    Verb.COMMENT_MARKED_HELPFUL: VerbSpec(
        "A module's author marked a comment helpful.",
        "the module's author",
        "module",
        {
            **MODULE_CONTEXT,
            "author_id": "the comment's author (the beneficiary, notified)",
            "comment_id": "the comment",
            "module_author_id": "the module's author",
            "module_id": "the module, when the event's object is the comment",
        },
        frozenset({"author_id"}),
    ),
    Verb.PATH_COMPLETED: VerbSpec(
        "A follower completed a learning path's last module.",
        "the follower",
        "learning_path",
        {
            "author_id": "the path's owner",
            "tags": "tags of the path's modules",
            "revision_id": "always null",
            "module_id": "the module completed last",
            "module_ids": "the path's modules, in order",
        },
    ),
    Verb.STREAK_REACHED: VerbSpec(
        "A learner's streak reached a milestone.",
        "the learner",
        "user",
        {"streak_days": "the streak's length in days"},
    ),
    Verb.BADGE_EARNED: VerbSpec(
        "A badge was awarded.",
        "the earner",
        "badge_award",
        {
            "badge_key": "the badge definition's key",
            "badge_name": "its name then",
            "uid": "the award's public id (its badge page)",
        },
        frozenset({"badge_key", "uid"}),
    ),
    Verb.LEVEL_REACHED: VerbSpec(
        "A user's points reached a higher level.",
        "the user",
        "user",
        {"level": "the new level's number", "level_name": "its name"},
        frozenset({"level"}),
    ),
}


class UndeclaredVerb(ValueError):
    """A verb that is not a :class:`Verb`."""


def as_verb(verb: Any) -> Verb:
    """``verb`` as a declared :class:`Verb`, or :class:`UndeclaredVerb`."""
    try:
        return Verb(verb)
    except ValueError:
        raise UndeclaredVerb(
            f"{verb!r} is not a declared learning-event verb: declare it in peerlearn/events.py"
        ) from None


def check_context(verb: Any, context: Mapping[str, Any]) -> Verb:
    """Check ``context`` against the verb's contract; return the :class:`Verb`.

    Raises :class:`UndeclaredVerb` for an undeclared verb and ``ValueError`` for a missing
    required key or a key the verb does not document.
    """
    declared = as_verb(verb)
    spec = VERB_SPECS[declared]
    unknown = sorted(set(context) - set(spec.context))
    if unknown:
        raise ValueError(f"{declared}: undocumented context keys {unknown}")
    missing = sorted(spec.required - set(context))
    if missing:
        raise ValueError(f"{declared}: missing context keys {missing}")
    return declared


def describe_verbs() -> str:
    """The contract as a Markdown table (for docs and reviews)."""
    lines = ["| verb | actor | object | context |", "|---|---|---|---|"]
    for verb, spec in VERB_SPECS.items():
        keys = "; ".join(
            f"`{key}`{'*' if key in spec.required else ''}: {meaning}"
            for key, meaning in spec.context.items()
        )
        lines.append(f"| `{verb}` | {spec.actor} | {spec.object_type or '-'} | {keys} |")
    return "\n".join(lines)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class LearningEvent(db.Model):
    """Something a learner, author or reviewer did: the source of analytics and points."""

    __tablename__ = "learning_event"
    __table_args__ = (
        Index("ix_learning_event_actor_time", "actor_id", "occurred_at"),
        Index("ix_learning_event_verb_time", "verb", "occurred_at"),
        Index("ix_learning_event_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    verb: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return (
            f"<LearningEvent {self.verb} actor={self.actor_id} {self.object_type}:{self.object_id}>"
        )


def record_event(
    verb: Verb,
    actor: Any | None,
    object_type: str | None = None,
    object_id: int | None = None,
    context: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> LearningEvent:
    """Append a learning event, flush it, and send :data:`learning_event`. Never commits.

    ``verb`` must be a declared :class:`Verb` and ``context`` must keep to its documented
    keys (:func:`check_context`); otherwise nothing is recorded and a ``ValueError`` says why.
    """
    declared = check_context(verb, context or {})
    event = LearningEvent(
        verb=declared.value,
        actor_id=getattr(actor, "id", actor),
        object_type=object_type,
        object_id=object_id,
        context=context or {},
        occurred_at=occurred_at or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    learning_event.send(declared, event=event)
    return event
