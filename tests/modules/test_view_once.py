"""A view is a view: one visit records one ``module_viewed``, however many actions redirect
back to the module page; a visit after the window records another. The page's GET writes
nothing: its script reports the view, and a reader without the script finishes with the
page's signed opening time."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest.mock import patch

from flask_login import login_user
from itsdangerous import TimestampSigner
from sqlalchemy import func, select

from peerlearn.events import LearningEvent, Verb
from peerlearn.extensions import db
from peerlearn.modules import reading
from peerlearn.modules.views import opened_token
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


def test_a_visit_and_four_actions_through_the_pages_record_one_view(
    app, client, login_as, reading_clock
):
    module = make_live_module()
    reader = make_user()
    login_as(reader)
    assert client.get(f"/m/{module.slug}").status_code == 200
    assert views_of(reader, module) == 0  # the GET itself writes nothing
    assert client.post(f"/m/{module.slug}/view").status_code == 204  # the page's script
    reading_clock.advance(90)
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
        assert client.post(f"{back}/view").status_code == 204  # … and its script reports
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


def opened_two_minutes_ago(app, reader, module) -> str:
    """The token the module page would have rendered for ``reader`` two minutes ago."""
    with (
        app.test_request_context(),
        patch.object(TimestampSigner, "get_timestamp", lambda _self: int(time.time()) - 120),
    ):
        login_user(reader)
        return opened_token(module)


def test_the_page_get_writes_nothing_and_counts_no_view(app, client, login_as):
    module = make_live_module()
    reader = make_user()
    login_as(reader)
    for _ in range(3):
        assert client.get(f"/m/{module.slug}").status_code == 200
    assert views_of(reader, module) == 0
    assert reading.progress_of(reader, module) is None


def test_without_the_script_finishing_counts_from_the_signed_opening(app, client, login_as):
    module = make_live_module()
    reader = make_user()
    login_as(reader)
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert re.search(r'name="opened" type="hidden" value="[^"]+"', html)  # in the finish form
    token = opened_two_minutes_ago(app, reader, module)
    assert client.post(f"/m/{module.slug}/complete", data={"opened": token}).status_code == 302
    completion = reading.completion_of(reader, module)
    assert 119 <= completion.reading_seconds <= 130  # opened two minutes ago, not now
    assert views_of(reader, module) == 1  # the view is recorded, at the opening


def test_a_forged_or_foreign_opening_token_counts_nothing(app, client, login_as):
    module, other_module = make_live_module(), make_live_module()
    reader = make_user()
    login_as(reader)
    foreign = opened_two_minutes_ago(app, reader, other_module)
    client.post(f"/m/{module.slug}/complete", data={"opened": foreign})
    assert reading.completion_of(reader, module).reading_seconds < 5
    client.post(f"/m/{other_module.slug}/complete", data={"opened": foreign[:-2] + "xx"})
    assert reading.completion_of(reader, other_module).reading_seconds < 5
