"""Farming detection, pure Python: no Flask, no SQLAlchemy. Pairs, rings and new accounts.

Two people "farm" each other when each has completed or clapped at least
:data:`MIN_MUTUAL` of the other's modules **and** that is most (:data:`MIN_SHARE`) of all the
completions and claps each of them gave. Colleagues in one small team who read each other's
work among plenty of other reading are not caught; a pair trading points is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

MIN_MUTUAL = 3
"""Interactions each way before a pair can be suspected."""

MIN_SHARE = 0.5
"""The share of each person's interactions that must go to the other."""


GIVING_VERBS = ("module_completed", "module_clapped", "comment_marked_helpful", "request_fulfilled")
"""The verbs by which one person's attention pays another (what a new account's points wait
for); a reviewer approving a module pays its author too, but that is vetting, not giving."""

FARMING_VERBS = (*GIVING_VERBS, "review_decided")
"""The verbs whose points between the two people are held."""


def mutual_farming(
    a_to_b: int,
    b_to_a: int,
    given_by_a: int,
    given_by_b: int,
    min_mutual: int = MIN_MUTUAL,
    min_share: float = MIN_SHARE,
) -> bool:
    """Whether A and B mostly complete and clap each other's modules.

    ``a_to_b``: A's distinct completions/claps of B's modules; ``given_by_a``: all of A's."""
    if a_to_b < min_mutual or b_to_a < min_mutual:
        return False
    return a_to_b >= min_share * max(given_by_a, 1) and b_to_a >= min_share * max(given_by_b, 1)


# --- new accounts ----------------------------------------------------------------------

MAX_CONCENTRATION = 0.5
"""A new account whose giving went more than this share to one person is not released by
itself when it matures: a reviewer looks (a second account feeding a first one)."""


def is_new_account(age: timedelta, completions: int, min_days: int, min_completions: int) -> bool:
    """Whether an account ``age`` old with ``completions`` of colleagues' modules is still new:
    younger than ``min_days`` days or short of ``min_completions`` (0 turns a rule off)."""
    too_young = min_days > 0 and age < timedelta(days=min_days)
    return too_young or completions < min_completions


def concentrated(to_one: int, given: int, max_share: float = MAX_CONCENTRATION) -> bool:
    """Whether ``to_one`` of someone's ``given`` completions and claps is more than
    ``max_share`` of them."""
    return to_one > max_share * max(given, 1)


# --- rings -----------------------------------------------------------------------------

MIN_RING = 3
"""Smallest group found as a ring (two people are the pair rule's business)."""

MAX_RING = 8
"""Largest group found as a ring: past that it looks like a community, not a ring."""

RING_WINDOW = timedelta(days=30)
"""Rings are looked for among the completions and claps of the last 30 days."""

MIN_INSIDE = 2
"""Completions and claps each member must give inside the group (one module read + clapped)."""


def suspected_ring(
    edges: Mapping[tuple[int, int], int],
    given: Mapping[int, int],
    min_share: float = MIN_SHARE,
    min_inside: int = MIN_INSIDE,
    max_size: int = MAX_RING,
) -> frozenset[int]:
    """The small group among ``edges`` whose members mostly pay each other, or an empty set.

    ``edges[(a, b)]``: how many of A's completions and claps went to B's modules;
    ``given[a]``: all of A's. Members are peeled away until every one left pays and is paid
    by at least two others in the group (a mutual-payment cycle or denser), gives at least
    ``min_inside`` inside it, and gives at least ``min_share`` of everything it gives inside
    it. A team that reads each other *and* widely is peeled away on the last test.
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
