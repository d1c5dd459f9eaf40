"""Viewing, reading time and completion: events follow the contract; once per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from peerlearn.content.queries import get_live_module_by_id
from peerlearn.errors import ServiceError
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules import reading
from peerlearn.modules.models import Completion, ReadingProgress
from tests.factories import QUIZ_ALL_KINDS, make_live_module, make_user


def events(verb: str) -> list[LearningEvent]:
    return list(
        db.session.execute(
            select(LearningEvent).where(LearningEvent.verb == verb).order_by(LearningEvent.id)
        ).scalars()
    )


def test_view_records_progress_and_a_contract_event(app):
    author = make_user()
    module = make_live_module(author, tags=("sql", "data"))
    reader = make_user()
    first = reading.view_module(reader, module).first_viewed_at
    later = first + reading.VIEW_WINDOW + timedelta(minutes=1)
    progress = reading.view_module(reader, module, now=later)
    db.session.commit()
    assert progress.view_count == 2
    viewed = events("module_viewed")
    assert len(viewed) == 2
    context = viewed[0].context
    assert (viewed[0].object_type, viewed[0].object_id) == ("module", module.id)
    assert context["author_id"] == author.id
    assert context["tags"] == ["sql", "data"]
    assert context["revision_id"] == module.published_revision_id


def test_reading_time_accumulates_and_is_clamped(app):
    module = make_live_module()
    reader = make_user()
    opened = reading.view_module(reader, module).first_viewed_at
    at = opened + timedelta(seconds=60)
    assert reading.record_reading_time(reader, module, 42.5, now=at) == 42.5
    at += timedelta(seconds=10)
    assert reading.record_reading_time(reader, module, -10, now=at) == 42.5
    at += timedelta(hours=2)
    total = 42.5 + reading.MAX_REPORT_SECONDS
    assert reading.record_reading_time(reader, module, 10**9, now=at) == total
    with pytest.raises(ServiceError):
        reading.record_reading_time(reader, module, float("nan"), now=at)


def test_complete_once_with_reading_seconds(app):
    author = make_user()
    module = make_live_module(author)
    reader = make_user()
    opened = reading.view_module(reader, module).first_viewed_at
    reading.record_reading_time(reader, module, 95.0, now=opened + timedelta(seconds=100))
    completion, created = reading.complete_module(reader, module)
    again, created_again = reading.complete_module(reader, module)
    db.session.commit()
    assert created and not created_again
    assert again.id == completion.id
    assert completion.reading_seconds == 95.0
    done = events("module_completed")
    assert len(done) == 1
    assert done[0].actor_id == reader.id
    assert done[0].context["reading_seconds"] == 95.0
    assert done[0].context["author_id"] == author.id
    assert "score" not in done[0].context


def test_without_the_script_reading_time_is_the_time_since_opening(app):
    module = make_live_module()
    reader = make_user()
    progress = reading.view_module(reader, module)
    progress.last_viewed_at = progress.last_viewed_at - timedelta(seconds=80)
    db.session.flush()
    completion, _ = reading.complete_module(reader, module)
    assert 79 <= completion.reading_seconds <= 90


def test_fallback_time_is_capped(app):
    module = make_live_module()
    reader = make_user()
    progress = reading.view_module(reader, module)
    progress.last_viewed_at = progress.last_viewed_at - timedelta(days=3)
    db.session.flush()
    completion, _ = reading.complete_module(reader, module)
    minutes = module.published_revision.estimated_minutes
    assert completion.reading_seconds == minutes * 60 * reading.FALLBACK_MINUTES_FACTOR


def test_a_module_with_a_quiz_is_completed_only_by_passing(app):
    module = make_live_module(quiz=QUIZ_ALL_KINDS)
    with pytest.raises(ServiceError, match="quiz"):
        reading.complete_module(make_user(), module)
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 0


def test_unpublished_modules_cannot_be_read(app):
    from tests.factories import make_module

    draft = make_module()
    with pytest.raises(reading.NotFoundError):
        get_live_module_by_id(draft.id)
    assert db.session.scalar(select(func.count()).select_from(ReadingProgress)) == 0


def test_a_report_credits_at_most_the_time_since_the_last_credited_moment(app):
    module = make_live_module()
    reader = make_user()
    opened = reading.view_module(reader, module).first_viewed_at
    at = opened + timedelta(seconds=20)
    assert reading.record_reading_time(reader, module, 1800, now=at) == 20
    assert reading.record_reading_time(reader, module, 1800, now=at) == 20  # same moment
    earlier = at - timedelta(seconds=10)  # a report from the past credits nothing
    assert reading.record_reading_time(reader, module, 5, now=earlier) == 20
    at += timedelta(seconds=30)
    assert reading.record_reading_time(reader, module, 12, now=at) == 32  # tab hidden 18 s
    progress = reading.progress_of(reader, module)
    assert progress.credited_until == at


def test_a_new_opening_starts_a_new_session(app):
    module = make_live_module()
    reader = make_user()
    opened = reading.view_module(reader, module).first_viewed_at
    back = opened + timedelta(days=2)  # the time away is not reading time
    reading.view_module(reader, module, now=back)
    assert reading.record_reading_time(reader, module, 600, now=back) == 0
    later = back + timedelta(seconds=45)
    assert reading.record_reading_time(reader, module, 600, now=later) == 45
    # an opening dated before the last credited moment never moves it back
    reading.view_module(reader, module, now=opened)
    assert reading.progress_of(reader, module).credited_until == later


def test_a_report_for_a_module_never_opened_is_refused(app):
    from peerlearn.errors import Conflict

    module = make_live_module()
    with pytest.raises(Conflict, match="Open the module"):
        reading.record_reading_time(make_user(), module, 30)
    assert db.session.scalar(select(func.count()).select_from(ReadingProgress)) == 0
