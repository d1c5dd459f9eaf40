"""Weekly leagues: opt in, race about 30 colleagues of similar recent activity, and at the
week's end (organisation time zone) the top five move up a tier and the bottom five down.

Cohorts smaller than 15 move a third of their members each way (none below three people),
so a tiny league still has a race but nobody is demoted from a field of two. Closing a week
is idempotent: the ``league_week`` row is claimed first, and a second close does nothing.
Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import func, select

from peerlearn.accounts.models import LeaderboardVisibility, User
from peerlearn.dialect import insert_ignore
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification.league_models import (
    LeagueCohort,
    LeagueEntry,
    LeagueMember,
    LeagueWeek,
)
from peerlearn.gamification.models import UserPoints
from peerlearn.gamification.store import current_period_start

TIERS = ("Bronze", "Silver", "Gold", "Platinum", "Diamond")
COHORT_SIZE = 30
MOVES = 5
ANONYMOUS = "Anonymous learner"


def this_week(now: datetime | None = None) -> date:
    """Monday of the current week in the organisation's time zone."""
    return current_period_start("week", now or utcnow())


def _member(user: Any) -> LeagueMember | None:
    return db.session.get(LeagueMember, user.id)


def _place(user_id: int, tier: int, week: date) -> LeagueEntry:
    """Put a user in the emptiest cohort of their tier this week (a new one when all full)."""
    sizes = db.session.execute(
        select(LeagueCohort.id, LeagueCohort.number, func.count(LeagueEntry.id))
        .outerjoin(LeagueEntry, LeagueEntry.cohort_id == LeagueCohort.id)
        .where(LeagueCohort.week_start == week, LeagueCohort.tier == tier)
        .group_by(LeagueCohort.id, LeagueCohort.number)
        .order_by(func.count(LeagueEntry.id), LeagueCohort.number)
    ).all()
    open_cohorts = [cohort_id for cohort_id, _, size in sizes if size < COHORT_SIZE]
    if open_cohorts:
        cohort_id = open_cohorts[0]
    else:
        cohort = LeagueCohort(week_start=week, tier=tier, number=len(sizes) + 1)
        db.session.add(cohort)
        db.session.flush()
        cohort_id = cohort.id
    entry = LeagueEntry(cohort_id=cohort_id, user_id=user_id, week_start=week)
    db.session.add(entry)
    db.session.flush()
    return entry


def _entry(user_id: int, week: date) -> LeagueEntry | None:
    return db.session.execute(
        select(LeagueEntry).where(LeagueEntry.user_id == user_id, LeagueEntry.week_start == week)
    ).scalar_one_or_none()


def join(user: Any, now: datetime | None = None) -> LeagueMember:
    """Opt in (again): keep your tier, and join a cohort this week."""
    member = _member(user)
    if member is None:
        member = LeagueMember(user_id=user.id, opted_in=True, tier=0)
        db.session.add(member)
    member.opted_in = True
    db.session.flush()
    week = this_week(now)
    if _entry(user.id, week) is None:
        _place(user.id, member.tier, week)
    return member


def leave(user: Any, now: datetime | None = None) -> None:
    """Opt out: leave this week's race (your tier is kept should you come back)."""
    member = _member(user)
    if member is None:
        return
    member.opted_in = False
    entry = _entry(user.id, this_week(now))
    if entry is not None:
        db.session.delete(entry)
    db.session.flush()


@dataclass(frozen=True)
class LeagueRow:
    rank: int
    user_id: int | None
    name: str
    points: int
    is_me: bool
    zone: str  # "up", "down" or ""


@dataclass(frozen=True)
class MyLeague:
    opted_in: bool
    tier: int
    tier_name: str
    week_start: date
    rows: list[LeagueRow]
    members: int = 0  # who joined this cohort this week (hidden people included)
    moving: int = 0  # how many move up (and down) at the end of the week


def _week_scores(user_ids: list[int], week: date) -> dict[int, tuple[int, datetime | None]]:
    rows = db.session.execute(
        select(UserPoints).where(
            UserPoints.user_id.in_(user_ids),
            UserPoints.period == "week",
            UserPoints.period_start == week,
        )
    ).scalars()
    scores: dict[int, tuple[int, datetime | None]] = {}
    for row in rows:
        times = [t for t in (row.learner_reached_at, row.author_reached_at) if t is not None]
        scores[row.user_id] = (row.points, max(times) if times else None)
    return scores


def _standings(cohort_id: int, week: date) -> list[tuple[int, int]]:
    """(user id, points) of a cohort, best first (ties: who got there first)."""
    user_ids = list(
        db.session.execute(
            select(LeagueEntry.user_id).where(LeagueEntry.cohort_id == cohort_id)
        ).scalars()
    )
    scores = _week_scores(user_ids, week)
    far = datetime.max.replace(tzinfo=None)

    def order(user_id: int) -> tuple[int, Any, int]:
        points, reached = scores.get(user_id, (0, None))
        return (-points, reached.replace(tzinfo=None) if reached else far, user_id)

    return [(user_id, scores.get(user_id, (0, None))[0]) for user_id in sorted(user_ids, key=order)]


