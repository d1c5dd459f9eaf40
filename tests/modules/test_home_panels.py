"""Home's panels and My learning's counts: "Continue learning" is colleagues' modules you
started, trending leaves out what you completed, done markers, and one source for "counts
for badges"."""

from __future__ import annotations

from peerlearn.extensions import db
from peerlearn.modules import queries, reading
from tests.factories import make_department, make_live_module, make_user


def test_continue_learning_is_colleagues_modules_started_not_finished(app):
    me = make_user()
    mine = make_live_module(me)
    theirs, done = make_live_module(), make_live_module()
    for module in (mine, theirs, done):
        reading.view_module(me, module)
    reading.complete_module(me, done)
    db.session.commit()
    assert [m.id for m, _ in queries.in_progress(me)] == [theirs.id]


def test_trending_leaves_out_what_you_completed_and_wrote(app):
    team = make_department("Team")
    me, colleague = make_user(department=team), make_user(department=team)
    mine, read_it, fresh = make_live_module(me), make_live_module(), make_live_module()
    for module in (mine, read_it, fresh):
        reading.complete_module(colleague, module)
    reading.complete_module(me, read_it)
    db.session.commit()
    assert [m.id for m in queries.trending_in_department(me)] == [fresh.id]


def test_home_and_my_learning_count_from_one_source(app, client, login_as, reading_clock):
    me = make_user()
    own, hasty, read = make_live_module(me), make_live_module(), make_live_module()
    login_as(me)
    for module in (own, hasty, read):
        client.post(f"/api/v1/modules/{module.id}/views")
    reading_clock.advance(2)
    client.post(f"/api/v1/modules/{own.id}/completion")
    client.post(f"/api/v1/modules/{hasty.id}/completion")
    reading_clock.advance(60)
    client.post(f"/api/v1/modules/{read.id}/reading", json={"seconds": 55})
    client.post(f"/api/v1/modules/{read.id}/completion")
    summary = queries.learning_summary(me)
    assert (summary["completed"], summary["counted"]) == (3, 1)
    home = client.get("/").get_data(as_text=True)
    assert "3 modules completed · 1 count for badges" in home
    learning = client.get("/learning").get_data(as_text=True)
    assert "<dt>Count for badges</dt><dd>1 " in learning
    progress = client.get("/progress").get_data(as_text=True)
    assert "1 of 10 completions that count" in progress  # the 10-completions badge agrees
