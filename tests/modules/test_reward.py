"""The reward moment: completion, quiz and clap answers say what was actually written
(points, badges, level, streak day) or why nothing was earned; pages show it where the
action was, and suggest what to read next."""

from __future__ import annotations

from sqlalchemy import func, select

from peerlearn.extensions import db
from peerlearn.gamification.models import PointsEntry
from tests.factories import QUIZ, make_live_module, make_path, make_user


def _read(client, module, reading_clock, seconds=70):
    assert client.post(f"/api/v1/modules/{module.id}/views").status_code == 201
    reading_clock.advance(seconds + 5)
    client.post(f"/api/v1/modules/{module.id}/reading", json={"seconds": seconds})


def test_completion_answer_carries_what_the_ledger_wrote(app, client, login_as, reading_clock):
    author = make_user()
    module = make_live_module(author)
    reader = make_user()
    login_as(reader)
    _read(client, module, reading_clock)
    done = client.post(f"/api/v1/modules/{module.id}/completion").get_json()
    awarded = done["awarded"]
    written = db.session.execute(
        select(func.sum(PointsEntry.points)).where(PointsEntry.user_id == reader.id)
    ).scalar()
    assert awarded["points"] == written == 10
    assert awarded["lines"] == [{"points": 10, "rule": "Completed a module", "held": False}]
    assert [b["key"] for b in awarded["badges"]] == ["first_completion"]
    badge = awarded["badges"][0]
    assert badge["share_url"].startswith("/badges/") and badge["image_url"].endswith(".svg")
    assert client.get(badge["share_url"]).status_code == 200
    assert awarded["level"]["total"] == 10 and awarded["level"]["points_to_next"] == 40
    assert awarded["streak"] == {"current": 1, "counted_now": True, "today_counted": True}
    assert awarded["given"] == [
        {"points": 2, "rule": "A colleague completed your module", "held": False}
    ]
    assert awarded["messages"] == [] and done["created"] is True
    again = client.post(f"/api/v1/modules/{module.id}/completion").get_json()
    assert again["created"] is False and again["awarded"]["points"] == 0
    assert again["awarded"]["badges"] == []
    assert "first completion only" in again["awarded"]["messages"][0]


def test_a_hasty_completion_says_the_real_minimum(app, client, login_as, reading_clock):
    module = make_live_module()
    login_as(make_user())
    client.post(f"/api/v1/modules/{module.id}/views")
    reading_clock.advance(1)
    awarded = client.post(f"/api/v1/modules/{module.id}/completion").get_json()["awarded"]
    assert awarded["points"] == 0 and awarded["badges"] == []
    assert awarded["streak"]["counted_now"] is False
    assert "Read for at least 30 s" in awarded["messages"][0]
    assert "you read it for 1 s" in awarded["messages"][0]


def test_clap_answer_says_what_the_author_got(app, client, login_as):
    module = make_live_module()
    login_as(make_user())
    first = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 3}).get_json()
    assert first["awarded"]["given"][0]["points"] == 1
    assert first["awarded"]["points"] == 0
    assert "earned the author +1 point" in first["awarded"]["messages"][0]
    second = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 1}).get_json()
    assert second["awarded"]["given"] == []
    assert "already gave it" in second["awarded"]["messages"][0]


def test_failed_quiz_is_honest_and_a_pass_mentions_points(app, client, login_as):
    module = make_live_module(quiz=QUIZ)
    login_as(make_user())
    failed = client.post(f"/m/{module.slug}/quiz", data={"q-0": "1"})
    html = failed.get_data(as_text=True)
    assert "Not quite" in html and "No points for this attempt" in html
    assert "earn 10 points" in html
    api = client.post(f"/api/v1/modules/{module.id}/quiz/attempts", json={"answers": [[1]]})
    # a cooldown follows a failed attempt: the refusal is a clear 4xx, never a reward
    assert api.status_code in (201, 409, 429)


