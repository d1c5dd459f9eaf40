"""Mutual-farming detection, pure Python: no Flask, no SQLAlchemy.

Two people "farm" each other when each has completed or clapped at least
:data:`MIN_MUTUAL` of the other's modules **and** that is most (:data:`MIN_SHARE`) of all the
completions and claps each of them gave. Colleagues in one small team who read each other's
work among plenty of other reading are not caught; a pair trading points is.
"""

from __future__ import annotations

MIN_MUTUAL = 3
"""Interactions each way before a pair can be suspected."""

MIN_SHARE = 0.5
"""The share of each person's interactions that must go to the other."""

FARMING_VERBS = (
    "module_completed",
    "module_clapped",
    "comment_marked_helpful",
    "review_decided",
    "request_fulfilled",
)
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
