"""The subscriber: a learning event in, points/badges/streaks out, in the same transaction.

:func:`event_facts` is the one mapping from a :class:`LearningEvent` (and its context, as
the producing features promise it) to the core's :class:`EventFacts`. :func:`handle` is
what live handling and ``replay`` share; :func:`on_learning_event` adds what only a live
event does: ``badge_earned`` and ``level_reached`` learning events (notifications subscribe
to them), and a ``streak_reached`` learning event for analytics (the engine itself has
already evaluated the streak bonus, so it ignores that verb when it comes back).

The core reads verbs from rules as strings; :func:`check_catalog_verbs` holds every verb it
can meet (rules, counters, farming, the catalog's stored rules) to the declared
:class:`~peerlearn.events.Verb`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from peerlearn.events import LearningEvent, Verb, learning_event, record_event
from peerlearn.extensions import db
from peerlearn.gamification.catalog import ActiveCatalog, active_catalog
from peerlearn.gamification.engine import Outcome, apply_facts, reverse_module
from peerlearn.gamification.evaluation import EventFacts
from peerlearn.gamification.models import UserPoints
from peerlearn.gamification.rules import VERBS, level_for

EVALUATED_VERBS = frozenset(Verb(verb) for verb in VERBS) - {Verb.STREAK_REACHED}
"""Verbs evaluated against the rules (``streak_reached`` is derived inside the engine)."""

HANDLED_VERBS = EVALUATED_VERBS | {Verb.MODULE_ARCHIVED}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok else None


def module_of(event: LearningEvent) -> int | None:
    """The module an event is about (its object, or ``context["module_id"]``)."""
    if event.object_type == "module":
        return event.object_id
    return _int((event.context or {}).get("module_id"))


def event_facts(event: LearningEvent) -> EventFacts | None:
    """The core's view of ``event``, or None when no rule or counter can react to it.

    Context read (see the issue's contract): ``author_id`` (the author of the module, or
    of the comment marked helpful, whose ``comment_id`` is the object), ``tags``,
    ``revision_id``, ``decision`` (reviews); ``reading_seconds`` and ``first_time``
    (completions), ``first_try`` (quiz passed), ``first_publication`` (published). For
    ``request_fulfilled`` the event's actor is the author who fulfilled it and
    ``requester_id`` plays the actor, so fulfilling your own request earns nothing; an event
    without a requester earns nothing.
    """
    if event.verb not in EVALUATED_VERBS or event.actor_id is None:
        return None
    context = event.context or {}
    actor, author = event.actor_id, _int(context.get("author_id"))
    first_time = True
    if event.verb == Verb.MODULE_COMPLETED:
        first_time = context.get("first_time", True) is not False
    elif event.verb == Verb.MODULE_PUBLISHED:
        first_time = context.get("first_publication", True) is not False
    elif event.verb == Verb.REQUEST_FULFILLED:
        requester = _int(context.get("requester_id"))
        if requester is None:
            return None
        actor, author = requester, author if author is not None else event.actor_id
    object_id = event.object_id
    if event.verb == Verb.COMMENT_MARKED_HELPFUL and _int(context.get("comment_id")) is not None:
        object_id = context["comment_id"]  # once per comment, not per module
    raw_tags = context.get("tags")
    tags = tuple(t for t in raw_tags if isinstance(t, str)) if isinstance(raw_tags, list) else ()
    return EventFacts(
        verb=event.verb,
        actor_id=actor,
        author_id=author,
        object_id=object_id,
        occurred_at=event.occurred_at,
        first_time=first_time,
        reading_seconds=_number(context.get("reading_seconds")),
        quiz_first_try=context.get("first_try") if event.verb == Verb.QUIZ_PASSED else None,
        tags=tags,
        revision_id=_int(context.get("revision_id")),
        decision=_decision(event),
    )


def _decision(event: LearningEvent) -> str | None:
    """A review's decision (``final_decision`` pays approve/reject, not change requests)."""
    decision = (event.context or {}).get("decision")
    return decision if event.verb == Verb.REVIEW_DECIDED and isinstance(decision, str) else None


def handle(event: LearningEvent, catalog: ActiveCatalog) -> Outcome:
    """Apply one event under ``catalog`` (live and replay alike)."""
    context = event.context or {}
    if event.verb == Verb.MODULE_ARCHIVED:
        # points follow the verdict: flagged by readers, or never approved by a reviewer
        falls = bool(context.get("flag")) or bool(context.get("unvetted"))
        return Outcome(entries=reverse_module(event)) if falls else Outcome()
    facts = event_facts(event)
    outcome = Outcome() if facts is None else apply_facts(event, facts, module_of(event), catalog)
    if event.verb == Verb.REVIEW_DECIDED and context.get("unpublished") is True:
        outcome.entries.extend(reverse_module(event, "module rejected after publication"))
    return outcome


def _totals(user_ids: set[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(UserPoints.user_id, UserPoints.learner_points + UserPoints.author_points).where(
            UserPoints.user_id.in_(user_ids), UserPoints.period == "all"
        )
    )
    totals = {user_id: 0 for user_id in user_ids}
    totals.update({user_id: points for user_id, points in rows})
    return totals


def on_learning_event(sender: str, event: LearningEvent, **_: Any) -> None:
    """The ``learning_event`` subscriber (connected by :func:`connect`)."""
    if sender not in HANDLED_VERBS:
        return
    catalog = active_catalog()
    involved = {event.actor_id, _int((event.context or {}).get("author_id"))} - {None}
    before = _totals(involved)  # type: ignore[arg-type]
    outcome = handle(event, catalog)
    names = {badge.key: badge.name for badge in catalog.badges}
    for award in outcome.badges:
        record_event(
            Verb.BADGE_EARNED,
            award.user_id,
            "badge_award",
            award.id,
            {
                "badge_key": award.badge_key,
                "badge_name": names.get(award.badge_key, award.badge_key),
                "uid": award.uid,
            },
            event.occurred_at,
        )
    if outcome.entries:
        # The totals upsert returned the new all-time totals (RETURNING): no re-read.
        after = {user_id: outcome.all_time.get(user_id, before[user_id]) for user_id in before}
        for user_id, points in after.items():
            old, new = level_for(before[user_id], catalog.levels), level_for(points, catalog.levels)
            if new.number > old.number:
                record_event(
                    Verb.LEVEL_REACHED,
                    user_id,
                    "user",
                    user_id,
                    {"level": new.number, "level_name": new.name},
                    event.occurred_at,
                )
    for user_id, days in outcome.streak_days.items():
        record_event(
            Verb.STREAK_REACHED, user_id, "user", user_id, {"streak_days": days}, event.occurred_at
        )


def connect() -> None:
    """Subscribe the engine to learning events (called once by ``init_app``)."""
    learning_event.connect(on_learning_event)
