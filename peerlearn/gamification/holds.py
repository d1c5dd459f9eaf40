"""Holding points that may be farmed: a case between two people — a pair or a ring who
mostly pay each other, a one-way giver, or a new account paying someone — holds its ledger
entries (out of the totals) with the evidence, until a reviewer (or, for a matured account,
the engine) releases or voids them. :mod:`~peerlearn.gamification.detection` opens the
pair, ring and one-way cases; new-account cases open here, as their entries are written.

Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from peerlearn.accounts.models import User
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied
from peerlearn.events import LearningEvent, utcnow
from peerlearn.extensions import db
from peerlearn.gamification.farming import (
    FARMING_VERBS,
    GIVING_VERBS,
    WINDOW,
    concentrated,
    is_new_account,
)
from peerlearn.gamification.hold_models import SUBJECT_KINDS, Interaction, MutualPair, PointsHold
from peerlearn.gamification.models import PointsEntry
from peerlearn.gamification.store import add_to_totals
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_release_held_points


def pair_of(a: int, b: int) -> MutualPair | None:
    low, high = min(a, b), max(a, b)
    return db.session.execute(
        select(MutualPair).where(MutualPair.user_low_id == low, MutualPair.user_high_id == high)
    ).scalar_one_or_none()


def _hold_entry(entry: PointsEntry, pair: MutualPair, state: str, at: datetime) -> None:
    db.session.add(PointsHold(entry_id=entry.id, pair_id=pair.id, state=state))
    add_to_totals(entry.user_id, entry.department_id, entry.board, -entry.points,
                  entry.occurred_at, at)  # fmt: skip


@dataclass(frozen=True)
class Paid:
    """What one person paid another over a window: how often, how many points, when."""

    payer: int
    payee: int
    count: int
    points: int
    first_at: datetime
    last_at: datetime


def payments_since(payers: set[int], since: datetime) -> list[Paid]:
    """Everything ``payers`` paid anyone since ``since``, one row per (payer, payee), in one
    statement: detection, the evidence and matured new accounts all read it."""
    rows = db.session.execute(
        select(
            Interaction.actor_id,
            Interaction.author_id,
            func.count(),
            func.sum(Interaction.points),
            func.min(Interaction.occurred_at),
            func.max(Interaction.occurred_at),
        )
        .where(Interaction.actor_id.in_(payers), Interaction.occurred_at >= since)
        .group_by(Interaction.actor_id, Interaction.author_id)
        .order_by(Interaction.actor_id, Interaction.author_id)
    )
    return [
        Paid(a, b, count, points or 0, first, last) for a, b, count, points, first, last in rows
    ]


def evidence(why: str, members: set[int], since: datetime, **extra: Any) -> dict[str, Any]:
    """Who paid whom since ``since``, how often, how many points, first and last time, and
    all each member paid anyone then: what the reviewer reads (a snapshot at detection)."""
    paid = payments_since(members, since)
    given: dict[int, int] = {}
    for row in paid:
        given[row.payer] = given.get(row.payer, 0) + row.count
    edges = [
        {
            "from": row.payer,
            "to": row.payee,
            "count": row.count,
            "points": row.points,
            "first_at": row.first_at.isoformat(),
            "last_at": row.last_at.isoformat(),
        }
        for row in paid
        if row.payee in members
    ]
    return {
        "why": why,
        "members": sorted(members),
        "window_days": WINDOW.days,
        "edges": edges,
        "given": {str(payer): count for payer, count in sorted(given.items())},
        **extra,
    }


def open_case(
    a: int,
    b: int,
    kind: str,
    proof: dict[str, Any],
    at: datetime,
    subject: int | None = None,
) -> None:
    """Open a ``kind`` case between ``a`` and ``b`` (or turn a one-way or new-account case
    into it), holding every point between them not held yet, the first one included — for a
    ``one_way`` case only what ``subject`` gave the other. A case a reviewer decided stays
    decided; a new-account case the engine released opens again."""
    pair = pair_of(a, b)
    if pair is None:
        pair = MutualPair(user_low_id=min(a, b), user_high_id=max(a, b), detected_at=at)
        db.session.add(pair)
    elif pair.kind not in SUBJECT_KINDS or pair.status == "voided" or pair.decided_by_id:
        return  # a pair or ring is already a case; a reviewer's decision stands
    pair.kind, pair.status, pair.subject_id, pair.evidence = kind, "open", subject, proof
    pair.decided_at, pair.decided_by_id = None, None
    db.session.flush()
    if subject is None:
        between = or_(
            and_(PointsEntry.user_id == a, PointsEntry.counterpart_id == b),
            and_(PointsEntry.user_id == b, PointsEntry.counterpart_id == a),
        )
        verbs = FARMING_VERBS
    else:
        other = b if subject == a else a
        between = and_(
            PointsEntry.user_id == other,
            PointsEntry.counterpart_id == subject,
            PointsEntry.board == "author",
        )
        verbs = GIVING_VERBS
    entries = db.session.execute(
        select(PointsEntry).where(
            between,
            PointsEntry.verb.in_(verbs),
            PointsEntry.points > 0,
            PointsEntry.id.not_in(select(PointsHold.entry_id)),
        )
    ).scalars()
    for entry in entries:
        _hold_entry(entry, pair, "held", at)


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
    pair = pair_of(entry.user_id, giver)
    given_by_new = entry.board == "author" and entry.verb in GIVING_VERBS
    if pair is not None:
        if pair.status == "released":
            return False
        if pair.kind in SUBJECT_KINDS:
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
        evidence=evidence(
            "A new account gave these points; they wait until it has a normal history.",
            {entry.user_id, giver},
            at - WINDOW,
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
    someone who got most of the points it paid lately (a reviewer decides those)."""
    cases = (
        db.session.execute(
            select(MutualPair).where(
                MutualPair.subject_id == user_id,
                MutualPair.kind == "new_account",
                MutualPair.status == "open",
            )
        )
        .scalars()
        .all()
    )
    if not cases:
        return
    paid = {row.payee: row.points for row in payments_since({user_id}, at - WINDOW)}
    for pair in cases:
        other = pair.user_high_id if pair.user_low_id == user_id else pair.user_low_id
        if concentrated(paid.get(other) or 0, sum(paid.values())):
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
