"""seed-demo fills the catalog and the queue: ~60 modules in every state, idempotently."""

from __future__ import annotations

from sqlalchemy import func, select

from peerlearn.authoring.community_models import ContentRequest, Flag
from peerlearn.authoring.models import Submission
from peerlearn.content.models import Module, ModuleLink
from peerlearn.demo import seed_demo


def test_seed_demo_creates_modules_in_every_state_and_is_idempotent(seeded_demo, db):
    assert seeded_demo.exit_code == 0  # seed_demo() and a commit on an empty database
    states = dict(
        db.session.execute(select(Module.state, func.count()).group_by(Module.state)).all()
    )
    assert sum(states.values()) == 70  # 69 demo modules and the draft of a taken request
    assert set(states) == {
        "draft",
        "in_review",
        "changes_requested",
        "published",
        "rejected",
        "archived",
    }
    assert states["published"] >= 35
    authors = db.session.execute(select(func.count(func.distinct(Module.author_id)))).scalar()
    assert authors >= 10
    official = db.session.execute(
        select(func.count()).select_from(Module).where(Module.origin == "official")
    ).scalar()
    assert official >= 5
    pending = (
        db.session.execute(
            select(Submission)
            .where(Submission.state == "pending")
            .order_by(Submission.submitted_at)
        )
        .scalars()
        .all()
    )
    assert len(pending) >= 5 and pending[0].submitted_at < pending[-1].submitted_at
    assert db.session.execute(select(func.count()).select_from(ModuleLink)).scalar() >= 15
    assert db.session.execute(select(func.count()).select_from(Flag)).scalar() >= 1
    assert db.session.execute(select(func.count()).select_from(ContentRequest)).scalar() == 5

    seed_demo()
    db.session.commit()
    assert db.session.execute(select(func.count()).select_from(Module)).scalar() == 70
    assert db.session.execute(select(func.count()).select_from(ContentRequest)).scalar() == 5
