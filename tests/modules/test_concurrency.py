"""Completion under concurrent requests: exactly one completion and one event.

Each thread has its own app context (its own session and connection) and commits, as two
gunicorn workers would. Runs on SQLite and on PostgreSQL (``PEERLEARN_TEST_DATABASE_URL``).
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.content.queries import get_live_module_by_id
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules import reading, social
from peerlearn.modules.models import Clap, Completion
from tests.factories import make_live_module, make_user

THREADS = 6


def _race(app, work) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                work()
                db.session.commit()
            except BaseException as exc:  # collected and asserted on by the test
                db.session.rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def test_concurrent_completions_count_once(app):
    module_id = make_live_module().id
    reader_id = make_user().id

    def complete() -> None:
        reader = db.session.get(User, reader_id)
        reading.complete_module(reader, get_live_module_by_id(module_id))

    errors = _race(app, complete)
    assert errors == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Completion)) == 1
    completed = db.session.scalar(
        select(func.count())
        .select_from(LearningEvent)
        .where(LearningEvent.verb == "module_completed", LearningEvent.object_id == module_id)
    )
    assert completed == 1


def test_concurrent_claps_never_pass_the_cap(app):
    module_id = make_live_module().id
    reader_id = make_user().id

    def clap() -> None:
        social.clap(db.session.get(User, reader_id), get_live_module_by_id(module_id), 20)

    errors = _race(app, clap)
    db.session.expire_all()
    total = db.session.scalar(select(Clap.count).where(Clap.user_id == reader_id))
    assert total == 50  # the default cap: 6 × 20 claps asked, 50 given
    added = db.session.scalars(
        select(LearningEvent.context).where(LearningEvent.verb == "module_clapped")
    ).all()
    assert sum(c["count"] for c in added) == 50
    assert all(isinstance(e, social.Conflict) for e in errors)
