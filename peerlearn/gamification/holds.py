"""Holding points that may be farmed, the adapter of :mod:`~peerlearn.gamification.farming`:
counting who paid whom (and when), opening a case between two people — a pair or a ring who
mostly pay each other, or a new account paying someone — holding its entries (out of the
totals) with the evidence, and a reviewer (or, for a matured account, the engine) releasing
or voiding them.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import and_, func, or_, select

from peerlearn.accounts.models import User
from peerlearn.dialect import upsert
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied
from peerlearn.events import LearningEvent, utcnow
from peerlearn.extensions import db
from peerlearn.gamification.farming import (
    FARMING_VERBS,
    GIVING_VERBS,
    RING_WINDOW,
    concentrated,
    is_new_account,
    mutual_farming,
    suspected_ring,
)
from peerlearn.gamification.hold_models import (
    Interaction,
    InteractionEdge,
    MutualPair,
    PointsHold,
)
from peerlearn.gamification.models import GameState, PointsEntry
from peerlearn.gamification.store import add_to_totals
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_release_held_points

RING_NEIGHBOURS = 30
"""Most mutual partners of each of the two people looked at when searching for a ring."""


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


def _edge_rows(members: set[int]) -> list[InteractionEdge]:
    return list(
        db.session.execute(
            select(InteractionEdge)
            .where(InteractionEdge.actor_id.in_(members), InteractionEdge.author_id.in_(members))
            .order_by(InteractionEdge.actor_id, InteractionEdge.author_id)
        ).scalars()
    )


def _evidence(why: str, members: set[int], **extra: Any) -> dict[str, Any]:
    """Who paid whom, how often, first and last time: what the reviewer reads."""
    edges = [
        {
            "from": edge.actor_id,
            "to": edge.author_id,
            "count": edge.count,
            "first_at": edge.first_at.isoformat() if edge.first_at else None,
            "last_at": edge.last_at.isoformat() if edge.last_at else None,
        }
        for edge in _edge_rows(members)
    ]
    given = {
        user_id: given or 0
        for user_id, given in db.session.execute(
            select(GameState.user_id, GameState.interactions_given).where(
                GameState.user_id.in_(members)
            )
        )
    }
    return {
        "why": why,
        "members": sorted(members),
        "edges": edges,
        "given": {str(k): v for k, v in sorted(given.items())},
        **extra,
    }


def _open_case(a: int, b: int, kind: str, evidence: dict[str, Any], at: datetime) -> None:
    """Open (or turn a new-account case into) a ``mutual``/``ring`` case between ``a`` and
    ``b``, holding every completion and clap point between them not held yet, the first
    one included. A case a reviewer already decided stays decided."""
    pair = _pair_of(a, b)
    if pair is None:
        pair = MutualPair(user_low_id=min(a, b), user_high_id=max(a, b), detected_at=at)
        db.session.add(pair)
    elif pair.kind != "new_account" or pair.status == "voided":
        return
    pair.kind, pair.status, pair.subject_id, pair.evidence = kind, "open", None, evidence
    pair.decided_at, pair.decided_by_id = None, None
    db.session.flush()
    already = select(PointsHold.entry_id)
    between = or_(
        and_(PointsEntry.user_id == a, PointsEntry.counterpart_id == b),
        and_(PointsEntry.user_id == b, PointsEntry.counterpart_id == a),
    )
    entries = db.session.execute(
        select(PointsEntry).where(
            between,
            PointsEntry.verb.in_(FARMING_VERBS),
            PointsEntry.points > 0,
            PointsEntry.id.not_in(already),
        )
    ).scalars()
    for entry in entries:
        _hold_entry(entry, pair, "held", at)


def record_interaction(actor_row: GameState, author_id: int, at: datetime) -> None:
    """Count one distinct completion or clap of ``actor`` on ``author``'s module; open a
    pair when the two now mostly farm each other, or ring cases when they belong to a small
    group that mostly pays each other (holding their points so far)."""
    actor_id = actor_row.user_id
    upsert(
        InteractionEdge,
        {"actor_id": actor_id, "author_id": author_id, "count": 1, "first_at": at, "last_at": at},
        ["actor_id", "author_id"],
        {"count": InteractionEdge.__table__.c.count + 1, "last_at": at},
    )
    actor_row.interactions_given = (actor_row.interactions_given or 0) + 1
    db.session.add(Interaction(actor_id=actor_id, author_id=author_id, occurred_at=at))
    db.session.flush()
    pair = _pair_of(actor_id, author_id)
    if (pair is None or pair.kind == "new_account") and mutual_farming(
        _edge(actor_id, author_id),
        _edge(author_id, actor_id),
        _given(actor_id),
        _given(author_id),
    ):
        why = "They mostly complete and clap each other's modules."
        _open_case(actor_id, author_id, "mutual", _evidence(why, {actor_id, author_id}), at)
    _find_ring(actor_id, author_id, at)


def _mutual_partners(user_id: int, since: datetime) -> list[int]:
    """Up to :data:`RING_NEIGHBOURS` people ``user`` paid since ``since`` who also paid
    ``user`` then, most paid first."""
    recent = Interaction.occurred_at >= since
    back = select(Interaction.actor_id).where(Interaction.author_id == user_id, recent)
    return list(
        db.session.execute(
            select(Interaction.author_id)
            .where(Interaction.actor_id == user_id, recent, Interaction.author_id.in_(back))
            .group_by(Interaction.author_id)
            .order_by(func.count().desc(), Interaction.author_id)
            .limit(RING_NEIGHBOURS)
        ).scalars()
    )


def _window(
    members: set[int], since: datetime
) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
    """Completions and claps since ``since``: between ``members`` (edges), and all each gave."""
    recent = Interaction.occurred_at >= since
    edges = {
        (actor, author): count
        for actor, author, count in db.session.execute(
            select(Interaction.actor_id, Interaction.author_id, func.count())
            .where(Interaction.actor_id.in_(members), Interaction.author_id.in_(members), recent)
            .group_by(Interaction.actor_id, Interaction.author_id)
        )
    }
    given = {
        actor: count
        for actor, count in db.session.execute(
            select(Interaction.actor_id, func.count())
            .where(Interaction.actor_id.in_(members), recent)
            .group_by(Interaction.actor_id)
        )
    }
    return edges, given


def _find_ring(actor_id: int, author_id: int, at: datetime) -> None:
    """Look for a ring, over the last :data:`RING_WINDOW`, around the two people who just
    interacted; hold its edges."""
    since = at - RING_WINDOW
    candidates = {actor_id, author_id}
    for person in (actor_id, author_id):
        candidates.update(_mutual_partners(person, since))
    if len(candidates) < 3:
        return
    edges, given = _window(candidates, since)
    ring = suspected_ring(edges, given)
    if actor_id not in ring:
        return
    linked = [
        (a, b) for a, b in combinations(sorted(ring), 2) if edges.get((a, b)) or edges.get((b, a))
    ]
    existing = {
        (pair.user_low_id, pair.user_high_id): pair
        for pair in db.session.execute(
            select(MutualPair).where(
                MutualPair.user_low_id.in_(ring), MutualPair.user_high_id.in_(ring)
            )
        ).scalars()
    }
    todo = [
        (a, b)
        for a, b in linked
        if (a, b) not in existing or existing[(a, b)].kind == "new_account"
    ]
    if not todo:
        return
    why = (
        f"A group of {len(ring)} who, over the last {RING_WINDOW.days} days, mostly completed "
        "and clapped each other's modules."
    )
    evidence = _evidence(
        why, set(ring), window_given={str(k): v for k, v in sorted(given.items()) if k in ring}
    )
    for a, b in todo:
        _open_case(a, b, "ring", evidence, at)


# --- new accounts ----------------------------------------------------------------------


def trust_thresholds() -> tuple[int, int]:
    """(days, completions) a new account needs before the points it gives count at once."""
    return int(get_setting("trust_min_days")), int(get_setting("trust_min_completions"))


def first_seen(user_id: int) -> datetime | None:
    """When the account appeared: created, or its first learning event if earlier (imported
    history)."""
    created = db.session.execute(select(User.created_at).where(User.id == user_id)).scalar()
    first = db.session.execute(
        select(func.min(LearningEvent.occurred_at)).where(LearningEvent.actor_id == user_id)
    ).scalar()
    found = [moment for moment in (created, first) if moment is not None]
    return min(found) if found else None


def is_new_giver(user_id: int, at: datetime, completions: int) -> bool:
    """Whether the points ``user`` gives others at ``at`` wait (a new account), given its
    ``completions`` of colleagues' modules so far."""
    min_days, min_completions = trust_thresholds()
    if min_days == 0 and min_completions == 0:
        return False
    if completions < min_completions:
        return True
    if min_days == 0:
        return False
    seen = first_seen(user_id)
    return seen is not None and is_new_account(at - seen, completions, min_days, min_completions)


