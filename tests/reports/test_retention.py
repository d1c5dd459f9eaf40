"""Retention: purged events live on as hourly totals, so the dashboard does not change;
what replay needs stays, so purge → replay loses no honest point; the LRS gets everything
before it is deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from peerlearn.events import LearningEvent
from peerlearn.extensions import db as _db
from peerlearn.gamification.models import PointsEntry
from peerlearn.gamification.replay import replay, standings
from peerlearn.organisation.models import OrgSetting
from peerlearn.reports.dashboard import build_dashboard
from peerlearn.reports.metrics import ReportQuery
from peerlearn.reports.models import EventRollup
from peerlearn.reports.retention import purge
from tests.factories import make_event, make_user, record_learning
from tests.reports.fixtures import build_org
from tests.reports.test_metrics import q

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _count(db, model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _keep_days(days: int) -> None:
    _db.session.add(OrgSetting(key="report_retention_days", value=days))
    _db.session.commit()


def test_purge_keeps_every_dashboard_figure(app, db, runner):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    org = build_org()
    recent = make_event("module_viewed", org.users["a"], 1, datetime(2026, 5, 30, tzinfo=UTC))
    eng = ReportQuery(q().period, org.eng.id, 3)
    before, before_eng = build_dashboard(q()), build_dashboard(eng)
    points = db.session.execute(select(PointsEntry.user_id, PointsEntry.points)).all()
    _keep_days(30)

    report = purge(NOW)
    assert report.cutoff == datetime(2026, 5, 2, 12, tzinfo=UTC)
    # purgeable: a's quiz attempt, b's two views of module 2, c's view of module 1; kept:
    # completions, claps, submissions, publications, and each person's first event
    assert report.events_deleted == 4
    left = db.session.execute(select(LearningEvent.verb, LearningEvent.actor_id)).all()
    assert ("quiz_attempted", org.users["a"].id) not in left
    assert recent.id in db.session.execute(select(LearningEvent.id)).scalars().all()
    assert _count(db, EventRollup) == report.rollup_rows > 0

    assert build_dashboard(q()) == before
    assert build_dashboard(eng) == before_eng
    assert db.session.execute(select(PointsEntry.user_id, PointsEntry.points)).all() == points


def test_purging_twice_adds_to_the_same_hours(app, db):
    org = build_org()
    _keep_days(30)
    purge(NOW)
    late = datetime(2026, 3, 28, 10, 30, tzinfo=UTC)  # same hour as f's view: arrives late
    make_event("module_viewed", org.users["f"], 1, late, origin="peer", author_id=1)
    make_event("module_viewed", org.users["f"], 1, late, origin="peer", author_id=1)
    purge(NOW)
    row = db.session.execute(
        select(EventRollup).where(
            EventRollup.actor_id == org.users["f"].id, EventRollup.verb == "module_viewed"
        )
    ).scalar_one()
    assert row.event_count == 2  # f's first view stays raw; the two late ones are rolled up


def test_the_purge_command(app, db, runner):
    build_org()
    result = runner.invoke(args=["reports", "purge"])
    assert result.exit_code == 0, result.output
    assert "Purged 0 events" in result.output  # the default window (730 days) keeps them
    assert _count(db, LearningEvent) == 18


def test_purge_then_replay_loses_no_honest_point(app, db):
    """A year of imported history (accounts created today, events back-dated), as the demo
    has: new-giver holds date an account from its first event, so a purge that deleted it
    would make the readers "new" again and replay would hold the points they gave."""
    for key, value in (("trust_min_days", 7), ("trust_min_completions", 3)):  # the defaults
        db.session.add(OrgSetting(key=key, value=value))
    authors = [make_user(display_name=f"Author {n}") for n in range(4)]
    readers = [make_user(display_name=f"Reader {n}") for n in range(3)]
    start = datetime.now(UTC) - timedelta(days=300)
    for n, reader in enumerate(readers):
        first = start + timedelta(days=n)
        record_learning("module_viewed", reader, 90 + n, author=authors[0], at=first)
        # ten days later, four colleagues' modules in a day: the first three points wait
        # (fewer than three completions yet), the fourth finds a 10-day-old account and
        # releases them
        for m, author in enumerate(authors):
            at = first + timedelta(days=10, hours=2 + m)
            record_learning("module_viewed", reader, m + 1, author=author, at=at)
            record_learning("module_completed", reader, m + 1, author=author, at=at)
            record_learning("module_clapped", reader, m + 1, author=author, at=at, count=2)
    record_learning("module_viewed", readers[0], 1, author=authors[0])  # today: kept
    live = {user_id: (s.learner, s.author) for user_id, s in standings().items()}
    assert all(live[a.id][1] > 0 for a in authors) and all(live[r.id][0] > 0 for r in readers)
    _keep_days(30)
    views = select(func.count()).where(LearningEvent.verb == "module_viewed")

    report = purge()
    assert report.events_deleted >= 12
    assert db.session.execute(views).scalar_one() == 3 + 1  # each first view, and today's
    db.session.commit()
    changes = replay()
    assert [c.describe() for c in changes] == []
    db.session.commit()
    after = {user_id: (s.learner, s.author) for user_id, s in standings().items()}
    assert after == live


def test_purge_waits_for_the_learning_record_store(app, db):
    """With an LRS configured but unreachable, nothing it has not accepted is deleted."""
    app.config.update(
        XAPI_LRS_URL="http://127.0.0.1:9/xapi",
        XAPI_LRS_KEY="k",
        XAPI_LRS_SECRET="s",
        XAPI_RETRY_DELAY=0,
    )
    build_org()
    _keep_days(30)
    report = purge(NOW)
    assert report.events_deleted == 0 and report.held_for_lrs
    assert _count(db, LearningEvent) == 18
    assert db.session.execute(select(EventRollup.id)).first() is None, "nothing rolled up either"
