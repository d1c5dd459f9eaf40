"""Leaderboards: learners or authors, this week / month / all time, company or department,
and the department ranking by points per active member.

Privacy: ``hidden`` people never appear to others (they still see their own rank, counted
as if they were listed); ``anonymous`` people appear as "Anonymous learner" without an id.
Ties: whoever reached the score first ranks higher. Never shame: a board is its top and
"around me" (two above, two below), never a bottom list; with public boards switched off
everyone sees only their own standing. The pages and the API both read from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from peerlearn.accounts.models import Department, LeaderboardVisibility, User
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.models import DepartmentPoints, UserPoints
from peerlearn.gamification.store import current_period_start
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


def leaderboard(
    viewer: Any,
    board: str = "learners",
    period: str = "week",
    scope: str = "company",
    limit: int = TOP_DEFAULT,
    now: datetime | None = None,
) -> Board:
    """The board ``viewer`` may see: the top ``limit`` and their own standing."""
    column = BOARD_NAMES[board]
    points = getattr(UserPoints, f"{column}_points")
    reached = getattr(UserPoints, f"{column}_reached_at")
    start = current_period_start(period, now or utcnow())
    ranked = (
        select(UserPoints.user_id, points.label("points"), reached.label("reached"))
        .join(User, User.id == UserPoints.user_id)
        .where(
            UserPoints.period == period,
            UserPoints.period_start == start,
            points > 0,
            User.active.is_(True),
        )
    )
    if scope == "department":
        ranked = ranked.where(User.department_id == viewer.department_id)
    visible = ranked.where(User.leaderboard_visibility != LeaderboardVisibility.HIDDEN.value)
    public = can_see_leaderboards(viewer, public_boards())
    order = (points.desc(), reached.asc(), UserPoints.user_id.asc())
    top: list[BoardRow] = []
    if public and (scope == "company" or viewer.department_id is not None):
        rows = db.session.execute(
            visible.add_columns(User.display_name, User.leaderboard_visibility)
            .order_by(*order)
            .limit(limit)
        )
        for rank, (user_id, score, _, name, visibility) in enumerate(rows, start=1):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            top.append(BoardRow(rank, shown_id, shown_name, score, user_id == viewer.id))
    me = _standing(viewer, ranked, visible, points, reached, public, scope)
    return Board(board, period, scope, start, public, top, me)


def _ahead_on_points(visible: Any, points: Any, my_points: int, viewer: Any) -> int:
    """How many others have strictly more points than the viewer."""
    more = visible.where(UserPoints.user_id != viewer.id, points > my_points).subquery()
    return int(db.session.execute(select(func.count()).select_from(more)).scalar_one())


def _standing(
    viewer: Any, ranked: Any, visible: Any, points: Any, reached: Any, public: bool, scope: str
) -> MyStanding:
    if scope == "department" and viewer.department_id is None:
        return MyStanding(None, 0, 0, None)
    mine = db.session.execute(ranked.where(UserPoints.user_id == viewer.id)).first()
    others = visible.where(UserPoints.user_id != viewer.id).subquery()
    count_others = db.session.execute(select(func.count()).select_from(others)).scalar_one()
    if mine is None:
        return MyStanding(None, 0, count_others, None)
    _, my_points, my_reached = mine
    ahead_clause = or_(
        points > my_points,
        and_(points == my_points, or_(reached < my_reached,
                                      and_(reached == my_reached, UserPoints.user_id < viewer.id))),
    )  # fmt: skip
    ahead = visible.where(UserPoints.user_id != viewer.id, ahead_clause)
    rank = 1 + db.session.execute(select(func.count()).select_from(ahead.subquery())).scalar_one()
    total = count_others + 1
    level = visible.where(UserPoints.user_id != viewer.id, points == my_points).subquery()
    tied = db.session.execute(select(func.count()).select_from(level)).scalar_one()
    below = count_others - tied - _ahead_on_points(visible, points, my_points, viewer)
    percentile = (100 * below) // total
    around: list[BoardRow] = []
    if public:
        extra = (User.display_name, User.leaderboard_visibility)
        above = db.session.execute(
            ahead.add_columns(*extra)
            .order_by(points.asc(), reached.desc(), UserPoints.user_id.desc())
            .limit(2)
        ).all()
        below = db.session.execute(
            visible.where(UserPoints.user_id != viewer.id, ~ahead_clause)
            .add_columns(*extra)
            .order_by(points.desc(), reached.asc(), UserPoints.user_id.asc())
            .limit(2)
        ).all()
        for offset, (user_id, score, _, name, visibility) in enumerate(reversed(above)):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            around.append(BoardRow(rank - len(above) + offset, shown_id, shown_name, score))
        around.append(BoardRow(rank, viewer.id, viewer.display_name, my_points, True))
        for offset, (user_id, score, _, name, visibility) in enumerate(below, start=1):
            shown_id, shown_name = _name(user_id, name, visibility, viewer)
            around.append(BoardRow(rank + offset, shown_id, shown_name, score))
    return MyStanding(rank, my_points, total, percentile, around, tied)


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
