"""Weekly leagues: opt in, cohorts of about 30, top five up / bottom five down, idempotent
week close, privacy in the cohort view."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from peerlearn.gamification import leagues
from peerlearn.gamification.league_models import LeagueCohort, LeagueEntry, LeagueMember
from tests.factories import make_user, record_learning

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)
WEEK = date(2024, 5, 13)


def _race(db, count: int, tier: int) -> list:
    people, author = [], make_user()
    for n in range(count):
        user = make_user(display_name=f"P{n:02}")
        db.session.add(LeagueMember(user_id=user.id, tier=tier))
        db.session.flush()
        leagues.join(user, NOW)
        db.session.commit()
        for k in range(count - n):  # P00 earns most
            record_learning("module_completed", user, 10_000 + 100 * n + k, author=author,
                            at=NOW + timedelta(minutes=k))  # fmt: skip
        people.append(user)
    return people


def test_a_cohort_closes_with_five_up_and_five_down_once(db, runner):
    people = _race(db, 30, tier=1)
    assert db.session.execute(select(func.count()).select_from(LeagueCohort)).scalar_one() == 1
    mine = leagues.my_league(people[0], NOW)
    assert (mine.tier_name, mine.rows[0].name, mine.rows[0].zone) == ("Silver", "P00", "up")
    assert mine.rows[-1].zone == "down" and mine.rows[5].zone == ""
    result = runner.invoke(args=["gamification", "close-week", "--week", "2024-05-15"])
    assert result.exit_code == 0, result.output
    assert (
        "5 promoted, 5 demoted" in result.output and "3 cohort(s)" in result.output
    )  # one per tier
    tiers = [db.session.get(LeagueMember, p.id).tier for p in people]
    assert tiers == [2] * 5 + [1] * 20 + [0] * 5
    again = runner.invoke(args=["gamification", "close-week", "--week", "2024-05-13"])
    assert "already closed" in again.output
    assert [db.session.get(LeagueMember, p.id).tier for p in people] == tiers
    next_week = db.session.execute(
        select(LeagueCohort.tier, func.count(LeagueEntry.id))
        .join(LeagueEntry).where(LeagueCohort.week_start == WEEK + timedelta(days=7))
        .group_by(LeagueCohort.tier).order_by(LeagueCohort.tier)
    ).all()  # fmt: skip
    assert next_week == [(0, 5), (1, 20), (2, 5)]


def test_large_groups_split_into_even_cohorts_and_bottom_tier_stays(db):
    users = [make_user() for _ in range(65)]
    for user in users:
        leagues.join(user, NOW)
    db.session.commit()
    sizes = (
        db.session.execute(select(func.count(LeagueEntry.id)).group_by(LeagueEntry.cohort_id))
        .scalars()
        .all()
    )
    assert sorted(sizes) == [5, 30, 30]
    closed = leagues.close_week(WEEK)
    assert (closed.demoted, closed.promoted) == (0, 5 + 5 + 1)  # the 5-person cohort moves one
    next_sizes = (
        db.session.execute(
            select(func.count(LeagueEntry.id))
            .where(LeagueEntry.week_start == WEEK + timedelta(days=7))
            .group_by(LeagueEntry.cohort_id)
        )
        .scalars()
        .all()
    )
    assert sorted(next_sizes) == [11, 27, 27]


def test_leaving_and_privacy_in_the_cohort(db):
    me, hidden, anon = make_user(display_name="Me"), make_user(), make_user()
    hidden.leaderboard_visibility, anon.leaderboard_visibility = "hidden", "anonymous"
    for user in (me, hidden, anon):
        leagues.join(user, NOW)
    db.session.commit()
    names = [row.name for row in leagues.my_league(me, NOW).rows]
    assert sorted(names) == ["Anonymous learner", "Me"]
    leagues.leave(me, NOW)
    db.session.commit()
    mine = leagues.my_league(me, NOW)
    assert (mine.opted_in, mine.rows) == (False, [])
