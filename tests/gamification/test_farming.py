"""Mutual farming: a pair who mostly complete and clap each other's modules gets its mutual
points held (out of the totals) until a reviewer releases or voids them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from peerlearn.errors import Conflict, PermissionDenied
from peerlearn.gamification.farming import mutual_farming
from peerlearn.gamification.hold_models import MutualPair, PointsHold
from peerlearn.gamification.holds import decide_pair, get_pair
from peerlearn.gamification.verify import verify_totals
from peerlearn.permissions import Role
from tests.factories import make_user, record_learning
from tests.gamification.helpers import total

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("a_to_b", "b_to_a", "given_a", "given_b", "farming"),
    [(3, 3, 3, 3, True), (2, 9, 2, 9, False), (3, 3, 10, 3, False), (5, 4, 9, 8, True)],
)
def test_mutual_farming_rule(a_to_b, b_to_a, given_a, given_b, farming):
    assert mutual_farming(a_to_b, b_to_a, given_a, given_b) is farming


def _trade(a, b, rounds: int, start: datetime = NOW) -> None:
    """A and B each complete ``rounds`` new modules of the other's."""
    first = int((start - NOW).total_seconds() // 60)
    for n in range(first, first + rounds):
        at = start + timedelta(minutes=2 * n)
        record_learning("module_completed", a, 5000 + n, author=b, at=at)
        record_learning("module_completed", b, 6000 + n, author=a, at=at + timedelta(minutes=1))


def test_a_farming_pair_is_held_and_released(db):
    a, b = make_user(), make_user()
    _trade(a, b, 2)
    assert (total(a), total(b)) == (24, 24)  # 2 × (10 + 2): not suspicious yet
    _trade(a, b, 2, NOW + timedelta(hours=1))
    pair = db.session.execute(select(MutualPair)).scalar_one()
    assert pair.status == "open"
    assert (total(a), total(b)) == (0, 0)
    assert db.session.execute(select(PointsHold.state)).scalars().all() == ["held"] * 16
    assert verify_totals() == []
    with pytest.raises(PermissionDenied):
        decide_pair(make_user(), pair, release=True)
    decide_pair(make_user(Role.REVIEWER), pair, release=True, note="Same team, real reading")
    db.session.commit()
    assert (total(a), total(b)) == (48, 48)
    _trade(a, b, 1, NOW + timedelta(hours=2))  # released pairs count normally afterwards
    assert total(a) == 60 and verify_totals() == []
    with pytest.raises(Conflict):
        decide_pair(make_user(Role.REVIEWER), get_pair(pair.id), release=False)


def test_a_reviewer_never_decides_a_case_they_are_part_of(db, client, login_as):
    a, b = make_user(Role.REVIEWER), make_user()
    _trade(a, b, 3)
    pair = db.session.execute(select(MutualPair)).scalar_one()
    db.session.commit()
    with pytest.raises(PermissionDenied):
        decide_pair(a, pair, release=True)
    login_as(a)
    assert "another reviewer decides it" in client.get("/review/points-holds").get_data(True)
    refused = client.post(f"/api/v1/gamification/holds/{pair.id}", json={"decision": "release"})
    assert refused.status_code == 403 and get_pair(pair.id).status == "open"
    assert total(a) == 0


def test_a_voided_pair_never_counts(db):
    a, b, c = make_user(), make_user(), make_user()
    _trade(a, b, 3)
    pair = db.session.execute(select(MutualPair)).scalar_one()
    decide_pair(make_user(Role.REVIEWER), pair, release=False)
    db.session.commit()
    _trade(a, b, 1, NOW + timedelta(hours=1))
    assert (total(a), total(b)) == (0, 0)
    record_learning("module_completed", a, 900, author=c, at=NOW + timedelta(hours=9))
    assert total(a) == 10 and total(c) == 2  # points with anyone else count
    assert verify_totals() == []


def test_colleagues_who_read_widely_are_not_held(db):
    a, b = make_user(), make_user()
    others = [make_user() for _ in range(4)]
    for n, other in enumerate(others):
        record_learning("module_completed", a, 700 + n, author=other,
                        at=NOW - timedelta(hours=4 - n))  # fmt: skip
    _trade(a, b, 3)
    assert db.session.execute(select(MutualPair)).first() is None


# --- rings and new accounts (pure) ------------------------------------------------------


def _complete_graph(members: range, weight: int) -> dict[tuple[int, int], int]:
    return {(a, b): weight for a in members for b in members if a != b}


def test_a_ring_whose_giving_stays_inside_is_found():
    from peerlearn.gamification.farming import suspected_ring

    edges = _complete_graph(range(1, 4), 2)
    assert suspected_ring(edges, {1: 4, 2: 4, 3: 4}) == {1, 2, 3}


def test_a_team_that_also_reads_widely_is_not_a_ring():
    from peerlearn.gamification.farming import suspected_ring

    edges = _complete_graph(range(1, 5), 2)
    assert suspected_ring(edges, {member: 6 + 20 for member in range(1, 5)}) == frozenset()


def test_a_ring_inside_a_wider_neighbourhood_is_peeled_out_of_it():
    from peerlearn.gamification.farming import suspected_ring

    edges = _complete_graph(range(1, 5), 6)
    edges |= {(1, 9): 1, (9, 1): 1, (9, 2): 1, (2, 9): 1}  # a colleague reading widely
    given = {member: 19 for member in range(1, 5)} | {9: 40}
    assert suspected_ring(edges, given) == {1, 2, 3, 4}


def test_a_pair_is_not_a_ring_and_a_large_community_is_not_either():
    from peerlearn.gamification.farming import suspected_ring

    assert suspected_ring({(1, 2): 5, (2, 1): 5}, {1: 5, 2: 5}) == frozenset()
    big = _complete_graph(range(1, 11), 1)
    assert suspected_ring(big, dict.fromkeys(range(1, 11), 9)) == frozenset()


def test_an_account_is_new_until_old_enough_and_with_enough_completions():
    from datetime import timedelta

    from peerlearn.gamification.farming import is_new_account

    assert is_new_account(timedelta(days=2), 10, 7, 3)
    assert is_new_account(timedelta(days=30), 2, 7, 3)
    assert not is_new_account(timedelta(days=8), 3, 7, 3)
    assert not is_new_account(timedelta(0), 0, 0, 0)
