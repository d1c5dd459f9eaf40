"""Two reviewers at once: exactly one claim or decision wins, on SQLite and PostgreSQL.

Each thread has its own app context, so its own database session and connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from peerlearn.accounts.models import User
from peerlearn.authoring.models import ReviewDecision, Submission
from peerlearn.authoring.review import claim, decide
from peerlearn.authoring.rubric import rubric_criteria
from peerlearn.errors import Conflict
from peerlearn.events import LearningEvent
from peerlearn.extensions import db as _db
from tests.factories import make_module, make_reviewer, submit_module


def race(app, submission_id: int, actors: list[int], step: Callable[[Any, Any], Any]) -> list[str]:
    """Run ``step(actor, submission)`` in one thread per actor, released together."""
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(actor_id: int) -> None:
        with app.app_context():
            actor = _db.session.get(User, actor_id)
            submission = _db.session.get(Submission, submission_id)
            barrier.wait(timeout=10)
            try:
                step(actor, submission)
                _db.session.commit()
                outcome = "won"
            except Conflict:
                _db.session.rollback()
                outcome = "lost"
            finally:
                _db.session.remove()
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(actor_id,)) for actor_id in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def count(db, *where) -> int:
    return db.session.execute(select(func.count()).select_from(*where)).scalar_one()


def test_two_concurrent_decisions_only_one_wins(app, db):
    reviewers = [make_reviewer(), make_reviewer()]
    submission = submit_module(make_module())
    scores = {c.key: 4 for c in rubric_criteria()}
    decisions = iter(["approve", "reject"])

    def decide_step(actor, sub):
        decide(actor, sub, next(decisions), scores, comment="Decided under pressure.")

    assert race(app, submission.id, [r.id for r in reviewers], decide_step) == ["lost", "won"]
    db.session.expire_all()
    assert count(db, ReviewDecision) == 1
    verbs = db.session.execute(select(LearningEvent.verb)).scalars().all()
    assert verbs.count("review_decided") == 1
    decided = db.session.get(Submission, submission.id)
    (decision,) = db.session.execute(select(ReviewDecision)).scalars()
    assert decided.state == {"approve": "approved", "reject": "rejected"}[decision.decision]


def test_two_concurrent_claims_only_one_wins(app, db):
    reviewers = [make_reviewer(), make_reviewer()]
    submission = submit_module(make_module())
    outcomes = race(app, submission.id, [r.id for r in reviewers], claim)
    assert outcomes == ["lost", "won"]
    db.session.expire_all()
    assert db.session.get(Submission, submission.id).claimed_by_id in {r.id for r in reviewers}


def test_a_stale_copy_cannot_decide_what_was_already_decided(app, db):
    """The decision is conditional on the row as committed, not as this session remembers."""
    first, second = make_reviewer(), make_reviewer()
    submission = submit_module(make_module())
    scores = {c.key: 4 for c in rubric_criteria()}
    stale = db.session.get(Submission, submission.id)
    assert stale.state == "pending"

    def elsewhere() -> None:
        with app.app_context():
            sub = _db.session.get(Submission, submission.id)
            decide(_db.session.get(User, first.id), sub, "approve", scores)
            _db.session.commit()
            _db.session.remove()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(timeout=30)
    try:
        decide(second, stale, "reject", comment="Too late.")
    except Conflict as exc:
        assert "already been decided" in exc.message
    else:
        raise AssertionError("a second decision on a decided submission was accepted")
    db.session.rollback()
    assert count(db, ReviewDecision) == 1
