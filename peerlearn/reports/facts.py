"""The one source every report reads: learning events as "facts", raw and rolled up.

A fact row has the same columns whether it comes from a raw :class:`LearningEvent` (one
event) or from an :class:`EventRollup` (many events of one UTC hour, summed before a purge):
``ts`` (epoch seconds), ``actor_id``, ``verb``, ``object_id``, ``author_id``, ``origin``,
``n`` (events), ``seconds``, ``score_sum``, ``score_n``, ``flag_n`` and ``amount``
(claps). So a dashboard over a range whose raw events were purged still adds up.

Modules and points belong to other packages; their *models* (never their services) are read
here when they are installed, and the figures they feed say "not available" otherwise.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select, union_all

from peerlearn.accounts.models import User
from peerlearn.content.models import Module, ModuleRevision
from peerlearn.dialect import epoch_seconds, json_integer, json_number
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.reports.models import EventRollup
from peerlearn.reports.period import Period, to_epoch

VIEWED = Verb.MODULE_VIEWED
COMPLETED = Verb.MODULE_COMPLETED
QUIZ_ATTEMPTED = Verb.QUIZ_ATTEMPTED
QUIZ_PASSED = Verb.QUIZ_PASSED
CLAPPED = Verb.MODULE_CLAPPED
COMMENTED = Verb.COMMENT_POSTED
SUBMITTED = Verb.MODULE_SUBMITTED
PUBLISHED = Verb.MODULE_PUBLISHED

LEARNING_VERBS = (VIEWED, COMPLETED, QUIZ_ATTEMPTED, QUIZ_PASSED, CLAPPED, COMMENTED)
"""What makes someone an *active learner* on a day."""


def _context_int(key: str) -> Any:
    return json_integer(LearningEvent.context, key)


ALL_DETAILS = frozenset({"author", "origin", "seconds", "score", "flag", "amount"})
"""Optional fact columns. Each costs JSON parsing per raw event, so queries ask only for
the ones they read; the others are constants."""


def raw_facts(
    period: Period | None, verbs: tuple[str, ...], need: frozenset[str] = frozenset()
) -> Select[Any]:
    """Raw events of ``verbs`` inside ``period`` (all time when ``None``) as fact rows."""
    ctx = LearningEvent.context
    author: Any = _context_int("author_id")
    origin: Any = ctx["origin"].as_string()
    join_modules = bool(need & {"author", "origin"})
    if join_modules:
        author = func.coalesce(Module.author_id, author)
        origin = func.coalesce(Module.origin, origin)
    flag = case(
        (and_(LearningEvent.verb == QUIZ_ATTEMPTED, ctx["passed"].as_boolean()), 1),
        (and_(LearningEvent.verb == PUBLISHED, ctx["first_publication"].as_boolean()), 1),
        else_=0,
    )
    score = ctx["score"].as_float()
    clap = case((LearningEvent.verb == CLAPPED, func.coalesce(_context_int("count"), 1)), else_=0)

    def pick(name: str, expression: Any, constant: Any) -> Any:
        return expression if name in need else literal(constant)

    stmt = select(
        epoch_seconds(LearningEvent.occurred_at).label("ts"),
        LearningEvent.actor_id.label("actor_id"),
        LearningEvent.verb.label("verb"),
        LearningEvent.object_id.label("object_id"),
        pick("author", author, None).label("author_id"),
        pick("origin", origin, None).label("origin"),
        literal(1).label("n"),
        # Measured time is fractional (61.3 s): a number, never cast straight to an integer.
        pick("seconds", func.coalesce(json_number(ctx, "reading_seconds"), 0), 0).label("seconds"),
        pick("score", func.coalesce(score, 0.0), 0.0).label("score_sum"),
        pick("score", case((score.is_(None), 0), else_=1), 0).label("score_n"),
        pick("flag", flag, 0).label("flag_n"),
        pick("amount", clap, 0).label("amount"),
    ).where(LearningEvent.verb.in_(verbs))
    if join_modules:
        stmt = stmt.outerjoin(
            Module,
            and_(LearningEvent.object_type == "module", Module.id == LearningEvent.object_id),
        )
    if period is not None:
        stmt = stmt.where(
            LearningEvent.occurred_at >= period.utc_start,
            LearningEvent.occurred_at < period.utc_end,
        )
    return stmt


def rolled_facts(period: Period | None, verbs: tuple[str, ...]) -> Select[Any]:
    """Rolled-up hours of ``verbs`` inside ``period`` as fact rows."""
    stmt = select(
        (EventRollup.utc_hour * 3600).label("ts"),
        EventRollup.actor_id.label("actor_id"),
        EventRollup.verb.label("verb"),
        EventRollup.object_id.label("object_id"),
        EventRollup.author_id.label("author_id"),
        EventRollup.origin.label("origin"),
        EventRollup.event_count.label("n"),
        EventRollup.seconds_sum.label("seconds"),
        EventRollup.score_sum.label("score_sum"),
        EventRollup.score_count.label("score_n"),
        EventRollup.flag_count.label("flag_n"),
        EventRollup.amount_sum.label("amount"),
    ).where(EventRollup.verb.in_(verbs))
    if period is not None:
        stmt = stmt.where(
            EventRollup.utc_hour * 3600 >= to_epoch(period.utc_start),
            EventRollup.utc_hour * 3600 < to_epoch(period.utc_end),
        )
    return stmt


def facts(
    period: Period | None,
    verbs: tuple[str, ...],
    department_id: int | None = None,
    need: frozenset[str] = frozenset(),
) -> Any:
    """A subquery of fact rows (raw ∪ rolled up), limited to one department's actors.

    ``need`` names the optional columns (:data:`ALL_DETAILS`) the caller reads.
    """
    raw = raw_facts(period, verbs, need)
    source = union_all(raw, rolled_facts(period, verbs)).subquery("facts")
    if department_id is None:
        return source
    members = select(User.id).where(User.department_id == department_id)
    return select(source).where(source.c.actor_id.in_(members)).subquery("dept_facts")


def module_titles(module_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Title, origin and author of each module id (empty when modules are not installed)."""
    if not module_ids:
        return {}
    title = func.coalesce(ModuleRevision.title, Module.slug)
    rows = db_rows(
        select(Module.id, title, Module.origin, Module.author_id)
        .outerjoin(ModuleRevision, ModuleRevision.id == Module.published_revision_id)
        .where(Module.id.in_(module_ids))
    )
    return {r[0]: {"title": r[1], "origin": r[2], "author_id": r[3]} for r in rows}


def db_rows(stmt: Any) -> list[Any]:
    """Run ``stmt`` and return every row (for small, already aggregated results)."""
    return list(db.session.execute(stmt).all())


def completed_before(moment: Any) -> Any:
    """(actor_id, object_id) of every completion before ``moment``, raw or rolled up.

    Used so that re-opening a module someone already finished is not a new "start".
    """
    raw = select(LearningEvent.actor_id, LearningEvent.object_id).where(
        LearningEvent.verb == COMPLETED, LearningEvent.occurred_at < moment
    )
    rolled = select(EventRollup.actor_id, EventRollup.object_id).where(
        EventRollup.verb == COMPLETED, EventRollup.utc_hour * 3600 < to_epoch(moment)
    )
    return union_all(raw, rolled).subquery("completed_before")