def hold_new_entry(entry: PointsEntry, giver_is_new: bool, at: datetime) -> bool:
    """Hold a new ledger entry when it falls in an open case (``voided``: struck), or when a
    new account gives it (a ``new_account`` case is opened). True when the entry must stay out
    of the totals."""
    giver = entry.counterpart_id
    if giver is None or entry.points <= 0 or entry.verb not in FARMING_VERBS:
        return False  # nothing else is ever held: no query for the other entries
    pair = _pair_of(entry.user_id, giver)
    given_by_new = entry.board == "author" and entry.verb in GIVING_VERBS
    if pair is not None:
        if pair.status == "released":
            return False
        if pair.kind == "new_account":
            applies = given_by_new and giver == pair.subject_id
        else:
            applies = entry.verb in FARMING_VERBS
        if applies:
            state = "held" if pair.status == "open" else "voided"
            db.session.add(PointsHold(entry_id=entry.id, pair_id=pair.id, state=state))
            return True
    if not (giver_is_new and given_by_new) or pair is not None:
        return False
    seen = first_seen(giver)
    age_days = round((at - seen).total_seconds() / 86400, 1) if seen else None
    pair = MutualPair(
        user_low_id=min(entry.user_id, giver),
        user_high_id=max(entry.user_id, giver),
        kind="new_account",
        subject_id=giver,
        detected_at=at,
        evidence=_evidence(
            "A new account gave these points; they wait until it has a normal history.",
            {entry.user_id, giver},
            subject=giver,
            account_age_days=age_days,
            verb=entry.verb,
        ),
    )
    db.session.add(pair)
    db.session.flush()
    db.session.add(PointsHold(entry_id=entry.id, pair_id=pair.id, state="held"))
    return True


