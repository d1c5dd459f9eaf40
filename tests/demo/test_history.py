"""The demo history: deterministic, once only, shaped like the field, following the event
contract the gamification engine replays."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from peerlearn.demo.history import seed_history
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules.models import Completion, ReadingProgress
from tests.factories import QUIZ_ALL_KINDS, make_live_module, make_user

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
READER_VERBS = (
    "module_viewed", "module_completed", "quiz_attempted", "quiz_passed", "module_clapped",
    "comment_posted", "comment_marked_helpful", "module_bookmarked",
)  # fmt: skip


@pytest.fixture
def small_org(app):
    authors = [make_user() for _ in range(4)]
    for user in [make_user() for _ in range(20)]:
        assert user.id
    for n in range(8):
        make_live_module(
            authors[n % 4],
            tags=("demo", f"t{n % 3}"),
            quiz=QUIZ_ALL_KINDS if n % 2 else None,
            origin="official" if n % 4 == 0 else None,
        )
    return authors


def _summary() -> list[tuple]:
    """The history's events; path ids left out (PostgreSQL does not reuse rolled-back ids)."""
    rows = db.session.execute(
        select(LearningEvent).where(LearningEvent.occurred_at < NOW).order_by(LearningEvent.id)
    ).scalars()
    return [
        (e.verb, e.actor_id, e.object_id if e.object_type == "module" else None, e.occurred_at)
        for e in rows
    ]


def test_history_is_deterministic_fast_and_once(small_org):
    started = time.perf_counter()
    counts = seed_history(now=NOW)
    assert time.perf_counter() - started < 10
    assert counts["reading_progress"] > 50 and counts["learning_event"] > 300
    first = _summary()
    assert seed_history(now=NOW) == {}  # already there: nothing added
    db.session.rollback()
    seed_history(now=NOW)
    assert _summary() == first


def test_history_follows_the_contract_and_the_field(small_org):
    seed_history(now=NOW)
    events = list(
        db.session.execute(
            select(LearningEvent).where(LearningEvent.verb.in_(READER_VERBS))
        ).scalars()
    )
    module_events = [e for e in events if e.object_type == "module"]
    assert {e.verb for e in module_events} >= {
        "module_viewed", "module_completed", "quiz_attempted", "quiz_passed", "module_clapped"
    }  # fmt: skip
    for event in module_events:
        assert {"author_id", "tags", "revision_id"} <= set(event.context)
        assert event.occurred_at < NOW
        assert event.occurred_at > NOW - timedelta(days=366)
    for event in module_events:
        if event.verb == "module_completed":
            assert isinstance(event.context["reading_seconds"], float)
        if event.verb == "quiz_attempted":
            assert {"score", "passed", "attempt"} <= set(event.context)
        if event.verb == "module_clapped":
            assert 1 <= event.context["count"] <= 50
    completions = db.session.scalar(select(func.count()).select_from(Completion))
    readers = db.session.scalar(select(func.count()).select_from(ReadingProgress))
    assert 0.9 < completions / readers <= 1.0
    hours = Counter(e.occurred_at.hour for e in module_events if e.verb == "module_viewed")
    assert {h for h, _ in hours.most_common(3)} <= {15, 16, 17, 19, 20, 21, 22}
    days = Counter(e.occurred_at.weekday() for e in module_events if e.verb == "module_viewed")
    assert days[5] + days[6] > max(days[d] for d in range(5))
    for completion in db.session.execute(select(Completion)).scalars():
        owner = completion.module.author_id
        assert completion.user_id != owner  # nobody reads their own module in the demo
