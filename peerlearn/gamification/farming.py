"""Farming detection, pure Python: no Flask, no SQLAlchemy. Pairs, rings, one-way givers and
new accounts.

A *payment* is one person's action paying another points: completing, clapping, marking a
comment helpful, marking a request fulfilled (the actor pays the author), or an author's
submission paying the reviewer who decided it. Detection looks at the payments of the last
:data:`WINDOW` only, so an old honest history neither hides nor convicts anyone.

Two people "farm" each other when each paid the other at least :data:`MIN_MUTUAL` times
**and** that is most (:data:`MIN_SHARE`) of all each of them paid. Colleagues in one small team
who read each other's work among plenty of other reading are not caught; a pair trading points
is. A *one-way giver* sends nearly all the points it pays (:data:`ONE_WAY_SHARE`) to one
person, at least :data:`MIN_ONE_WAY` times: a second account feeding a first one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

MIN_MUTUAL = 3
"""Interactions each way before a pair can be suspected."""

MIN_SHARE = 0.5
"""The share of each person's interactions that must go to the other."""


WINDOW = timedelta(days=30)
"""Pairs, rings and one-way givers are looked for among the payments of the last 30 days."""

GIVING_VERBS = ("module_completed", "module_clapped", "comment_marked_helpful", "request_fulfilled")
"""The verbs by which one person's attention pays another (what a new account's points wait
for); a reviewer approving a module pays its author too, but that is vetting, not giving."""

FARMING_VERBS = (*GIVING_VERBS, "review_decided")
"""The verbs whose points between the two people are held."""


def payment(
    verb: str, board: str, user_id: int, counterpart_id: int | None
) -> tuple[int, int] | None:
    """``(payer, payee)`` when a ledger entry is one person paying another, else None.

    Entries on the author board for a giving verb are paid by the actor (the entry's
    counterpart); a review's entry is paid by the author whose submission was decided."""
    if counterpart_id is None or counterpart_id == user_id:
        return None
    if (board == "author" and verb in GIVING_VERBS) or verb == "review_decided":
        return counterpart_id, user_id
    return None


def mutual_farming(
    a_to_b: int,
    b_to_a: int,
    given_by_a: int,
    given_by_b: int,
    min_mutual: int = MIN_MUTUAL,
    min_share: float = MIN_SHARE,
) -> bool:
    """Whether A and B mostly pay each other.

    ``a_to_b``: how many times A paid B in the window; ``given_by_a``: all A's payments."""
    if a_to_b < min_mutual or b_to_a < min_mutual:
        return False
    return a_to_b >= min_share * max(given_by_a, 1) and b_to_a >= min_share * max(given_by_b, 1)


# --- new accounts ----------------------------------------------------------------------

MAX_CONCENTRATION = 0.5
"""A giver whose points went more than this share to one person is a one-way giver; a new
account like that is not released by itself when it matures: a reviewer looks."""

MIN_ONE_WAY = 6
"""Payments to one person in the window before a giver can be suspected of feeding them (a
reader who completes and claps two modules of a colleague, and nothing else this month, is
not; a second account paying its first one every day is, within a day)."""

ONE_WAY_SHARE = 0.75
"""The share of the points a giver paid in the window that must go to one person. Half is
too little: in the demo organisation an honest reader's busiest month sent 57% to one
colleague, whose series she was following."""


def is_new_account(age: timedelta, completions: int, min_days: int, min_completions: int) -> bool:
    """Whether an account ``age`` old with ``completions`` of colleagues' modules is still new:
    younger than ``min_days`` days or short of ``min_completions`` (0 turns a rule off)."""
    too_young = min_days > 0 and age < timedelta(days=min_days)
    return too_young or completions < min_completions


def concentrated(to_one: int, given: int, max_share: float = MAX_CONCENTRATION) -> bool:
    """Whether ``to_one`` of someone's ``given`` (payments or points) is more than
    ``max_share`` of them."""
    return to_one > max_share * max(given, 1)


def one_way(payments: int, points_to_one: int, points_given: int) -> bool:
    """Whether a giver who paid one person ``payments`` times, ``points_to_one`` points of
    the ``points_given`` it paid anyone, is feeding that person."""
    return payments >= MIN_ONE_WAY and concentrated(points_to_one, points_given, ONE_WAY_SHARE)


# --- rings -----------------------------------------------------------------------------

MIN_RING = 3
"""Smallest group found as a ring (two people are the pair rule's business)."""

MAX_RING = 8
"""Largest group found as a ring: past that it looks like a community, not a ring."""

MIN_INSIDE = 2
"""Payments each member must give inside the group (one module read + clapped)."""


def suspected_ring(
    edges: Mapping[tuple[int, int], int],
    given: Mapping[int, int],
    min_share: float = MIN_SHARE,
    min_inside: int = MIN_INSIDE,
    max_size: int = MAX_RING,
) -> frozenset[int]:
    """The small group among ``edges`` whose members mostly pay each other, or an empty set.

    ``edges[(a, b)]``: how many times A paid B; ``given[a]``: all A's payments. Members are
    peeled away until every one left pays and is paid by at least two others in the group (a
    mutual-payment cycle or denser), gives at least ``min_inside`` inside it, and gives at
    least ``min_share`` of everything it gives inside it. A team that reads each other *and*
    widely is peeled away on the last test.
    """
    members = {a for a, _ in edges} | {b for _, b in edges}
    while True:
        dropped = set()
        for person in members:
            inside = sum(edges.get((person, other), 0) for other in members if other != person)
            partners = sum(
                1
                for other in members
                if other != person and edges.get((person, other)) and edges.get((other, person))
            )
            share_ok = inside >= min_share * max(given.get(person, 0), inside, 1)
            if partners < 2 or inside < min_inside or not share_ok:
                dropped.add(person)
        if not dropped:
            break
        members -= dropped
    return frozenset(members) if MIN_RING <= len(members) <= max_size else frozenset()