def test_quiz_pass_page_shows_the_reward(app, client, login_as, reading_clock):
    module = make_live_module(quiz=QUIZ)
    login_as(make_user())
    client.post(f"/api/v1/modules/{module.id}/views")
    reading_clock.advance(90)
    html = client.post(f"/m/{module.slug}/quiz", data={"q-0": "0"}).get_data(as_text=True)
    assert "Passed!" in html and 'id="reward"' in html
    assert "+15" in html  # completion 10 + first-try bonus 5
    assert "Completed a module" in html and "Passed a module&#39;s quiz on the first try" in html
    assert "New badge: " in html


def test_page_completion_shows_the_reward_in_the_finish_box(app, client, login_as, reading_clock):
    module = make_live_module()
    login_as(make_user())
    client.post(f"/m/{module.slug}/view")
    reading_clock.advance(45)
    response = client.post(f"/m/{module.slug}/complete", data={})
    assert response.status_code == 302 and response.location.endswith("#finish")
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    finish = html[html.index('id="finish"') :]
    assert finish.index('id="reward"') < finish.index("</section>")
    assert "+10" in finish and "Completed a module" in finish
    assert "Well done" not in html  # no flash at the top any more
    shown_once = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert 'id="reward"' not in shown_once


def test_next_step_is_the_path_then_related_never_completed(app, client, login_as, reading_clock):
    reader = make_user()
    first, second, third = (make_live_module(tags=("sql",)) for _ in range(3))
    path = make_path(modules=[first, second, third], title="SQL basics")
    login_as(reader)
    assert client.put(f"/api/v1/paths/{path.id}/follow").status_code == 200
    _read(client, second, reading_clock)
    done = client.post(f"/api/v1/modules/{second.id}/completion").get_json()
    steps = done["next_steps"]
    assert steps[0]["id"] == third.id and "SQL basics" in steps[0]["why"]
    assert first.id in [s["id"] for s in steps]
    _read(client, third, reading_clock)
    done = client.post(f"/api/v1/modules/{third.id}/completion").get_json()
    assert second.id not in [s["id"] for s in done["next_steps"]]
    assert done["next_steps"][0]["id"] == first.id


def test_own_module_and_held_points_are_said_plainly(app, client, login_as, reading_clock):
    from peerlearn.organisation.services import update_settings
    from peerlearn.permissions import Role

    update_settings(make_user(Role.ADMIN), {"trust_min_days": 7, "trust_min_completions": 3})
    db.session.commit()
    author = make_user()
    module = make_live_module(author)
    login_as(author)
    _read(client, module, reading_clock)
    own = client.post(f"/api/v1/modules/{module.id}/completion").get_json()["awarded"]
    assert own["points"] == 0 and "your own module" in own["messages"][0]
    login_as(make_user())  # a brand-new account: the points it gives wait for review
    clap = client.post(f"/api/v1/modules/{module.id}/claps", json={"count": 2}).get_json()
    assert clap["awarded"]["given"] == [
        {"points": 1, "rule": "A colleague clapped for your module", "held": True}
    ]
    assert "waits for review" in clap["awarded"]["messages"][0]


def test_the_last_reading_report_rides_with_the_finish_form(app, client, login_as, reading_clock):
    """The script's last visible seconds come in the form, so they count for this
    completion instead of racing it in a separate request."""
    module = make_live_module()
    login_as(make_user())
    client.post(f"/m/{module.slug}/view")
    reading_clock.advance(20)
    client.post(f"/m/{module.slug}/reading", data={"seconds": "20"})
    reading_clock.advance(20)
    client.post(f"/m/{module.slug}/complete", data={"visible_seconds": "20.0"})
    html = client.get(f"/m/{module.slug}").get_data(as_text=True)
    assert "+10" in html and "Completed a module" in html
    hasty = make_live_module()
    client.post(f"/m/{hasty.slug}/view")
    reading_clock.advance(5)
    client.post(f"/m/{hasty.slug}/complete", data={"visible_seconds": "500"})  # clock wins
    html = client.get(f"/m/{hasty.slug}").get_data(as_text=True)
    assert "Read for at least 30 s" in html and "you read it for 5 s" in html
