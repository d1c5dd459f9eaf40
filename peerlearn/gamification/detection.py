"""Finding farming as it happens, the adapter of :mod:`~peerlearn.gamification.farming`:
every ledger entry that is one person paying another is stored as a payment, and the
payments of the last :data:`~peerlearn.gamification.farming.WINDOW` around the two people
are checked at once for a pair, a one-way giver or a ring. A case found holds every point
between them so far (:mod:`~peerlearn.gamification.holds`), the first one included.

Services flush, never commit.
"""

from __future__ import annotations

from datetime import datetime
from itertools import combinations

from sqlalchemy import func, select

from peerlearn.extensions import db
from peerlearn.gamification.farming import (
    WINDOW,
    mutual_farming,
    one_way,
    payment,
    suspected_ring,
)
from peerlearn.gamification.hold_models import SUBJECT_KINDS, Interaction, MutualPair
from peerlearn.gamification.holds import evidence, open_case, pair_of, payments_since
from peerlearn.gamification.models import PointsEntry

RING_NEIGHBOURS = 30
"""Most mutual partners of each of the two people looked at when searching for a ring."""

Edges = dict[tuple[int, int], tuple[int, int]]
"""``(payer, payee)`` → (payments, points) over the window."""


def note_payment(entry: PointsEntry, at: datetime) -> tuple[int, int] | None:
    """Store ``entry`` as a payment when it is one (see :func:`farming.payment`), before
    anything reads the payments (a new account's evidence includes the one that opened it);
    ``(payer, payee)``, or None."""
    if entry.points <= 0:
        return None
    paid = payment(entry.verb, entry.board, entry.user_id, entry.counterpart_id)
    if paid is None:
        return None
    payer, payee = paid
    db.session.add(
        Interaction(
            actor_id=payer, author_id=payee, verb=entry.verb, points=entry.points, occurred_at=at
        )
    )
    db.session.flush()
    return paid


def detect(paid: tuple[int, int], at: datetime) -> None:
    """Look, over the window ending at ``at``, for a pair, a one-way giver or a ring the
    payment ``paid`` belongs to (a case opened holds the payment's entry too)."""
    payer, payee = paid
    since = at - WINDOW
    edges, given = _window({payer, payee}, since)
    pair = pair_of(payer, payee)
    if pair is None or pair.kind in SUBJECT_KINDS:
        there, back = edges.get((payer, payee), (0, 0)), edges.get((payee, payer), (0, 0))
        if mutual_farming(there[0], back[0], given[payer][0], given.get(payee, (0, 0))[0]):
            why = f"Over the last {WINDOW.days} days they mostly paid each other points."
            open_case(payer, payee, "mutual", evidence(why, {payer, payee}, since), at)
        elif one_way(there[0], there[1], given[payer][1]) and (
            pair is None or pair.kind == "new_account"
        ):
            why = (
                f"Over the last {WINDOW.days} days most of the points this person's actions "
                "paid went to one colleague."
            )
            proof = evidence(why, {payer, payee}, since, subject=payer)
            open_case(payer, payee, "one_way", proof, at, subject=payer)
    _find_ring(payer, payee, since, at)


def _window(members: set[int], since: datetime) -> tuple[Edges, dict[int, tuple[int, int]]]:
    """Payments since ``since``: between ``members`` (edges), and all each paid anyone, as
    (payments, points)."""
    edges: Edges = {}
    given: dict[int, tuple[int, int]] = {}
    for row in payments_since(members, since):
        if row.payee in members:
            edges[(row.payer, row.payee)] = (row.count, row.points)
        before = given.get(row.payer, (0, 0))
        given[row.payer] = (before[0] + row.count, before[1] + row.points)
    return edges, given


def _mutual_partners(people: tuple[int, int], since: datetime) -> set[int]:
    """Up to :data:`RING_NEIGHBOURS` people each of ``people`` paid since ``since`` who also
    paid them back then, most paid first, in one statement."""
    recent = Interaction.occurred_at >= since
    back = (
        select(Interaction.author_id.label("person"), Interaction.actor_id.label("partner"))
        .where(Interaction.author_id.in_(people), recent)
        .distinct()
        .subquery()
    )
    paid = (
        select(
            Interaction.actor_id.label("person"),
            Interaction.author_id.label("partner"),
            func.row_number()
            .over(
                partition_by=Interaction.actor_id,
                order_by=(func.count().desc(), Interaction.author_id),
            )
            .label("nearest"),
        )
        .join(
            back,
            (back.c.person == Interaction.actor_id) & (back.c.partner == Interaction.author_id),
        )
        .where(Interaction.actor_id.in_(people), recent)
        .group_by(Interaction.actor_id, Interaction.author_id)
        .subquery()
    )
    stmt = select(paid.c.partner).where(paid.c.nearest <= RING_NEIGHBOURS)
    return set(db.session.execute(stmt).scalars())


def _find_ring(payer: int, payee: int, since: datetime, at: datetime) -> None:
    """Look for a ring, among the payments since ``since``, around the two people who just
    interacted; hold its edges."""
    candidates = {payer, payee} | _mutual_partners((payer, payee), since)
    if len(candidates) < 3:
        return
    edges, given = _window(candidates, since)
    ring = suspected_ring(
        {edge: count for edge, (count, _) in edges.items()},
        {person: count for person, (count, _) in given.items()},
    )
    if payer not in ring:
        return
    linked = [
        (a, b) for a, b in combinations(sorted(ring), 2) if (a, b) in edges or (b, a) in edges
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
        if (a, b) not in existing or existing[(a, b)].kind in SUBJECT_KINDS
    ]
    if not todo:
        return
    why = f"A group of {len(ring)} who, over the last {WINDOW.days} days, mostly paid each other."
    proof = evidence(why, set(ring), since)
    for a, b in todo:
        open_case(a, b, "ring", proof, at)
