"""Retention: purged events live on as hourly totals, so the dashboard does not change;
points and badges are untouched."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from peerlearn.events import LearningEvent
from peerlearn.gamification.models import PointsEntry
from peerlearn.organisation.models import OrgSetting
from peerlearn.reports.dashboard import build_dashboard
from peerlearn.reports.models import EventRollup
from peerlearn.reports.retention import purge
from tests.factories import make_event
from tests.reports.fixtures import build_org
from tests.reports.test_metrics import q

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def _count(db, model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_purge_keeps_every_dashboard_figure(app, db, runner):
    app.config["ORG_TIMEZONE"] = "Europe/Paris"
    org = build_org()
    recent = make_event("module_viewed", org.users["a"], 1, datetime(2026, 5, 30, tzinfo=UTC))
    before = build_dashboard(q())
    before_eng = build_dashboard(q(org.eng.id))
    points = db.session.execute(select(PointsEntry.user_id, PointsEntry.points)).all()
    db.session.add(OrgSetting(key="report_retention_days", value=30))
    db.session.commit()

    report = purge(NOW)
    assert report.cutoff == datetime(2026, 5, 2, 12, tzinfo=UTC)
    assert report.events_deleted == 18
    assert [e.id for e in db.session.execute(select(LearningEvent)).scalars()] == [recent.id]
    assert _count(db, EventRollup) == report.rollup_rows > 0

    after = build_dashboard(q())
    # the publication pairing needs raw events; everything else is intact
    before["headline"]["median_hours_to_publication"] = None
    assert after == before
    after_eng = build_dashboard(q(org.eng.id))
    before_eng["headline"]["median_hours_to_publication"] = None
    assert after_eng == before_eng
    assert db.session.execute(select(PointsEntry.user_id, PointsEntry.points)).all() == points


def test_purging_twice_adds_to_the_same_hours(app, db):
    org = build_org()
    db.session.add(OrgSetting(key="report_retention_days", value=30))
    db.session.commit()
    purge(NOW)
    late = datetime(2026, 3, 28, 10, 30, tzinfo=UTC)  # same hour as f's view: arrives late
    make_event("module_viewed", org.users["f"], 1, late, origin="peer", author_id=1)
    purge(NOW)
    row = db.session.execute(
        select(EventRollup).where(
            EventRollup.actor_id == org.users["f"].id, EventRollup.verb == "module_viewed"
        )
    ).scalar_one()
    assert row.event_count == 2


def test_the_purge_command(app, db, runner):
    build_org()
    result = runner.invoke(args=["reports", "purge"])
    assert result.exit_code == 0, result.output
    assert "Purged 0 events" in result.output  # the default window (730 days) keeps them
    assert _count(db, LearningEvent) == 18