def moves(size: int) -> int:
    """How many people move up (and down) in a cohort of ``size``."""
    return MOVES if size >= 15 else size // 3


def my_league(user: Any, now: datetime | None = None) -> MyLeague:
    """Your tier and this week's race (hidden people are left out, anonymous ones unnamed)."""
    member = _member(user)
    week = this_week(now)
    tier = member.tier if member else 0
    entry = _entry(user.id, week)
    rows: list[LeagueRow] = []
    members = step = 0
    if entry is not None:
        standings = _standings(entry.cohort_id, week)
        people = {
            u.id: u
            for u in db.session.execute(
                select(User).where(User.id.in_([uid for uid, _ in standings]))
            ).scalars()
        }
        members, step = len(standings), moves(len(standings))
        for rank, (user_id, points) in enumerate(standings, start=1):
            person = people[user_id]
            visibility = person.leaderboard_visibility
            if user_id != user.id and visibility == LeaderboardVisibility.HIDDEN.value:
                continue
            anonymous = user_id != user.id and visibility == LeaderboardVisibility.ANONYMOUS.value
            zone = "up" if rank <= step and tier < len(TIERS) - 1 else ""
            if rank > len(standings) - step and tier > 0:
                zone = "down"
            rows.append(
                LeagueRow(rank, None if anonymous else user_id,
                          ANONYMOUS if anonymous else person.display_name, points,
                          user_id == user.id, zone)
            )  # fmt: skip
    opted_in = bool(member and member.opted_in)
    return MyLeague(opted_in, tier, TIERS[tier], week, rows, members, step)


@dataclass(frozen=True)
class WeekClosed:
    week_start: date
    promoted: int
    demoted: int
    next_cohorts: int


def close_week(week: date) -> WeekClosed | None:
    """Rank every cohort of ``week``, move tiers, and form next week's cohorts of opted-in
    people by similar activity. None when the week was already closed."""
    if (
        insert_ignore(LeagueWeek, {"week_start": week, "closed_at": utcnow()}, ["week_start"])
        is None
    ):
        return None
    promoted = demoted = 0
    activity: dict[int, int] = {}
    cohorts = db.session.execute(
        select(LeagueCohort).where(LeagueCohort.week_start == week).order_by(LeagueCohort.id)
    ).scalars()
    for cohort in cohorts:
        standings = _standings(cohort.id, week)
        step = moves(len(standings))
        for rank, (user_id, points) in enumerate(standings, start=1):
            activity[user_id] = points
            entry = _entry(user_id, week)
            member = db.session.get(LeagueMember, user_id)
            assert entry is not None and member is not None
            entry.rank, entry.outcome = rank, "stay"
            if rank <= step and cohort.tier < len(TIERS) - 1:
                member.tier, entry.outcome = cohort.tier + 1, "up"
                promoted += 1
            elif rank > len(standings) - step and cohort.tier > 0:
                member.tier, entry.outcome = cohort.tier - 1, "down"
                demoted += 1
    db.session.flush()
    return WeekClosed(week, promoted, demoted, _form_cohorts(week + timedelta(days=7), activity))


def _form_cohorts(week: date, activity: dict[int, int]) -> int:
    """Next week's cohorts: per tier, opted-in people by recent points, in even chunks."""
    members = db.session.execute(
        select(LeagueMember).where(LeagueMember.opted_in.is_(True)).order_by(LeagueMember.user_id)
    ).scalars()
    placed = set(
        db.session.execute(select(LeagueEntry.user_id).where(LeagueEntry.week_start == week))
        .scalars()
    )  # fmt: skip
    by_tier: dict[int, list[int]] = {}
    for member in members:
        if member.user_id not in placed:
            by_tier.setdefault(member.tier, []).append(member.user_id)
    made = 0
    for tier, user_ids in sorted(by_tier.items()):
        user_ids.sort(key=lambda uid: (-activity.get(uid, 0), uid))
        chunks = ceil(len(user_ids) / COHORT_SIZE)
        size = ceil(len(user_ids) / chunks)
        taken = db.session.execute(
            select(func.count()).select_from(LeagueCohort)
            .where(LeagueCohort.week_start == week, LeagueCohort.tier == tier)
        ).scalar_one()  # fmt: skip
        for index in range(chunks):
            cohort = LeagueCohort(week_start=week, tier=tier, number=taken + index + 1)
            db.session.add(cohort)
            db.session.flush()
            for user_id in user_ids[index * size : (index + 1) * size]:
                db.session.add(LeagueEntry(cohort_id=cohort.id, user_id=user_id, week_start=week))
            made += 1
    db.session.flush()
    return made
