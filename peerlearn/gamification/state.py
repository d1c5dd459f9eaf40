"""Loading and saving the core's :class:`UserState` from the ``game_state`` rows.

Rows are locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite has one writer anyway) in
user-id order, so two events about the same people are evaluated one after the other and
counters or daily tallies never lose an update.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select, tuple_

from peerlearn.accounts.models import User
from peerlearn.dialect import insert as dialect_insert
from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.gamification.evaluation import DailyTally, UserState
from peerlearn.gamification.models import BadgeAward, GameState
from peerlearn.gamification.streaks import StreakState, zone


def _empty_row(user_id: int) -> dict[str, object]:
    return {
        "user_id": user_id,
        "counters": {},
        "tags": [],
        "points_today": {},
        "last_triggered_at": {},
        "streak_current": 0,
        "streak_longest": 0,
        "streak_freezes": 0,
    }


def lock_rows(user_ids: Iterable[int]) -> dict[int, GameState]:
    """The users' state rows, created when missing, locked for this transaction: one
    ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` (the no-op update takes the row lock on
    PostgreSQL, as ``SELECT … FOR UPDATE`` did), in user-id order."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    insert = dialect_insert(GameState)
    stmt = (
        insert.values([_empty_row(user_id) for user_id in ids])
        .on_conflict_do_update(
            index_elements=["user_id"], set_={"user_id": insert.excluded.user_id}
        )
        .returning(GameState)
    )
    rows = db.session.execute(stmt, execution_options={"populate_existing": True}).scalars()
    return {row.user_id: row for row in rows}


def user_facts(
    user_ids: Iterable[int], at: LearningEvent | None = None
) -> dict[int, tuple[str, int | None]]:
    """Each user's (time zone, department id); an unknown time zone counts as UTC.

    With ``at``, the zone is the one the user had when that event happened: the ``from`` of
    their first ``timezone_changed`` event after it (in event order), if any. Live handling
    finds none (the event is the newest), replay finds the zone history, so both date an
    event in the same zone."""
    ids = set(user_ids)
    rows = db.session.execute(
        select(User.id, User.timezone, User.department_id).where(User.id.in_(ids))
    )
    zone_then = _zones_at(ids, at) if at is not None else {}
    facts = {}
    for user_id, tz_name, department_id in rows:
        tz_name = zone_then.get(user_id, tz_name)
        try:
            zone(tz_name)
        except ValueError:
            tz_name = "UTC"
        facts[user_id] = (tz_name, department_id)
    return facts


def _zones_at(user_ids: set[int], at: LearningEvent) -> dict[int, str]:
    stmt = (
        select(LearningEvent.object_id, LearningEvent.context)
        .where(
            LearningEvent.object_type == "user",
            LearningEvent.object_id.in_(user_ids),
            LearningEvent.verb == Verb.TIMEZONE_CHANGED,
            tuple_(LearningEvent.occurred_at, LearningEvent.id) > (at.occurred_at, at.id),
        )
        .order_by(LearningEvent.occurred_at.desc(), LearningEvent.id.desc())
    )
    zones: dict[int, str] = {}
    for user_id, context in db.session.execute(stmt):  # the earliest one is written last
        if isinstance((context or {}).get("from"), str):
            zones[user_id] = context["from"]
    return zones


def badge_keys(user_ids: Iterable[int]) -> dict[int, set[str]]:
    """Keys of the badges each user was ever awarded (revoked ones too: never re-awarded)."""
    ids = set(user_ids)
    held: dict[int, set[str]] = {user_id: set() for user_id in ids}
    stmt = select(BadgeAward.user_id, BadgeAward.badge_key).where(BadgeAward.user_id.in_(ids))
    for user_id, key in db.session.execute(stmt):
        held[user_id].add(key)
    return held


def to_state(row: GameState, tz_name: str, badges: set[str]) -> UserState:
    """The core's view of a state row."""
    return UserState(
        user_id=row.user_id,
        tz_name=tz_name,
        points_today={
            key: DailyTally(date.fromisoformat(day), points)
            for key, (day, points) in (row.points_today or {}).items()
        },
        last_triggered_at={
            key: datetime.fromisoformat(moment)
            for key, moment in (row.last_triggered_at or {}).items()
        },
        counters=dict(row.counters or {}),
        tags=frozenset(row.tags or ()),
        streak=streak_of(row),
        badges=frozenset(badges),
    )


def streak_of(row: GameState) -> StreakState:
    """The core's view of a state row's streak."""
    return StreakState(
        current=row.streak_current,
        longest=row.streak_longest,
        last_date=row.streak_last_date,
        freezes=row.streak_freezes,
        zone=row.streak_zone,
        counted_at=row.streak_counted_at,
    )


def save_state(row: GameState, state: UserState) -> None:
    """Write ``state`` back into its row (new containers, so the JSON columns are dirty)."""
    row.points_today = {
        key: [tally.day.isoformat(), tally.points] for key, tally in state.points_today.items()
    }
    row.last_triggered_at = {
        key: moment.isoformat() for key, moment in state.last_triggered_at.items()
    }
    row.counters = dict(state.counters)
    row.tags = sorted(state.tags)
    row.streak_current = state.streak.current
    row.streak_longest = state.streak.longest
    row.streak_last_date = state.streak.last_date
    row.streak_freezes = state.streak.freezes
    row.streak_zone = state.streak.zone
    row.streak_counted_at = state.streak.counted_at
