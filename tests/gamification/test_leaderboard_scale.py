"""Leaderboards at scale: the points rows carry the user's listing and department (kept in
step), a board is a few statements whatever its size, and the top list is cached briefly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from peerlearn.gamification import leaderboards
from peerlearn.gamification.leaderboards import leaderboard
from peerlearn.gamification.models import UserPoints
from tests.factories import make_department, make_user, record_learning
from tests.test_statement_counts import counting

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)


def _earn(user, completions: int, author) -> None:
    for n in range(completions):
        record_learning("module_completed", user, 1000 * user.id + n, author=author,
                        at=NOW + timedelta(minutes=n))  # fmt: skip


def _rows(user):
    return select(UserPoints.listed, UserPoints.department_id).where(UserPoints.user_id == user.id)


def test_listing_and_department_follow_the_user(db):
    sales, ops = make_department("Sales"), make_department("Ops")
    author = make_user()
    ann = make_user(display_name="Ann", department=sales)
    _earn(ann, 2, author)
    assert set(db.session.execute(_rows(ann)).all()) == {(True, sales.id)}
    ann.leaderboard_visibility = "hidden"
    db.session.commit()
    assert set(db.session.execute(_rows(ann)).all()) == {(False, sales.id)}
    ann.leaderboard_visibility = "public"
    ann.department_id = ops.id
    db.session.commit()
    assert set(db.session.execute(_rows(ann)).all()) == {(True, ops.id)}
    viewer = make_user(department=ops)
    assert [r.name for r in leaderboard(viewer, scope="department", now=NOW).top] == ["Ann"]
    ann.active = False
    db.session.commit()
    assert leaderboard(viewer, scope="department", now=NOW).top == []


def test_a_board_costs_the_same_statements_whatever_its_size(db):
    author = make_user()
    people = [make_user() for _ in range(3)]
    for n, person in enumerate(people, start=1):
        _earn(person, n, author)
    viewer = people[1]
    assert viewer.display_name  # loaded before counting
    with counting() as small:
        leaderboard(viewer, now=NOW)
    more = [make_user() for _ in range(12)]
    for n, person in enumerate(more, start=1):
        _earn(person, n % 5 + 1, author)
    assert viewer.display_name
    with counting() as large:
        leaderboard(viewer, now=NOW)
    assert len(large) == len(small) <= 6


def test_the_top_list_is_cached_for_a_few_seconds(app, db, monkeypatch):
    app.config["LEADERBOARD_CACHE_SECONDS"] = 30
    clock = [1000.0]
    monkeypatch.setattr(leaderboards.time, "monotonic", lambda: clock[0])
    leaderboards._top_cache.clear()
    author, ann, bob = make_user(), make_user(display_name="Ann"), make_user(display_name="Bob")
    _earn(ann, 1, author)
    assert [r.name for r in leaderboard(bob, now=NOW).top] == ["Ann"]
    _earn(bob, 3, author)
    board = leaderboard(bob, now=NOW)
    assert [r.name for r in board.top] == ["Ann"]  # the cached top list …
    assert board.me.rank == 1  # … while your own standing is always fresh
    clock[0] += 31
    assert [r.name for r in leaderboard(bob, now=NOW).top] == ["Bob", "Ann"]
    leaderboards._top_cache.clear()
