"""Reversal on flag-archive, ``verify`` catching a corrupted total, ``replay`` equal to live
(and reporting what a rule change would change for whom)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from peerlearn.gamification.catalog import update_rule
from peerlearn.gamification.hold_models import PointsHold
from peerlearn.gamification.models import (
    BadgeAward,
    DepartmentPoints,
    GameBadge,
    GameRule,
    GameState,
    PointsEntry,
    StreakDay,
    UserPoints,
)
from peerlearn.gamification.verify import verify_totals
from peerlearn.permissions import Role
from tests.factories import make_department, make_user, record_learning
from tests.gamification.helpers import badges, ledger, total

NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)


def _history():
    dept = make_department("Ops")
    author, reader, other = make_user(department=dept), make_user(), make_user(department=dept)
    record_learning("module_published", author, 40, author=author, at=NOW, first_publication=True)
    record_learning("module_completed", reader, 40, author=author, at=NOW + timedelta(minutes=1))
    record_learning("quiz_passed", reader, 40, author=author, at=NOW + timedelta(minutes=2),
                    first_try=True)  # fmt: skip
    record_learning("module_clapped", reader, 40, author=author, at=NOW + timedelta(minutes=3))
    record_learning("module_completed", other, 41, author=author, at=NOW + timedelta(minutes=4))
    return author, reader, other


def test_flag_archive_reverses_the_modules_points_with_a_reason(db):
    author, reader, _ = _history()
    assert (total(author), total(reader)) == (50 + 2 + 1 + 2, 15)
    archive = NOW + timedelta(days=1)
    record_learning("module_archived", make_user(Role.REVIEWER), 40, author=author, at=archive,
                    reason="wrong advice", flag=True)  # fmt: skip
    record_learning("module_archived", author, 40, author=author, at=archive, flag=True,
                    reason="again")  # fmt: skip
    reversals = (
        db.session.execute(
            select(PointsEntry).where(PointsEntry.points < 0).order_by(PointsEntry.id)
        )
        .scalars()
        .all()
    )
    assert [(r.user_id, r.rule_key, r.points) for r in reversals] == [
        (author.id, "publish", -50),
        (reader.id, "complete", -10),
        (author.id, "peer_completion", -2),
        (author.id, "clap_received", -1),
    ]
    assert (
        reversals[0].reason == "Reversed: Your module was published (module archived: wrong advice)"
    )
    assert (total(author), total(reader)) == (2, 5)  # module 41's +2 and the quiz's +5 stay
    assert badges(author) == {"first_publication"} and "first_completion" in badges(reader)
    assert verify_totals() == []


def test_archiving_without_a_flag_reverses_nothing(db):
    author, _, _ = _history()
    record_learning("module_archived", author, 40, author=author, at=NOW, reason="outdated")
    assert all(points > 0 for _, _, points in ledger())


def test_verify_passes_then_catches_a_corrupted_total(db, runner):
    _, reader, _ = _history()
    ok = runner.invoke(args=["gamification", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "All totals match" in ok.output
    db.session.execute(
        update(UserPoints)
        .where(UserPoints.user_id == reader.id, UserPoints.period == "week")
        .values(learner_points=999)
    )
    db.session.execute(update(DepartmentPoints).values(author_points=1))
    db.session.commit()
    bad = runner.invoke(args=["gamification", "verify"])
    assert bad.exit_code == 1
    assert (
        f"user {reader.id} week from 2024-05-13 learner: stored 999, ledger says 15" in bad.output
    )
    assert (
        "department" in bad.output and "4 total(s) disagree" in bad.output
    )  # 1 user row, 3 department rows


def _snapshot(db):
    entries = db.session.execute(
        select(PointsEntry.user_id, PointsEntry.rule_key, PointsEntry.points,
               PointsEntry.dedupe_key, PointsEntry.occurred_at, PointsEntry.board)
        .order_by(PointsEntry.dedupe_key)
    ).all()  # fmt: skip
    totals = db.session.execute(
        select(UserPoints.user_id, UserPoints.period, UserPoints.period_start,
               UserPoints.learner_points, UserPoints.author_points)
        .order_by(UserPoints.user_id, UserPoints.period, UserPoints.period_start)
    ).all()  # fmt: skip
    states = [
        (s.user_id, s.counters, s.tags, s.streak_current, s.streak_longest, s.streak_freezes,
         s.points_today, s.last_triggered_at)
        for s in db.session.execute(select(GameState).order_by(GameState.user_id)).scalars()
    ]  # fmt: skip
    days = db.session.execute(select(StreakDay.user_id, StreakDay.day).order_by(StreakDay.id))
    awards = db.session.execute(select(BadgeAward.user_id, BadgeAward.badge_key, BadgeAward.uid))
    holds = db.session.execute(select(PointsHold.state)).scalars().all()
    return entries, totals, states, sorted(days), sorted(awards), sorted(holds)


def test_replay_rebuilds_exactly_what_live_handling_wrote(db, runner):
    author, reader, other = _history()
    for day in range(8):  # a streak with its bonus, across a week boundary
        record_learning("module_completed", reader, 60 + day, author=other,
                        at=NOW + timedelta(days=day, hours=1), tags=[f"t{day}"])  # fmt: skip
    record_learning("module_archived", author, 40, author=author, at=NOW + timedelta(days=9),
                    flag=True, reason="flag")  # fmt: skip
    live = _snapshot(db)
    assert any(rule == "streak_bonus" for _, rule, *_ in live[0])
    result = runner.invoke(args=["gamification", "replay"])
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
    db.session.expire_all()
    assert _snapshot(db) == live
    assert verify_totals() == []


def test_replay_dry_run_reports_a_rule_change_then_replay_applies_it(db, runner):
    _, reader, other = _history()
    admin = make_user(Role.ADMIN)
    update_rule(admin, "complete", {"points": 12})
    db.session.commit()
    dry = runner.invoke(args=["gamification", "replay", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"(user {reader.id}): learner points 15 → 17" in dry.output
    assert "would change 2 user(s)" in dry.output
    assert total(reader) == 15  # nothing changed
    applied = runner.invoke(args=["gamification", "replay"])
    assert "changed 2 user(s)" in applied.output
    db.session.expire_all()
    assert total(reader) == 17 and total(other) == 12
    versions = (
        db.session.execute(
            select(PointsEntry.rule_version).where(PointsEntry.rule_key == "complete")
        )
        .scalars()
        .all()
    )
    assert versions == [2, 2]


def test_seed_demo_and_the_seed_command_store_the_defaults_once(seeded_demo, db, runner):
    assert seeded_demo.exit_code == 0  # `seed-demo` on an empty database
    rules = db.session.execute(select(GameRule.key)).scalars().all()
    assert len(rules) == 9 and len(db.session.execute(select(GameBadge)).all()) == 17
    again = runner.invoke(args=["gamification", "seed"])
    assert "Added 0 default" in again.output
