"""Holding the points of mutual-farming pairs: counting interactions, detecting a pair,
holding its entries (out of the totals), and a reviewer releasing or voiding them.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select

from peerlearn.accounts.models import User
from peerlearn.dialect import upsert
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.farming import FARMING_VERBS, mutual_farming
from peerlearn.gamification.hold_models import InteractionEdge, MutualPair, PointsHold
from peerlearn.gamification.models import GameState, PointsEntry
from peerlearn.gamification.store import add_to_totals
from peerlearn.permissions import can_release_held_points


def _pair_of(a: int, b: int) -> MutualPair | None:
    low, high = min(a, b), max(a, b)
    return db.session.execute(
        select(MutualPair).where(MutualPair.user_low_id == low, MutualPair.user_high_id == high)
    ).scalar_one_or_none()


def _edge(actor_id: int, author_id: int) -> int:
    count = db.session.execute(
        select(InteractionEdge.count).where(
            InteractionEdge.actor_id == actor_id, InteractionEdge.author_id == author_id
        )
    ).scalar()
    return count or 0


def _given(user_id: int) -> int:
    given = db.session.execute(
        select(GameState.interactions_given).where(GameState.user_id == user_id)
    ).scalar()
    return given or 0


def _hold_entry(entry: PointsEntry, pair: MutualPair, state: str, at: datetime) -> None:
    db.session.add(PointsHold(entry_id=entry.id, pair_id=pair.id, state=state))
    add_to_totals(entry.user_id, entry.department_id, entry.board, -entry.points,
                  entry.occurred_at, at)  # fmt: skip


def record_interaction(actor_row: GameState, author_id: int, at: datetime) -> None:
    """Count one distinct completion or clap of ``actor`` on ``author``'s module, and open a
    pair (holding its mutual points so far) when the two now mostly farm each other."""
    actor_id = actor_row.user_id
    upsert(
        InteractionEdge,
        {"actor_id": actor_id, "author_id": author_id, "count": 1},
        ["actor_id", "author_id"],
        {"count": InteractionEdge.__table__.c.count + 1},
    )
    actor_row.interactions_given = (actor_row.interactions_given or 0) + 1
    db.session.flush()
    if _pair_of(actor_id, author_id) is not None:
        return
    if not mutual_farming(
        _edge(actor_id, author_id), _edge(author_id, actor_id), _given(actor_id), _given(author_id)
    ):
        return
    pair = MutualPair(user_low_id=min(actor_id, author_id), user_high_id=max(actor_id, author_id))
    db.session.add(pair)
    db.session.flush()
    already = select(PointsHold.entry_id)
    between = or_(
        and_(PointsEntry.user_id == actor_id, PointsEntry.counterpart_id == author_id),
        and_(PointsEntry.user_id == author_id, PointsEntry.counterpart_id == actor_id),
    )
    entries = db.session.execute(
        select(PointsEntry).where(
            between, PointsEntry.verb.in_(FARMING_VERBS), PointsEntry.id.not_in(already)
        )
    ).scalars()
    for entry in entries:
        _hold_entry(entry, pair, "held", at)


def hold_if_paired(entry: PointsEntry) -> bool:
    """Hold a new entry between a known pair (``open``: held; ``voided``: struck). True when
    the entry must stay out of the totals."""
    if entry.verb not in FARMING_VERBS or entry.counterpart_id is None:
        return False
    pair = _pair_of(entry.user_id, entry.counterpart_id)
    if pair is None or pair.status == "released":
        return False
    db.session.add(
        PointsHold(
            entry_id=entry.id, pair_id=pair.id, state="held" if pair.status == "open" else "voided"
        )
    )
    return True


def uncounted_entry_ids() -> Any:
    """A select of the ids of entries that do not count (held or voided)."""
    return select(PointsHold.entry_id).where(PointsHold.state != "released")


def hold_state(entry_id: int) -> str | None:
    """The hold state of an entry, or None when it was never held."""
    return db.session.execute(
        select(PointsHold.state).where(PointsHold.entry_id == entry_id)
    ).scalar()


def void_hold(entry_id: int) -> None:
    """Strike a held entry for good (its module was archived for a flag)."""
    hold = db.session.execute(
        select(PointsHold).where(PointsHold.entry_id == entry_id)
    ).scalar_one()
    hold.state = "voided"


def open_pairs() -> Any:
    """A select of the pairs waiting for a reviewer, oldest first."""
    return select(MutualPair).where(MutualPair.status == "open").order_by(MutualPair.id)


def get_pair(pair_id: int) -> MutualPair:
    pair = db.session.get(MutualPair, pair_id)
    if pair is None:
        raise NotFoundError("No such pair.")
    return pair


def pair_names(pairs: list[MutualPair]) -> dict[int, str]:
    """The display names of everyone in ``pairs``, by user id, in one query."""
    ids = {user_id for pair in pairs for user_id in (pair.user_low_id, pair.user_high_id)}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def held_points(pair: MutualPair) -> list[tuple[PointsEntry, str]]:
    """The pair's held entries with their hold state."""
    rows = db.session.execute(
        select(PointsEntry, PointsHold.state)
        .join(PointsHold, PointsHold.entry_id == PointsEntry.id)
        .where(PointsHold.pair_id == pair.id)
        .order_by(PointsEntry.id)
    )
    return [(entry, state) for entry, state in rows]


def decide_pair(actor: Any, pair: MutualPair, release: bool, note: str = "") -> MutualPair:
    """Release (the points count, now and later) or void (they never count) a pair's held
    points. Released points join the totals of the periods they were earned in."""
    if not can_release_held_points(actor):
        raise PermissionDenied("Only reviewers release or void held points.")
    if pair.status != "open":
        raise Conflict(f"This pair was already {pair.status}.")
    now = utcnow()
    for entry, state in held_points(pair):
        if state != "held":
            continue
        hold = db.session.execute(
            select(PointsHold).where(PointsHold.entry_id == entry.id)
        ).scalar_one()
        hold.state = "released" if release else "voided"
        if release:
            add_to_totals(entry.user_id, entry.department_id, entry.board, entry.points,
                          entry.occurred_at, now)  # fmt: skip
    pair.status = "released" if release else "voided"
    pair.decided_at, pair.decided_by_id, pair.note = now, actor.id, note[:300]
    db.session.flush()
    return pair
