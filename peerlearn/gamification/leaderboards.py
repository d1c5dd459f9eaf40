"""Leaderboards: learners or authors, this week / month / all time, company or department,
and the department ranking by points per active member.

Privacy: ``hidden`` people never appear to others (they still see their own rank, counted
as if they were listed); ``anonymous`` people appear as "Anonymous learner" without an id.
Ties: whoever reached the score first ranks higher. Never shame: a board is its top and
"around me" (two above, two below), never a bottom list; with public boards switched off
everyone sees only their own standing. The pages and the API both read from here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, union_all

from peerlearn.accounts.models import Department, LeaderboardVisibility, User
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.models import DepartmentPoints, UserPoints
from peerlearn.gamification.store import current_period_start, listed_now
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_see_leaderboards

BOARD_NAMES = {"learners": "learner", "authors": "author"}
PERIODS = ("week", "month", "all")
SCOPES = ("company", "department")
ANONYMOUS = "Anonymous learner"
TOP_DEFAULT = 50


@dataclass(frozen=True)
class BoardRow:
    """One line of a board as a given viewer may see it."""

    rank: int
    user_id: int | None
    name: str
    points: int
    is_me: bool = False


@dataclass(frozen=True)
class MyStanding:
    """The viewer's own place: rank (None when not ranked yet), points, percentile (share of
    the ranked people with strictly fewer points: a tie is nobody's lead), how many others
    have exactly the viewer's points (``tied``: ranks among them go to whoever got there
    first), and the people just above and below (public boards)."""

    rank: int | None
    points: int
    ranked: int
    percentile: int | None
    around: list[BoardRow] = field(default_factory=list)
    tied: int = 0


@dataclass(frozen=True)
class Board:
    """A leaderboard as the viewer sees it."""

    board: str
    period: str
    scope: str
    period_start: date
    public: bool
    top: list[BoardRow]
    me: MyStanding


def public_boards() -> bool:
    """The organisation's switch: are boards with other people's names shown at all?"""
    return bool(get_setting("public_leaderboards"))


def _name(user_id: int, name: str, visibility: str, viewer: Any) -> tuple[int | None, str]:
    if user_id == viewer.id:
        return user_id, name
    if visibility == LeaderboardVisibility.ANONYMOUS.value:
        return None, ANONYMOUS
    return user_id, name


_top_cache: dict[tuple[Any, ...], tuple[float, list[tuple[int, int]]]] = {}


def _top(key: tuple[Any, ...], visible: Any, order: Any, limit: int) -> list[Any]:
    """The top list as (user id, points, name, visibility). The ranking (ids and points) is
    kept for ``LEADERBOARD_CACHE_SECONDS`` per process, so a board read by many people in a
    minute is ranked a few times, not once per reader; names and visibility are read fresh
    every time, so someone who went hidden or anonymous a second ago shows so now."""
    ttl = float(current_app.config.get("LEADERBOARD_CACHE_SECONDS", 10))
    now = time.monotonic()
    cached = _top_cache.get(key)
    if ttl > 0 and cached is not None and now - cached[0] < ttl:
        ranked = cached[1]
        people = {
            user_id: (name, visibility)
            for user_id, name, visibility in db.session.execute(
                select(User.id, User.display_name, User.leaderboard_visibility).where(
                    User.id.in_([user_id for user_id, _ in ranked]), listed_now(User)
                )
            )
        }
        return [(uid, score, *people[uid]) for uid, score in ranked if uid in people]
    named = (
        visible.join(User, User.id == UserPoints.user_id)
        .add_columns(User.display_name, User.leaderboard_visibility)
        .order_by(*order)
        .limit(limit)
    )
    rows = [(uid, score, name, vis) for uid, score, _, name, vis in db.session.execute(named)]
    if ttl > 0:
        if len(_top_cache) > 1000:
            _top_cache.clear()
        _top_cache[key] = (now, [(uid, score) for uid, score, _, _ in rows])
    return rows


def leaderboard(
    viewer: Any,
    board: str = "learners",
    period: str = "week",
    scope: str = "company",
    limit: int = TOP_DEFAULT,
    now: datetime | None = None,
) -> Board:
    """The board ``viewer`` may see: the top ``limit`` and their own standing.

    Every query reads one partial index of ``user_points`` (listed people with points, per
    period, optionally per department): no join with ``user`` except for the names shown.
    """
    column = BOARD_NAMES[board]
    points = getattr(UserPoints, f"{column}_points")
    reached = getattr(UserPoints, f"{column}_reached_at")
    start = current_period_start(period, now or utcnow())
    base = [UserPoints.period == period, UserPoints.period_start == start, points > 0]
    if scope == "department":
        base.append(UserPoints.department_id == viewer.department_id)
    visible = select(UserPoints.user_id, points.label("points"), reached.label("reached")).where(
        *base, UserPoints.listed
    )
    public = can_see_leaderboards(viewer, public_boards())
    order = (points.desc(), reached.asc(), UserPoints.user_id.asc())
    top: list[BoardRow] = []
    if public and (scope == "company" or viewer.department_id is not None):
        key = (db.engine.url.render_as_string(), column, period, start, scope, limit,
               viewer.department_id if scope == "department" else None)  # fmt: skip
        for rank, (user_id, score, name, visibility) in enumerate(
            _top(key, visible, order, limit), start=1
        ):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            top.append(BoardRow(rank, shown_id, shown_name, score, user_id == viewer.id))
    me = _standing(viewer, base, visible, points, reached, public, scope)
    return Board(board, period, scope, start, public, top, me)


def _standing(
    viewer: Any, base: list[Any], visible: Any, points: Any, reached: Any, public: bool, scope: str
) -> MyStanding:
    if scope == "department" and viewer.department_id is None:
        return MyStanding(None, 0, 0, None)
    # Hidden people see their own rank, counted as if they were listed.
    mine = db.session.execute(
        select(points, reached).where(*base[:3], UserPoints.user_id == viewer.id)
    ).first()
    others = UserPoints.user_id != viewer.id
    if mine is None:
        count = select(func.count()).where(*base, UserPoints.listed, others)
        return MyStanding(None, 0, db.session.execute(count).scalar_one(), None)
    my_points, my_reached = mine
    same = points == my_points
    after_me = or_(
        reached > my_reached, and_(reached == my_reached, UserPoints.user_id > viewer.id)
    )
    before_me = or_(
        reached < my_reached, and_(reached == my_reached, UserPoints.user_id < viewer.id)
    )
    ahead_clause = or_(points > my_points, and_(same, before_me))

    def tally(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    # Rank, total, ties and "fewer points than me" in one pass over the board's partial index.
    count_others, count_ahead, tied, more = db.session.execute(
        select(func.count(), tally(ahead_clause), tally(same), tally(points > my_points)).where(
            *base, UserPoints.listed, others
        )
    ).one()
    rank = 1 + int(count_ahead)
    total = int(count_others) + 1
    tied = int(tied)
    below = total - 1 - tied - int(more)  # a percentile true on ties: only fewer points count
    percentile = (100 * below) // total
    around: list[BoardRow] = []
    if public:
        extra = (User.display_name, User.leaderboard_visibility)
        named = visible.where(others).join(User, User.id == UserPoints.user_id).add_columns(*extra)
        # Each side in two index ranges (same score, then the next scores): never a sort of
        # everyone below or above.
        above = _nearest(
            named.where(same, before_me).order_by(reached.desc(), UserPoints.user_id.desc()),
            named.where(points > my_points).order_by(
                points.asc(), reached.desc(), UserPoints.user_id.desc()
            ),
            ascending=True,
        )
        below = _nearest(
            named.where(same, after_me).order_by(reached.asc(), UserPoints.user_id.asc()),
            named.where(points < my_points).order_by(
                points.desc(), reached.asc(), UserPoints.user_id.asc()
            ),
            ascending=False,
        )
        for offset, (user_id, score, _, name, visibility) in enumerate(reversed(above)):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            around.append(BoardRow(rank - len(above) + offset, shown_id, shown_name, score))
        around.append(BoardRow(rank, viewer.id, viewer.display_name, my_points, True))
        for offset, (user_id, score, _, name, visibility) in enumerate(below, start=1):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            around.append(BoardRow(rank + offset, shown_id, shown_name, score))
    return MyStanding(rank, my_points, total, percentile, around, tied)


def _nearest(first: Any, then: Any, ascending: bool, n: int = 2) -> list[Any]:
    """The ``n`` rows nearest the viewer, in one statement: up to ``n`` of ``first`` (same
    score) and of ``then`` (the next scores), ordered by (points, reached, id) with points
    ``ascending`` or not and the rest the other way, nearest first."""
    parts = [first.limit(n).subquery(), then.limit(n).subquery()]
    rows = list(db.session.execute(union_all(*(select(part) for part in parts))).all())

    def tie(row: Any) -> tuple[Any, ...]:
        return (row[2] is None, row[2], row[0])

    rows.sort(key=tie, reverse=ascending)  # reached and id the other way round …
    rows.sort(key=lambda row: row[1], reverse=not ascending)  # … stable under points
    return rows[:n]


@dataclass(frozen=True)
class DepartmentRow:
    """A department's points per active member in a period."""

    rank: int
    department_id: int
    name: str
    points: int
    members: int
    per_member: float
    is_mine: bool = False


