"""The engine's adapter step for one learning event, shared by live handling and replay:
lock and load states → core ``evaluate`` → ledger rows (dedupe: a repeat is a no-op) →
totals → counters → streak → badges crossed → awards. Also the flag-archive reversal.

Everything happens in the caller's transaction; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from peerlearn.dialect import insert, insert_ignore
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.gamification import holds
from peerlearn.gamification.catalog import ActiveCatalog
from peerlearn.gamification.detection import detect, note_payment
from peerlearn.gamification.evaluation import (
    EventFacts,
    Grant,
    UserState,
    apply_bump,
    apply_grant,
    badges_crossed,
    counter_bumps,
    counts_for_streak,
    evaluate,
    reversal_key,
)
from peerlearn.gamification.farming import GIVING_VERBS
from peerlearn.gamification.models import BadgeAward, CounterMark, PointsEntry, StreakDay
from peerlearn.gamification.state import badge_keys, lock_rows, save_state, to_state, user_facts
from peerlearn.gamification.store import TotalsBatch, add_to_totals
from peerlearn.gamification.streaks import milestone_reached, update_streak


@dataclass
class Outcome:
    """What handling one event changed: for notifications, and for tests."""

    entries: list[PointsEntry] = field(default_factory=list)
    badges: list[BadgeAward] = field(default_factory=list)
    streak_days: dict[int, int] = field(default_factory=dict)  # milestone reached per user
    all_time: dict[int, int] = field(default_factory=dict)  # new all-time totals written


def insert_returning(model: Any, values: dict[str, Any], conflict: list[str]) -> Any | None:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING`` the new row as an object in the session,
    or ``None`` when the row existed: one round trip, no re-read."""
    stmt = insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict)
    return db.session.execute(stmt.returning(model)).scalar_one_or_none()


def _board(catalog: ActiveCatalog, rule_key: str) -> str:
    rule = catalog.rule_by_key.get(rule_key)
    return "author" if rule is not None and rule.beneficiary == "author" else "learner"


def _write(
    grant: Grant,
    facts: EventFacts,
    event: LearningEvent,
    catalog: ActiveCatalog,
    department_id: int | None,
    module_id: int | None,
    totals: TotalsBatch,
    giver_is_new: bool = False,
) -> PointsEntry | None:
    """Insert the grant's ledger row unless its dedupe key exists (one statement, the row
    back by ``RETURNING``); count it in ``totals`` unless it is held (a suspected pair or
    ring, or a new account giving it). The row, or None for a repeat."""
    board = _board(catalog, grant.rule_key)
    counterpart = facts.actor_id if board == "author" else facts.author_id
    values = {
        "user_id": grant.user_id,
        "points": grant.points,
        "rule_key": grant.rule_key,
        "rule_version": grant.rule_version,
        "reason": grant.reason[:300],
        "verb": facts.verb,
        "board": board,
        "source_event_id": event.id,
        "module_id": module_id,
        "counterpart_id": None if counterpart == grant.user_id else counterpart,
        "department_id": department_id,
        "dedupe_key": grant.dedupe_key,
        "occurred_at": grant.occurred_at,
    }
    entry = insert_returning(PointsEntry, values, ["dedupe_key"])
    if entry is None:
        return None
    paid = note_payment(entry, event.occurred_at)
    if not holds.hold_new_entry(entry, giver_is_new, event.occurred_at):
        totals.add(entry.user_id, department_id, board, entry.points, entry.occurred_at)
    if paid is not None:
        detect(paid, event.occurred_at)  # may open a case that holds it after all
    return entry


def apply_facts(
    event: LearningEvent, facts: EventFacts, module_id: int | None, catalog: ActiveCatalog
) -> Outcome:
    """Apply ``event`` (seen by the core as ``facts``) to the ledger, totals, counters,
    streaks and badges."""
    outcome = Outcome()
    totals = TotalsBatch()
    users = {facts.actor_id} | ({facts.author_id} if facts.author_id is not None else set())
    known = user_facts(users, event)  # the zones as they were then (for replay)
    users &= set(known)  # a deleted user earns nothing
    if facts.actor_id not in users:
        return outcome
    rows = lock_rows(users)
    held = badge_keys(users)
    states: dict[int, UserState] = {
        uid: to_state(rows[uid], known[uid][0], held[uid]) for uid in users
    }

    def state_for(user_id: int) -> UserState:
        return states[user_id]

    # the points this actor gives others wait while the account is new (issue 10, B)
    gives = facts.verb in GIVING_VERBS and facts.author_id in states and not facts.is_self
    giver_is_new = gives and holds.is_new_giver(
        facts.actor_id, facts.occurred_at, states[facts.actor_id].counters.get("completions", 0)
    )
    if gives and not giver_is_new:
        holds.release_matured(facts.actor_id, facts.occurred_at)

    def write_all(source: EventFacts) -> None:
        for grant in evaluate(source, catalog.rules, state_for, catalog.settings):
            if grant.user_id not in states:
                continue
            department = known[grant.user_id][1]
            entry = _write(
                grant, source, event, catalog, department, module_id, totals, giver_is_new
            )
            if entry is None:
                continue
            outcome.entries.append(entry)
            for user_id in {grant.user_id, grant.actor_id} & set(states):
                states[user_id] = apply_grant(states[user_id], grant)

    write_all(facts)
    for bump in counter_bumps(facts, catalog.settings):
        if bump.user_id not in states:
            continue
        mark = {"dedupe_key": bump.dedupe_key, "user_id": bump.user_id}
        if insert_ignore(CounterMark, mark, ["dedupe_key"]) is None:
            continue
        states[bump.user_id] = apply_bump(states[bump.user_id], bump)
    _streak(facts, event, catalog, states, known, outcome, write_all)
    for user_id, state in states.items():
        for badge in badges_crossed(state, catalog.badges):
            award = _award(user_id, badge.key, badge.version, event)
            states[user_id] = replace(states[user_id], badges=states[user_id].badges | {badge.key})
            if award is not None:
                outcome.badges.append(award)
        save_state(rows[user_id], states[user_id])
    outcome.all_time = totals.write()
    db.session.flush()
    return outcome


