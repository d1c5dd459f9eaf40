"""Idempotency under concurrency: the same completion (and the same clap) fired from several
threads at once, each in its own app context and transaction, is awarded exactly once, and
the totals agree with the ledger. Meant for PostgreSQL (``PEERLEARN_TEST_DATABASE_URL``);
it runs on SQLite too, where writers simply queue."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from sqlalchemy import select

from peerlearn.events import record_event
from peerlearn.extensions import db as _db
from peerlearn.gamification.hold_models import Interaction
from peerlearn.gamification.models import GameState, PointsEntry
from peerlearn.gamification.verify import verify_totals
from tests.factories import make_user
from tests.gamification.helpers import ledger, total

THREADS = 6
NOW = datetime(2024, 5, 14, 10, 0, tzinfo=UTC)


def _fire_together(app, verb: str, actor_id: int, context: dict) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def fire() -> None:
        with app.app_context():
            try:
                barrier.wait(timeout=10)
                record_event(verb, actor_id, "module", 40, context, occurred_at=NOW)
                _db.session.commit()
            except BaseException as exc:  # reported to the test below
                errors.append(exc)
                _db.session.rollback()
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=fire) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_parallel_identical_completions_award_once(app, db):
    reader, author = make_user(), make_user()
    context = {"author_id": author.id, "reading_seconds": 60.0}
    assert _fire_together(app, "module_completed", reader.id, context) == []
    assert sorted(ledger()) == sorted(
        [(reader.id, "complete", 10), (author.id, "peer_completion", 2)]
    )
    assert (total(reader), total(author)) == (10, 2)
    assert db.session.get(GameState, reader.id).counters == {"completions": 1}
    payments = db.session.execute(select(Interaction.actor_id, Interaction.author_id)).all()
    assert payments == [(reader.id, author.id)]
    assert verify_totals() == []


def test_parallel_claps_award_once_and_keys_are_unique(app, db):
    clapper, author = make_user(), make_user()
    context = {"author_id": author.id, "count": 3}
    assert _fire_together(app, "module_clapped", clapper.id, context) == []
    keys = db.session.execute(select(PointsEntry.dedupe_key)).scalars().all()
    assert keys == [f"clap_received:{author.id}:{clapper.id}:40"]
    assert total(author) == 1
    assert db.session.get(GameState, author.id).counters == {"claps_received": 1}
