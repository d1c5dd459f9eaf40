"""The task queue in the embedded (immediate) mode of the test suite: enqueued on commit
only, each run logged, retries with backoff, the admin page, its API and the CLI."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.gamification.league_models import LeagueWeek
from peerlearn.gamification.leagues import this_week
from peerlearn.permissions import Role
from peerlearn.tasks.models import TaskRun
from peerlearn.tasks.queue import TASKS, background, defer, held, huey
from tests.factories import make_user

CALLS: list[str] = []


@background("test.record", retries=0)
def record(word: str) -> None:
    CALLS.append(word)


@background("test.flaky", retries=2, retry_delay=0)
def flaky(word: str) -> None:
    CALLS.append(word)
    if CALLS.count(word) < 2:
        raise RuntimeError(f"{word}: the server said no")


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()
    yield
    CALLS.clear()


def _runs() -> list[tuple[str, str]]:
    db.session.rollback()
    return [
        (r.name, r.state)
        for r in db.session.execute(select(TaskRun).order_by(TaskRun.id)).scalars()
    ]


def test_a_deferred_task_runs_only_when_the_transaction_commits(app, db):
    defer("test.record", "rolled back")
    db.session.rollback()
    defer("test.record", "committed")
    assert CALLS == []
    db.session.commit()
    assert CALLS == ["committed"]
    assert _runs() == [("test.record", "done")]
    with pytest.raises(KeyError):
        defer("no.such.task")


def test_a_savepoint_is_not_a_commit(app, db):
    defer("test.record", "outer")
    with db.session.begin_nested():
        defer("test.record", "inner")
    assert CALLS == [], "releasing a savepoint commits nothing"
    with pytest.raises(RuntimeError), db.session.begin_nested():
        raise RuntimeError("the savepoint rolls back; the transaction goes on")
    db.session.commit()
    assert CALLS == ["outer", "inner"]


def test_nothing_is_deferred_while_held(app, db):
    with held():  # what seed-demo does: its history is not news to e-mail
        defer("test.record", "held")
        db.session.commit()
    defer("test.record", "after")
    db.session.commit()
    assert CALLS == ["after"]


def test_a_failing_task_is_retried_and_every_run_is_logged(app, db):
    TASKS["test.flaky"]("once")
    assert CALLS == ["once", "once"]
    assert _runs() == [("test.flaky", "retrying"), ("test.flaky", "done")]
    failed = db.session.execute(select(TaskRun).where(TaskRun.state == "retrying")).scalar_one()
    assert "the server said no" in failed.error and failed.retries_left == 2


def test_retries_back_off(app):
    task = huey.task(retries=3, retry_delay=30, retry_backoff=2)(lambda: None).s()
    assert (task.retries, task.retry_delay, task.retry_backoff) == (3, 30, 2)


def test_the_admin_page_and_api_show_schedule_failures_and_runs(app, db, client, login_as):
    TASKS["test.flaky"]("page")
    login_as(make_user(Role.ADMIN))
    page = client.get("/admin/tasks").get_data(as_text=True)
    for name in ("leagues.close_week", "reports.purge", "mail.streak_reminders", "mail.digests"):
        assert name in page
    assert "the server said no" in page and "will retry" in page
    body = client.get("/api/v1/admin/tasks").get_json()
    assert {s["name"] for s in body["schedule"]} >= {"leagues.close_week", "reports.purge"}
    assert [r["state"] for r in body["runs"]] == ["done", "retrying"]
    assert body["failures"][0]["error"].endswith("the server said no")


def test_the_cli_runs_a_periodic_task_now_and_it_is_idempotent(app, db, runner):
    assert "leagues.close_week" in runner.invoke(args=["tasks", "schedule"]).output
    for _ in range(2):
        result = runner.invoke(args=["tasks", "run", "leagues.close_week"])
        assert result.exit_code == 0, result.output
    weeks = db.session.execute(select(LeagueWeek.week_start)).scalars().all()
    assert weeks == [this_week() - timedelta(days=7)], "closed once"
    assert _runs() == [("leagues.close_week", "done")] * 2
    assert runner.invoke(args=["tasks", "run", "nope"]).exit_code != 0


@pytest.mark.parametrize(
    ("broker", "flag", "starts"),
    [
        ("", "", True),  # make run: the embedded SQLite queue needs its consumer
        ("sqlite:////tmp/q.db", "", True),
        ("redis://127.0.0.1:6379/1", "", False),  # shared: each machine would run the schedule
        ("redis://127.0.0.1:6379/1", "true", True),
        ("", "false", False),
        ("immediate", "true", False),
    ],
)
def test_gunicorn_starts_a_consumer_only_for_its_own_queue(monkeypatch, broker, flag, starts):
    import runpy

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    monkeypatch.setenv("PEERLEARN_TASK_BROKER", broker)
    monkeypatch.setenv("PEERLEARN_EMBEDDED_WORKER", flag)
    assert config["_wanted"]() is starts


def test_pruning_forgets_old_runs_e_mails_and_sessions_and_keeps_recent_ones(app, db, runner):
    from peerlearn.accounts.models import UserSession
    from peerlearn.events import utcnow
    from peerlearn.mail.models import SentEmail

    user, now = make_user(), utcnow()
    for age in (timedelta(days=400), timedelta(days=1)):
        db.session.add(TaskRun(task_id="x", name="old", state="done", started_at=now - age))
        db.session.add(SentEmail(dedupe_key=f"k{age.days}", user_id=user.id, kind="review",
                                 subject="s", created_at=now - age))  # fmt: skip
        db.session.add(UserSession(user_id=user.id, created_at=now - age))
    db.session.commit()
    result = runner.invoke(args=["tasks", "run", "maintenance.prune"])
    assert result.exit_code == 0, result.output
    runs = db.session.execute(select(TaskRun.name)).scalars().all()
    assert sorted(runs) == ["maintenance.prune", "old"]  # the recent one and this very run
    assert db.session.execute(select(SentEmail.dedupe_key)).scalars().all() == ["k1"]
    assert len(db.session.execute(select(UserSession)).scalars().all()) == 1
