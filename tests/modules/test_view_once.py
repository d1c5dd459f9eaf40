"""A view is a view: one visit records one ``module_viewed``, however many actions redirect
back to the module page; a visit after the window records another."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.modules import reading
from tests.factories import make_live_module, make_user


def views_of(user, module) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(LearningEvent)
        .where(
            LearningEvent.verb == Verb.MODULE_VIEWED,
            LearningEvent.actor_id == user.id,
            LearningEvent.object_id == module.id,
        )
    ).scalar_one()


def test_a_visit_and_four_actions_through_the_pages_record_one_view(app, client, login_as):
    module = make_live_module()
    reader = make_user()
    login_as(reader)
    assert client.get(f"/m/{module.slug}").status_code == 200
    assert client.post(f"/m/{module.slug}/reading", data={"seconds": "90"}).status_code == 204
    for action, data in (
        ("complete", {}),
        ("claps", {"count": "2"}),
        ("bookmark", {}),
        ("comments", {"body": "Thanks!"}),
    ):
        response = client.post(f"/m/{module.slug}/{action}", data=data)
        assert response.status_code == 302, action
        back = response.headers["Location"].split("#")[0]
        assert back == f"/m/{module.slug}", action
        assert client.get(back).status_code == 200  # the browser follows back to the page
    assert views_of(reader, module) == 1
    progress = reading.progress_of(reader, module)
    assert progress.view_count == 1 and progress.visible_seconds == 90.0


def test_a_visit_after_the_window_records_a_second_view(app):
    module = make_live_module()
    reader, other = make_user(), make_user()
    opened = reading.view_module(reader, module).last_viewed_at
    reading.view_module(other, module, now=opened + timedelta(minutes=1))  # someone else's
    reading.view_module(reader, module, now=opened + timedelta(minutes=29))
    assert views_of(reader, module) == 1
    progress = reading.view_module(reader, module, now=opened + timedelta(minutes=31))
    db.session.commit()
    assert views_of(reader, module) == 2 and views_of(other, module) == 1
    assert progress.view_count == 2
    assert progress.last_viewed_at == opened + timedelta(minutes=31)  # progress still moves
    last = db.session.execute(
        select(LearningEvent.occurred_at)
        .where(LearningEvent.actor_id == reader.id)
        .order_by(LearningEvent.id.desc())
        .limit(1)
    ).scalar_one()
    assert last == opened + timedelta(minutes=31)
    assert timedelta(minutes=30) == reading.VIEW_WINDOW
