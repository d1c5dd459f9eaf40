"""Leaderboards: ranks, ties, periods, scopes, "around me", privacy and the public switch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from peerlearn.accounts.models import User
from peerlearn.gamification.leaderboards import ANONYMOUS, department_ranking, leaderboard
from peerlearn.organisation.services import update_settings
from peerlearn.permissions import Role
from tests.factories import make_department, make_user, record_learning

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)


def _earn(user, completions: int, start: datetime = NOW, author=None) -> None:
    """``completions`` × 10 learner points for ``user``, a minute apart."""
    author = author or make_user()
    for n in range(completions):
        record_learning("module_completed", user, 1000 * user.id + n, author=author,
                        at=start + timedelta(minutes=n))  # fmt: skip


NAMES = ["Ann", "Bob", "Cid", "Dee", "Eve", "Fay", "Gus"]


@pytest.fixture
def people(db, snapshots):
    """Seven people, four in Sales and three in Ops, with 7, 6 … 1 completions this week
    (built once per worker, restored for each test)."""
    ids = snapshots.restore("leaderboard-people", _people)
    return {name: db.session.get(User, ids[name]) for name in NAMES}


def _people():
    sales, ops = make_department("Sales"), make_department("Ops")
    users = {n: make_user(display_name=n, department=sales if i < 4 else ops)
             for i, n in enumerate(NAMES)}  # fmt: skip
    for n, count in zip(NAMES, [7, 6, 5, 4, 3, 2, 1], strict=True):
        _earn(users[n], count)
    return {name: user.id for name, user in users.items()}


def _names(rows):
    return [(row.rank, row.name, row.points) for row in rows]


def test_top_and_around_me(people):
    board = leaderboard(people["Eve"], period="week", now=NOW)
    assert _names(board.top)[:3] == [(1, "Ann", 70), (2, "Bob", 60), (3, "Cid", 50)]
    me = board.me
    assert (me.rank, me.points, me.ranked) == (5, 30, 7)
    assert me.percentile == 28  # two of seven ranked below
    assert _names(me.around) == [(3, "Cid", 50), (4, "Dee", 40), (5, "Eve", 30),
                                 (6, "Fay", 20), (7, "Gus", 10)]  # fmt: skip
    assert [row.is_me for row in me.around] == [False, False, True, False, False]


def test_ties_rank_who_reached_the_score_first(db):
    early, late = make_user(display_name="Early"), make_user(display_name="Late")
    _earn(late, 2, start=NOW + timedelta(hours=1))
    _earn(early, 2, start=NOW)
    board = leaderboard(late, now=NOW)
    assert _names(board.top) == [(1, "Early", 20), (2, "Late", 20)]
    assert board.me.rank == 2


def test_department_scope_and_periods(people):
    dept = leaderboard(people["Fay"], scope="department", now=NOW)
    assert _names(dept.top) == [(1, "Eve", 30), (2, "Fay", 20), (3, "Gus", 10)]
    assert dept.me.rank == 2
    next_month = NOW + timedelta(days=31)
    assert leaderboard(people["Ann"], period="month", now=next_month).top == []
    assert _names(leaderboard(people["Ann"], period="all", now=next_month).top)[0] == (1, "Ann", 70)
    loner = make_user()
    alone = leaderboard(loner, scope="department", now=NOW)
    assert (alone.top, alone.me.rank) == ([], None)


@pytest.mark.parametrize("scope", ["company", "department"])
def test_hidden_never_shown_to_others_but_sees_own_rank(people, db, scope):
    people["Bob"].leaderboard_visibility = "hidden"
    people["Cid"].leaderboard_visibility = "anonymous"
    db.session.commit()
    seen_by_ann = leaderboard(people["Ann"], scope=scope, now=NOW)
    assert "Bob" not in [row.name for row in seen_by_ann.top]
    assert _names(seen_by_ann.top)[:3] == [(1, "Ann", 70), (2, ANONYMOUS, 50), (3, "Dee", 40)]
    assert seen_by_ann.top[1].user_id is None
    around_dee = leaderboard(people["Dee"], scope=scope, now=NOW).me.around
    assert "Bob" not in [row.name for row in around_dee]
    bob = leaderboard(people["Bob"], scope=scope, now=NOW)
    assert bob.me.rank == 2 and "Bob" not in [row.name for row in bob.top]
    assert [row.name for row in bob.me.around] == ["Ann", "Bob", ANONYMOUS, "Dee"]
    cid = leaderboard(people["Cid"], scope=scope, now=NOW)
    assert [row.name for row in cid.top][:2] == ["Ann", "Cid"]  # yourself by name


def test_inactive_and_zero_point_people_are_not_ranked(people, db):
    people["Ann"].active = False
    db.session.commit()
    board = leaderboard(people["Bob"], now=NOW)
    assert board.top[0].name == "Bob" and board.me.ranked == 6


def test_public_boards_off_shows_only_your_own_standing(people, db):
    update_settings(make_user(Role.ADMIN), {"public_leaderboards": False})
    db.session.commit()
    board = leaderboard(people["Dee"], now=NOW)
    assert board.public is False and board.top == [] and board.me.around == []
    assert (board.me.rank, board.me.percentile) == (4, 42)
    assert [row.name for row in department_ranking(people["Dee"], "week", NOW)] == ["Sales"]


def test_department_ranking_is_per_active_member(people, db):
    make_user(department=people["Ann"].department)  # a fifth, idle Sales member
    ranking = department_ranking(people["Eve"], "week", NOW)
    assert [(r.name, r.points, r.members, r.per_member) for r in ranking] == [
        ("Sales", 220, 5, 44.0), ("Ops", 60, 3, 20.0)
    ]  # fmt: skip
    assert [r.is_mine for r in ranking] == [False, True]


def test_a_tie_is_worded_truthfully(db, client, login_as):
    first, second = make_user(display_name="First"), make_user(display_name="Second")
    _earn(first, 2)
    _earn(second, 2, start=NOW + timedelta(hours=1))  # same points, reached later
    me = leaderboard(second, period="all", now=NOW + timedelta(hours=2)).me
    assert (me.rank, me.ranked, me.tied, me.percentile) == (2, 2, 1, 0)
    login_as(second)
    html = client.get("/leaderboards?period=all").get_data(as_text=True)
    assert "tied with 1 colleague" in html and "ahead of 0%" not in html
    assert "everyone else is ahead" not in html


def test_the_cached_top_list_never_shows_someone_who_just_hid(people, db, app):
    """The top list is cached a few seconds per process; names and visibility are not."""
    app.config["LEADERBOARD_CACHE_SECONDS"] = 60
    try:
        first = leaderboard(people["Eve"], period="week", now=NOW)
        assert [row.name for row in first.top][:2] == ["Ann", "Bob"]
        people["Bob"].leaderboard_visibility = "hidden"
        people["Cid"].leaderboard_visibility = "anonymous"
        db.session.commit()
        again = leaderboard(people["Eve"], period="week", now=NOW)
        assert _names(again.top)[:3] == [(1, "Ann", 70), (2, ANONYMOUS, 50), (3, "Dee", 40)]
    finally:
        app.config["LEADERBOARD_CACHE_SECONDS"] = 0
