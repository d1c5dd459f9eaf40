"""The L&D vetting report against a hand-timed review history: change requests, a
rejection, approvals, two reviewers, rubric scores; the page and the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from peerlearn.authoring.models import ReviewDecision, Submission
from peerlearn.permissions import Role
from peerlearn.reports.period import Period
from peerlearn.reports.vetting import percentile, vetting_report
from tests.factories import make_module, make_user

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
START, END = date(2026, 3, 1), date(2026, 3, 31)


@pytest.fixture
def reviews(app, db):
    riley = make_user(Role.REVIEWER, display_name="Riley")
    lena = make_user(Role.REVIEWER, display_name="Lena")
    a, b, c = (make_module(title=t) for t in ("Alpha", "Bravo", "Charlie"))

    def round_(module, submitted, reviewer, decision, decided, comment="", scores=None):
        submission = Submission(
            module_id=module.id,
            revision_id=module.draft_revision_id,
            submitted_by_id=module.author_id,
            state={"approve": "approved", "reject": "rejected"}.get(decision, "changes_requested"),
            submitted_at=submitted,
            decided_at=decided,
        )
        db.session.add(submission)
        db.session.flush()
        db.session.add(
            ReviewDecision(
                submission_id=submission.id,
                reviewer_id=reviewer.id,
                decision=decision,
                rubric=scores or {"accuracy": 4, "clarity": 3},
                comment=comment,
                created_at=decided,
            )
        )

    h = timedelta(hours=1)
    # Alpha: changes requested after 10 h, resubmitted, approved 10 h later: 40 h in all
    round_(a, T0, riley, "request_changes", T0 + 10 * h, "Add a worked example.")
    round_(a, T0 + 30 * h, riley, "approve", T0 + 40 * h, scores={"accuracy": 5, "clarity": 5})
    # Bravo: rejected after 72 h
    round_(b, T0 + h, lena, "reject", T0 + 73 * h, "Contains outdated advice.")
    # Charlie: approved after 2 h (the following week)
    round_(c, T0 + 7 * 24 * h, lena, "approve", T0 + (7 * 24 + 2) * h)
    # an older round (an earlier version, approved before the period) does not count, and
    # Charlie's new round starts after it
    round_(c, T0 - 60 * 24 * h, lena, "approve", T0 - 59 * 24 * h, "Old.")
    db.session.commit()
    return {"riley": riley, "lena": lena}


def test_percentile_is_a_value_that_occurred():
    assert percentile([2, 10, 10, 72], 0.9) == 72
    assert percentile([1.0], 0.9) == 1.0 and percentile([], 0.5) is None


def test_the_report_figures(reviews):
    report = vetting_report(Period(START, END, ZoneInfo("UTC")))
    assert report["submissions"] == 4
    assert report["decisions"] == {"approve": 2, "request_changes": 1, "reject": 1, "total": 4}
    assert report["time_to_first_decision"] == {"count": 4, "median_hours": 10.0, "p90_hours": 72.0}
    assert report["time_to_publication"] == {"count": 2, "median_hours": 21.0, "p90_hours": 40.0}
    weeks = {p["period"]: p for p in report["by_period"]}
    assert set(weeks) == {"week of 2026-03-02", "week of 2026-03-09"}
    assert weeks["week of 2026-03-09"]["time_to_publication"]["median_hours"] == 2.0
    by_name = {r["name"]: r for r in report["by_reviewer"]}
    assert by_name["Riley"]["decisions"]["total"] == 2
    assert by_name["Lena"]["time_to_first_decision"]["median_hours"] == 37.0  # of 72 and 2
    assert [(r["title"], r["decision"]) for r in report["reasons"]] == [
        ("Bravo", "reject"),
        ("Alpha", "request_changes"),
    ]
    rubric = {r["key"]: r["average"] for r in report["rubric"]}
    assert rubric == {"accuracy": 4.25, "clarity": 3.5}


def test_a_long_period_is_split_by_month(reviews):
    report = vetting_report(Period(date(2025, 12, 1), END, ZoneInfo("UTC")))
    assert [p["period"] for p in report["by_period"]] == ["2026-01", "2026-03"]


def test_page_and_api_for_reviewers(client, reviews, login_as):
    login_as(reviews["riley"])
    args = {"start": START.isoformat(), "end": END.isoformat()}
    body = client.get("/api/v1/reports/vetting", query_string=args).get_json()
    assert body["time_to_publication"]["median_hours"] == 21.0
    page = client.get("/reports/vetting", query_string=args).get_data(as_text=True)
    assert "Contains outdated advice." in page and "21.0 h" in page
    assert 'href="/reports/exports"' not in page  # reviewers see no HR tabs
