"""Pages and API: progress and history, leaderboards (privacy through the API too), leagues,
the admin editor (validation, version bump, audit) and the reviewers' held points."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import event, select

from peerlearn.events import utcnow
from peerlearn.gamification.hold_models import MutualPair
from peerlearn.gamification.models import CatalogEdit
from peerlearn.permissions import Role
from tests.factories import make_user, record_learning


def _earn(user, n: int, author=None):
    author = author or make_user()
    start = utcnow() - timedelta(hours=1)
    for k in range(n):
        record_learning("module_completed", user, 100 * user.id + k, author=author,
                        at=start + timedelta(minutes=k))  # fmt: skip


def test_progress_page_and_api(client, db, login_as):
    me = make_user(display_name="Me")
    _earn(me, 6)
    login_as(me)
    page = client.get("/progress").get_data(as_text=True)
    assert 'data-testid="total-points">60<' in page
    assert "Level 2: Learner" in page and "90 points to level 3" in page
    assert "First Steps" in page and "Completed a module" in page
    assert "complete v1" not in page  # rules in plain words, not keys
    body = client.get("/api/v1/gamification/me").get_json()
    assert (body["total"], body["level"]["name"], body["points_to_next"]) == (60, "Learner", 90)
    assert body["next_level"]["number"] == 3 and body["level_progress"] == 0.1
    earned = [b for b in body["badges"] if b["earned"]]
    assert [b["key"] for b in earned] == ["first_completion"]
    assert earned[0]["assertion_url"].startswith("http://localhost/openbadges/assertions/")
    locked = {b["key"]: (b["value"], b["target"]) for b in body["badges"] if not b["earned"]}
    assert locked["completions_10"] == (6, 10)
    history = client.get("/api/v1/gamification/me/history?per_page=2").get_json()
    assert history["total"] == 6 and len(history["items"]) == 2
    assert history["items"][0]["reason"] == "Completed a module"
    assert history["items"][0]["held"] is False


def test_leaderboard_api_respects_privacy(client, db, login_as):
    hidden, anon, me = make_user(display_name="Hid"), make_user(), make_user(display_name="Me")
    hidden.leaderboard_visibility, anon.leaderboard_visibility = "hidden", "anonymous"
    db.session.commit()
    for user, n in ((hidden, 3), (anon, 2), (me, 1)):
        _earn(user, n)
    login_as(me)
    for scope in ("company", "department"):
        body = client.get(f"/api/v1/leaderboards?board=learners&period=week&scope={scope}")
        assert "Hid" not in body.get_data(as_text=True)
        assert hidden.id not in [row["user_id"] for row in body.get_json()["top"]]
    body = client.get("/api/v1/leaderboards").get_json()
    assert [(r["rank"], r["name"], r["user_id"]) for r in body["top"]] == [
        (1, "Anonymous learner", None), (2, "Me", me.id)
    ]  # fmt: skip
    assert body["me"]["rank"] == 2 and body["me"]["percentile"] == 0
    html = client.get("/leaderboards?period=all").get_data(as_text=True)
    assert "Anonymous learner" in html and "Hid" not in html
    bad = client.get("/api/v1/leaderboards?period=decade")
    assert bad.status_code == 422 and "period" in bad.get_json()["error"]["fields"]
    login_as(hidden)
    assert client.get("/api/v1/leaderboards").get_json()["me"]["rank"] == 1


def test_leagues_through_the_api(client, db, login_as):
    login_as(make_user(display_name="Racer"))
    joined = client.put("/api/v1/leagues/me").get_json()
    assert joined["opted_in"] is True and joined["tier_name"] == "Bronze"
    assert [row["name"] for row in joined["rows"]] == ["Racer"]
    assert client.delete("/api/v1/leagues/me").status_code == 204
    assert client.get("/api/v1/leagues/me").get_json()["opted_in"] is False


def test_admin_edits_a_rule_with_validation_version_and_audit(client, db, login_as):
    admin = make_user(Role.ADMIN)
    login_as(admin)
    rules = client.get("/api/v1/gamification/rules").get_json()
    assert {r["key"] for r in rules} >= {"complete", "publish", "clap_received"}
    bad = client.patch("/api/v1/gamification/rules/complete", json={"dedupe": "{rule}:{object}"})
    assert bad.status_code == 422
    assert "{rule} and {user}" in bad.get_json()["error"]["message"]
    ok = client.patch("/api/v1/gamification/rules/complete", json={"points": 15})
    assert ok.status_code == 200 and (ok.get_json()["points"], ok.get_json()["version"]) == (15, 2)
    form = {"points": "3", "daily_cap": "", "description": "Peer done"}
    page = client.post("/admin/gamification/rules/peer_completion", data=form)
    assert page.status_code == 302
    refused = client.post("/admin/gamification/rules/peer_completion",
                          data={"points": "-1", "description": "x"})  # fmt: skip
    assert refused.status_code == 422 and "points must be" in refused.get_data(as_text=True)
    badge = client.patch("/api/v1/gamification/badges/completions_10",
                         json={"criterion": {"kind": "count", "counter": "completions",
                                             "at_least": 12}})  # fmt: skip
    assert badge.status_code == 200 and badge.get_json()["version"] == 2
    audit = client.get("/api/v1/gamification/audit").get_json()
    assert [(e["key"], e["version"]) for e in audit["items"]] == [
        ("completions_10", 2), ("peer_completion", 2), ("complete", 2)
    ]  # fmt: skip
    edit = db.session.execute(select(CatalogEdit).where(CatalogEdit.key == "peer_completion"))
    edit = edit.scalar_one()
    assert (edit.before["points"], edit.after["points"], "daily_cap" in edit.after) == (2, 3, False)
    assert "Peer done" in client.get("/admin/gamification").get_data(as_text=True)
    reader = make_user()
    record_learning("module_completed", reader, 1, author=make_user())
    login_as(reader)
    item = client.get("/api/v1/gamification/me/history").get_json()["items"][0]
    assert (item["points"], item["rule_version"]) == (15, 2)


def _farm(a, b, first_module: int) -> None:
    """Three completions each way between ``a`` and ``b``: enough to hold them as a pair."""
    start = utcnow() - timedelta(hours=2)
    for n in range(3):
        record_learning("module_completed", a, first_module + n, author=b,
                        at=start + timedelta(minutes=4 * n))  # fmt: skip
        record_learning("module_completed", b, first_module + 100 + n, author=a,
                        at=start + timedelta(minutes=4 * n + 1))  # fmt: skip


def test_reviewer_releases_held_points_on_the_page_and_api(client, db, login_as):
    a, b = make_user(display_name="Ada Farmer"), make_user(display_name="Ben Farmer")
    _farm(a, b, 500)
    pair = db.session.execute(select(MutualPair)).scalar_one()
    login_as(make_user(Role.REVIEWER))
    listed = client.get("/api/v1/gamification/holds").get_json()
    assert [(p["id"], p["held_points"]) for p in listed] == [(pair.id, 72)]
    assert (listed[0]["user_low_name"], listed[0]["user_high_name"]) == ("Ada Farmer", "Ben Farmer")
    page = client.get("/review/points-holds").get_data(True)
    assert f"Users {a.id} and {b.id}" in page
    assert "<h2>Ada Farmer and Ben Farmer</h2>" in page
    assert "<li>Ada Farmer: +" in page and "<li>Ben Farmer: +" in page
    done = client.post(f"/review/points-holds/{pair.id}", data={"decision": "release"})
    assert done.status_code == 302
    again = client.post(f"/api/v1/gamification/holds/{pair.id}", json={"decision": "void"})
    assert again.status_code == 409
    login_as(a)
    assert client.get("/api/v1/gamification/me").get_json()["total"] == 36


def test_held_points_page_reads_all_names_in_one_query(client, db, login_as):
    people = [make_user(display_name=f"Farmer {n}") for n in range(6)]
    _farm(people[0], people[1], 1000)
    login_as(make_user(Role.REVIEWER))

    def user_selects() -> int:
        seen: list[str] = []

        def record(conn, cursor, statement, *args):
            if re.search(r'\bFROM\s+"?user"?(\s|$)', statement):
                seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            page = client.get("/review/points-holds").get_data(True)
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        assert page.count("<h2>Farmer ") == len(db.session.execute(select(MutualPair)).all())
        return len(seen)

    one_pair = user_selects()
    assert one_pair >= 2  # the signed-in reviewer, then the names
    _farm(people[2], people[3], 2000)
    _farm(people[4], people[5], 3000)
    assert user_selects() == one_pair


def test_admin_badge_page_refuses_a_bad_target_and_keeps_the_badge(client, db, login_as):
    login_as(make_user(Role.ADMIN))
    assert client.get("/admin/gamification/badges/completions_10").status_code == 200
    form = {"name": "Ten done", "description": "Ten modules", "tier": "silver", "target": "ten"}
    refused = client.post("/admin/gamification/badges/completions_10", data=form)
    assert refused.status_code == 422 and "Enter a whole number." in refused.get_data(as_text=True)
    versions = db.session.execute(select(CatalogEdit).where(CatalogEdit.key == "completions_10"))
    assert versions.scalars().all() == []
    saved = client.post("/admin/gamification/badges/completions_10", data={**form, "target": "12"})
    assert saved.status_code == 302


def test_a_refused_rule_edit_before_the_catalog_was_ever_saved(client, db, login_as):
    """The first use seeds the default rules; a refusal must not roll them away (it was a
    500: the page rendered a rule row that the rollback had removed)."""
    login_as(make_user(Role.ADMIN))
    refused = client.post("/admin/gamification/rules/complete", data={"points": "many"})
    assert refused.status_code == 422 and "Enter a whole number." in refused.get_data(as_text=True)