def _streak(
    facts: EventFacts,
    event: LearningEvent,
    catalog: ActiveCatalog,
    states: dict[int, UserState],
    known: dict[int, tuple[str, int | None]],
    outcome: Outcome,
    write_all: Any,
) -> None:
    """Count the actor's local day; on a milestone, evaluate ``streak_reached`` at once."""
    if not counts_for_streak(facts, catalog.settings):
        return
    actor = facts.actor_id
    before = states[actor].streak
    tz_name = known[actor][0]
    after = update_streak(before, facts.occurred_at, tz_name, catalog.settings.weekends_free)
    if after is before:
        return
    states[actor] = replace(states[actor], streak=after)
    assert after.last_date is not None
    insert_ignore(StreakDay, {"user_id": actor, "day": after.last_date}, ["user_id", "day"])
    if milestone_reached(before, after):
        outcome.streak_days[actor] = after.current
        write_all(
            EventFacts(
                verb=Verb.STREAK_REACHED,
                actor_id=actor,
                author_id=None,
                object_id=None,
                occurred_at=facts.occurred_at,
                streak_days=after.current,
            )
        )


def _award(user_id: int, key: str, version: int, event: LearningEvent) -> BadgeAward | None:
    values = {
        "user_id": user_id,
        "badge_key": key,
        "badge_version": version,
        "source_event_id": event.id,
        "awarded_at": event.occurred_at,
    }
    return insert_returning(BadgeAward, values, ["user_id", "badge_key"])


NOT_REVERSED = (Verb.REVIEW_DECIDED, Verb.STREAK_REACHED, Verb.QUIZ_PASSED)
"""What a module's fall takes back from nobody: the reviewer's work, readers' streaks and
quiz passes (learning shown, as before)."""


def reverse_module(event: LearningEvent, why: str = "module archived") -> list[PointsEntry]:
    """Reverse, by new negative entries, every point the module paid: its author's (publication,
    claps, requests fulfilled), its readers' completions and its helpful comments'.
    Held entries are voided instead. Badges stay. Idempotent: each reversal has its own
    dedupe key (so an archive after a rejection reverses nothing twice)."""
    context = event.context or {}
    module_id = event.object_id
    reason = str(context.get("reason") or context.get("comment") or "flagged")
    originals = list(
        db.session.execute(
            select(PointsEntry)
            .where(
                PointsEntry.module_id == module_id,
                PointsEntry.points > 0,
                PointsEntry.verb.not_in(NOT_REVERSED),
            )
            .order_by(PointsEntry.id)
        ).scalars()
    )
    written = []
    for original in originals:
        if original.dedupe_key.startswith("reversal:"):
            continue
        state = holds.hold_state(original.id)
        if state in ("held", "voided"):
            if state == "held":
                holds.void_hold(original.id)
            continue
        values = {
            "user_id": original.user_id,
            "points": -original.points,
            "rule_key": original.rule_key,
            "rule_version": original.rule_version,
            "reason": f"Reversed: {original.reason} ({why}: {reason})"[:300],
            "verb": event.verb,
            "board": original.board,
            "source_event_id": event.id,
            "module_id": module_id,
            "counterpart_id": original.counterpart_id,
            "department_id": original.department_id,
            "dedupe_key": reversal_key(original.dedupe_key)[:255],
            "occurred_at": event.occurred_at,
        }
        entry_id = insert_ignore(PointsEntry, values, ["dedupe_key"])
        if entry_id is None:
            continue
        add_to_totals(original.user_id, original.department_id, original.board,
                      -original.points, event.occurred_at)  # fmt: skip
        entry = db.session.get(PointsEntry, entry_id)
        assert entry is not None
        written.append(entry)
    return written
