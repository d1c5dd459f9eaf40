"""A real consumer process: the task is enqueued by one process, consumed by
``python -m peerlearn.tasks.worker`` in another, on the embedded SQLite broker and on Redis
(database 15 of 127.0.0.1:6379, flushed before and after; skipped when Redis is down)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from huey.storage import RedisStorage, SqliteStorage
from sqlalchemy import select

from peerlearn.tasks.models import TaskRun
from peerlearn.tasks.queue import TASKS, huey
from tests.factories import make_user

REDIS_URL = "redis://127.0.0.1:6379/15"


@contextmanager
def enqueuing_to(broker: str) -> Iterator[None]:
    """This process's queue (immediate in tests) writes to ``broker`` for a while."""
    saved = huey.storage, huey._immediate
    if broker.startswith("redis://"):
        huey.storage = RedisStorage(name="peerlearn", url=broker)
    else:
        huey.storage = SqliteStorage(name="peerlearn", filename=broker[len("sqlite:///") :])
    huey._immediate = False
    try:
        yield
    finally:
        huey.storage, huey._immediate = saved


@pytest.fixture(params=["sqlite", "redis"])
def broker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tasks.sqlite3'}"
        return
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    client.flushdb()
    try:
        yield REDIS_URL
    finally:
        client.flushdb()
        client.close()


def test_a_worker_process_consumes_the_queue(app, db, mailbox, broker, tmp_path):
    user = make_user(email="worker@example.com")
    env = {
        **os.environ,
        "PEERLEARN_TASK_BROKER": broker,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "PEERLEARN_INSTANCE_PATH": str(tmp_path),
        "PEERLEARN_SMTP_URL": app.config["SMTP_URL"],
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "peerlearn.tasks.worker", "--workers", "1", "--no-periodic"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        with enqueuing_to(broker):
            TASKS["mail.password_reset"](user.id, "worker-test")
        messages = mailbox.wait_for(1, timeout=30)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            worker.kill()
            output = worker.communicate()[0].decode(errors="replace")
    assert [m["Subject"] for m in messages] == ["Reset your password"], output
    assert messages[0]["To"].endswith("<worker@example.com>")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        db.session.rollback()
        runs = db.session.execute(select(TaskRun)).scalars().all()
        if runs and runs[0].state == "done":
            break
        time.sleep(0.1)
    assert [(r.name, r.state) for r in runs] == [("mail.password_reset", "done")], output