def department_ranking(
    viewer: Any, period: str = "month", now: datetime | None = None
) -> list[DepartmentRow]:
    """Departments ranked by points per active member (so small teams can win). With
    public boards off, only the viewer's own department is listed."""
    start = current_period_start(period, now or utcnow())
    members = {
        dept_id: count
        for dept_id, count in db.session.execute(
            select(User.department_id, func.count())
            .where(User.active.is_(True), User.department_id.is_not(None))
            .group_by(User.department_id)
        )
    }
    rows = db.session.execute(
        select(Department.id, Department.name, DepartmentPoints.learner_points
               + DepartmentPoints.author_points)
        .join(DepartmentPoints, DepartmentPoints.department_id == Department.id)
        .where(DepartmentPoints.period == period, DepartmentPoints.period_start == start)
    )  # fmt: skip
    scored = [
        (points / members[dept_id], points, dept_id, name)
        for dept_id, name, points in rows
        if members.get(dept_id) and points > 0
    ]
    scored.sort(key=lambda item: (-item[0], -item[1], item[3]))
    ranking = [
        DepartmentRow(rank, dept_id, name, points, members[dept_id], round(per_member, 1),
                      dept_id == viewer.department_id)
        for rank, (per_member, points, dept_id, name) in enumerate(scored, start=1)
    ]  # fmt: skip
    if not can_see_leaderboards(viewer, public_boards()):
        ranking = [row for row in ranking if row.is_mine]
    return ranking
