"""The seeded demo's review history has believable timing: decisions hours to days after
their submission, in working hours, and the events say the same as the review rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from peerlearn.authoring.models import ReviewDecision, Submission
from peerlearn.events import LearningEvent
from peerlearn.gamification.replay import replay
from peerlearn.reports.period import Period
from peerlearn.reports.vetting import vetting_report


def test_reviews_take_hours_to_days_and_events_agree(seeded_demo, db, app):
    today = datetime.now(UTC).date()
    report = vetting_report(Period(today - timedelta(days=365), today))
    first, published = report["time_to_first_decision"], report["time_to_publication"]
    assert first["count"] >= 30 and 2 <= first["median_hours"] <= 96
    assert first["p90_hours"] > first["median_hours"]
    # over different sets (every decided submission vs the published ones): both real, not 0
    assert published["median_hours"] > 0 and first["median_hours"] > 0
    assert published["p90_hours"] >= published["median_hours"]
    assert report["decisions"]["request_changes"] >= 3 and report["decisions"]["reject"] >= 1
    for decision in db.session.execute(select(ReviewDecision)).scalars():
        assert decision.created_at > decision.submission.submitted_at
    submitted = {
        (e.context or {}).get("submission_id"): e.occurred_at
        for e in db.session.execute(
            select(LearningEvent).where(LearningEvent.verb == "module_submitted")
        ).scalars()
    }
    rows = db.session.execute(select(Submission.id, Submission.submitted_at)).all()
    assert rows and all(submitted[sid] == at for sid, at in rows)


def test_after_seeding_replay_changes_nobody(seeded_demo, db):
    assert [change.describe() for change in replay()] == []
    db.session.rollback()
