"""``replay``: rebuild the ledger, totals, counters, streaks and badges from the learning
events under the current rules, and say what changed for whom.

The derived tables are emptied and every event is handled again, oldest first, by the very
function live handling uses (:func:`peerlearn.gamification.handlers.handle`), so replay and
live cannot disagree. Kept as they are: badge awards (their Open Badges URLs are public and
stable, and badges earned stay; the report names those the current rules would no longer
award), revocations, and reviewers' decisions on mutual-farming pairs (applied again to the
rebuilt entries). ``streak_reached`` events are skipped: the engine derives them.
The caller commits (or rolls back, for a dry run).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, select, tuple_

from peerlearn.accounts.models import User
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.gamification.catalog import active_catalog
from peerlearn.gamification.evaluation import criterion_value
from peerlearn.gamification.handlers import HANDLED_VERBS, handle
from peerlearn.gamification.hold_models import Interaction, PointsHold
from peerlearn.gamification.models import (
    BadgeAward,
    CounterMark,
    DepartmentPoints,
    GameState,
    PointsEntry,
    StreakDay,
    UserPoints,
)
from peerlearn.gamification.state import badge_keys, to_state, user_facts

BATCH = 1000


@dataclass
class Standing:
    """What replay may change for one user."""

    learner: int = 0
    author: int = 0
    badges: frozenset[str] = frozenset()
    longest_streak: int = 0
    entries: int = 0


@dataclass
class UserChange:
    """One user's before → after, as the report prints it."""

    user_id: int
    name: str
    before: Standing
    after: Standing
    no_longer_earned: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = []
        b, a = self.before, self.after
        for label, old, new in (
            ("learner points", b.learner, a.learner),
            ("author points", b.author, a.author),
            ("ledger entries", b.entries, a.entries),
            ("longest streak", b.longest_streak, a.longest_streak),
        ):
            if old != new:
                parts.append(f"{label} {old} → {new}")
        gained = sorted(a.badges - b.badges)
        if gained:
            parts.append("new badges " + ", ".join(gained))
        if self.no_longer_earned:
            parts.append("kept but no longer earned " + ", ".join(self.no_longer_earned))
        return f"{self.name} (user {self.user_id}): " + "; ".join(parts)


def standings() -> dict[int, Standing]:
    """Every user's all-time points, entries, badges and longest streak now."""
    found: dict[int, Standing] = {}
    for row in db.session.execute(select(UserPoints).where(UserPoints.period == "all")).scalars():
        found.setdefault(row.user_id, Standing()).learner = row.learner_points
        found[row.user_id].author = row.author_points
    for user_id, keys in _all_badges().items():
        found.setdefault(user_id, Standing()).badges = frozenset(keys)
    for user_id, longest in db.session.execute(select(GameState.user_id, GameState.streak_longest)):
        found.setdefault(user_id, Standing()).longest_streak = longest
    for (user_id,) in db.session.execute(select(PointsEntry.user_id)):
        found.setdefault(user_id, Standing()).entries += 1
    return found


def _all_badges() -> dict[int, set[str]]:
    stmt = select(BadgeAward.user_id, BadgeAward.badge_key).where(BadgeAward.revoked_at.is_(None))
    held: dict[int, set[str]] = {}
    for user_id, key in db.session.execute(stmt):
        held.setdefault(user_id, set()).add(key)
    return held


def _clear_derived() -> None:
    for model in (
        PointsHold, Interaction, CounterMark, StreakDay, UserPoints,
        DepartmentPoints, GameState, PointsEntry,
    ):  # fmt: skip
        db.session.execute(delete(model))
    db.session.flush()


def _events() -> Iterator[LearningEvent]:
    """Yield the handled events oldest first, a batch at a time (memory stays flat)."""
    after: tuple[datetime, int] | None = None
    while True:
        stmt = select(LearningEvent).where(LearningEvent.verb.in_(HANDLED_VERBS))
        if after is not None:
            stmt = stmt.where(tuple_(LearningEvent.occurred_at, LearningEvent.id) > after)
        batch = list(
            db.session.execute(
                stmt.order_by(LearningEvent.occurred_at, LearningEvent.id).limit(BATCH)
            ).scalars()
        )
        if not batch:
            return
        yield from batch
        after = (batch[-1].occurred_at, batch[-1].id)
        # Flushed rows are clean, and the session only holds clean rows weakly: memory stays
        # flat without expunging (which would detach the caller's objects too).
        db.session.flush()


def _no_longer_earned(user_ids: set[int]) -> dict[int, list[str]]:
    catalog = active_catalog()
    definitions = {badge.key: badge for badge in catalog.badges}
    rows = {
        row.user_id: row
        for row in db.session.execute(
            select(GameState).where(GameState.user_id.in_(user_ids))
        ).scalars()
    }
    facts, held = user_facts(user_ids), badge_keys(user_ids)
    found: dict[int, list[str]] = {}
    for user_id in user_ids:
        keys = [key for key in sorted(held.get(user_id, ())) if key in definitions]
        row = rows.get(user_id)
        state = to_state(row, facts[user_id][0], set()) if row is not None else None
        for key in keys:
            criterion = definitions[key].criterion
            if state is None or criterion_value(criterion, state) < criterion.target:
                found.setdefault(user_id, []).append(key)
    return found


def replay() -> list[UserChange]:
    """Rebuild everything from the events under the current rules; return who changed."""
    before = standings()
    _clear_derived()
    catalog = active_catalog()
    for event in _events():
        handle(event, catalog)
    db.session.flush()
    after = standings()
    users = set(before) | set(after)
    lost = _no_longer_earned(users)
    names = {
        user_id: name
        for user_id, name in db.session.execute(
            select(User.id, User.display_name).where(User.id.in_(users))
        )
    }
    changes = []
    for user_id in sorted(users):
        old, new = before.get(user_id, Standing()), after.get(user_id, Standing())
        if old != new or lost.get(user_id):
            changes.append(
                UserChange(user_id, names.get(user_id, "?"), old, new, lost.get(user_id, []))
            )
    return changes