def release_matured(user_id: int, at: datetime) -> None:
    """``user`` has a normal history now: release the points it gave while new, except to
    someone who got most of its giving (a reviewer decides those)."""
    cases = db.session.execute(
        select(MutualPair).where(
            MutualPair.subject_id == user_id,
            MutualPair.kind == "new_account",
            MutualPair.status == "open",
        )
    ).scalars()
    given = _given(user_id)
    for pair in cases:
        other = pair.user_high_id if pair.user_low_id == user_id else pair.user_low_id
        if concentrated(_edge(user_id, other), given):
            continue
        _decide(pair, True, None, "Released by itself: the account has a normal history now.", at)


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
    """A select of the cases waiting for a reviewer, oldest first."""
    return select(MutualPair).where(MutualPair.status == "open").order_by(MutualPair.id)


def get_pair(pair_id: int) -> MutualPair:
    pair = db.session.get(MutualPair, pair_id)
    if pair is None:
        raise NotFoundError("No such pair.")
    return pair


def pair_names(pairs: list[MutualPair]) -> dict[int, str]:
    """The display names of everyone in ``pairs``, by user id, in one query."""
    ids = {user_id for pair in pairs for user_id in (pair.user_low_id, pair.user_high_id)}
    ids |= {m for pair in pairs for m in (pair.evidence or {}).get("members", [])}
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
    """Release (the points count, now and later) or void (they never count) a case's held
    points. Released points join the totals of the periods they were earned in."""
    if not can_release_held_points(actor, pair):
        raise PermissionDenied(
            "Only reviewers release or void held points, and not in a case they are part of."
        )
    if pair.status != "open":
        raise Conflict(f"This pair was already {pair.status}.")
    _decide(pair, release, actor.id, note, utcnow())
    db.session.flush()
    return pair


def _decide(
    pair: MutualPair, release: bool, actor_id: int | None, note: str, now: datetime
) -> None:
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
    pair.decided_at, pair.decided_by_id, pair.note = now, actor_id, note[:300]
