"""Learning paths: published modules only, owners edit, followers see progress, and completing
the last module records ``path_completed`` once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from peerlearn.errors import PermissionDenied, ServiceError
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.modules import paths, reading
from tests.factories import make_live_module, make_module, make_path, make_user


def test_only_published_modules_in_order(app):
    a, b = make_live_module(), make_live_module()
    with pytest.raises(ServiceError, match="published"):
        paths.create_path(make_user(), {"title": "P", "module_ids": [a.id, make_module().id]})
    with pytest.raises(ServiceError):
        paths.create_path(make_user(), {"title": " ", "module_ids": [a.id]})
    with pytest.raises(ServiceError):
        paths.create_path(make_user(), {"title": "Empty", "module_ids": []})
    path = paths.create_path(make_user(), {"title": "P", "module_ids": [b.id, a.id, b.id]})
    assert [item.module_id for item in path.items] == [b.id, a.id]


def test_only_the_owner_or_an_admin_edits(app):
    owner = make_user()
    path = make_path(owner)
    c = make_live_module()
    with pytest.raises(PermissionDenied):
        paths.update_path(make_user(), path, {"title": "Mine now"})
    with pytest.raises(PermissionDenied):
        paths.delete_path(make_user(), path)
    paths.update_path(owner, path, {"module_ids": [c.id, path.items[0].module_id]})
    db.session.commit()
    assert path.items[0].module_id == c.id
    paths.update_path(make_user("admin"), path, {"title": "Renamed by admin"})
    assert path.title == "Renamed by admin"


def test_progress_and_path_completed(app):
    owner = make_user()
    a, b = make_live_module(), make_live_module()
    path = make_path(owner, [a, b])
    follower = make_user()
    paths.follow_path(follower, path)
    paths.follow_path(follower, path)  # harmless
    assert paths.follower_count(path) == 1
    reading.complete_module(follower, a)
    state = paths.progress(follower, path)
    assert (state.done, state.total, state.percent, state.complete) == (1, 2, 50, False)
    reading.complete_module(follower, b)
    db.session.commit()
    assert paths.progress(follower, path).complete
    assert paths.follower_of(follower, path).completed_at is not None
    (event,) = db.session.execute(
        select(LearningEvent).where(LearningEvent.verb == "path_completed")
    ).scalars()
    assert (event.actor_id, event.object_type, event.object_id) == (
        follower.id,
        "learning_path",
        path.id,
    )
    assert event.context["author_id"] == owner.id
    assert event.context["module_id"] == b.id
    # not following: completing every module records nothing for this path
    bystander = make_user()
    reading.complete_module(bystander, a)
    reading.complete_module(bystander, b)
    assert (
        len(
            list(
                db.session.execute(
                    select(LearningEvent).where(LearningEvent.verb == "path_completed")
                ).scalars()
            )
        )
        == 1
    )


def test_following_a_finished_path_shows_it_complete_without_an_event(app):
    a = make_live_module()
    path = make_path(modules=[a])
    reader = make_user()
    reading.complete_module(reader, a)
    follower = paths.follow_path(reader, path)
    assert follower.completed_at is not None
    assert not list(
        db.session.execute(
            select(LearningEvent).where(LearningEvent.verb == "path_completed")
        ).scalars()
    )
    paths.unfollow_path(reader, path)
    assert paths.follower_of(reader, path) is None
