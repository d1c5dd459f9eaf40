"""The one Huey instance, the decorators that define tasks, and enqueueing after commit.

Why Huey: PeerLearn's background work is a handful of small jobs (e-mails, exports, a weekly
league close, a nightly purge, forwarding xAPI statements) for one organisation. Huey does
retries with backoff, periodic tasks defined in code and a consumer in one small
dependency, and it runs on Redis (production, shared by every machine) or on a SQLite file
(one machine, no extra service), which Celery and Dramatiq do not offer without a broker.

The broker is chosen by ``PEERLEARN_TASK_BROKER`` when this module is imported (tasks are
defined at import, so the instance must exist then):

- unset or ``sqlite``: a SQLite file ``tasks.sqlite3`` in the instance folder (embedded);
- ``sqlite:////path/file``: that SQLite file;
- ``redis://host:port/db``: Redis;
- ``immediate``: run each task at once in the enqueuing process (the test suite).

Every task runs in an application context of its own (so its own database session and
transaction), commits once when it succeeds, and is logged in :class:`TaskRun`.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from sqlalchemy import delete, event, update
from sqlalchemy.orm import Session

from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.tasks.models import TaskRun

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_RETRIES = 5
DEFAULT_RETRY_DELAY = 30  # seconds before the first retry; doubled for each next one
PENDING_KEY = "peerlearn_deferred_tasks"


def broker_setting() -> str:
    return os.environ.get("PEERLEARN_TASK_BROKER", "").strip() or "sqlite"


def _make_huey(setting: str) -> Huey:
    if setting == "immediate":
        return MemoryHuey("peerlearn", immediate=True, utc=True)
    if setting.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("peerlearn", url=setting, utc=True)
    if setting.startswith("sqlite:///"):
        filename = setting[len("sqlite:///") :]
    elif setting == "sqlite":
        instance = os.environ.get("PEERLEARN_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))
        Path(instance).mkdir(parents=True, exist_ok=True)
        filename = str(Path(instance) / "tasks.sqlite3")
    else:
        raise RuntimeError(
            f"PEERLEARN_TASK_BROKER={setting!r}: use sqlite, sqlite:////file, redis://… "
            "or immediate"
        )
    return SqliteHuey("peerlearn", filename=filename, utc=True)


huey: Huey = _make_huey(broker_setting())


@dataclass(frozen=True)
class Scheduled:
    """A periodic task as the admin page shows it."""

    name: str
    when: str
    description: str


_held: ContextVar[bool] = ContextVar("peerlearn_tasks_held", default=False)
TASKS: dict[str, Any] = {}
SCHEDULE: list[Scheduled] = []
_bound: dict[str, Flask] = {}


def bind(app: Flask) -> None:
    """Tasks run in this application (``init_app`` calls it; nothing else happens here)."""
    _bound["app"] = app


def task_app() -> Flask:
    """The application tasks run in; a worker that was not given one builds it."""
    if "app" not in _bound:
        from peerlearn.app import create_app  # the consumer's own app, built on first use

        create_app()
    return _bound["app"]


def forget_runs_before(moment: datetime) -> int:
    """Delete the log of task runs begun before ``moment``. Flushes; how many went."""
    gone = db.session.execute(delete(TaskRun).where(TaskRun.started_at < moment))
    db.session.flush()
    return gone.rowcount or 0


def _describe(args: tuple[Any, ...]) -> str:
    return ", ".join(repr(a) for a in args)[:200]


def _log(run_id: int, **values: Any) -> None:
    """Update a TaskRun on its own connection (outside the task's transaction)."""
    with db.engine.begin() as connection:
        connection.execute(update(TaskRun).where(TaskRun.id == run_id).values(**values))


def _run(name: str, fn: Callable[..., Any], task: Any, args: tuple[Any, ...]) -> Any:
    """Run ``fn`` in an app context of its own, commit once, log the run; re-raise failures
    so Huey retries them. A task run at once (the ``immediate`` broker) runs in the
    application that enqueued it, not in whichever was built last."""
    app = current_app._get_current_object() if has_app_context() else task_app()
    with app.app_context():
        with db.engine.begin() as connection:
            run_id = connection.execute(
                TaskRun.__table__.insert().values(
                    task_id=getattr(task, "id", "") or "",
                    name=name,
                    args=_describe(args),
                    state="running",
                    retries_left=getattr(task, "retries", 0) or 0,
                    started_at=utcnow(),
                )
            ).inserted_primary_key[0]
        try:
            result = fn(*args)
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            retries = getattr(task, "retries", 0) or 0
            app.logger.warning("Task %s(%s) failed: %s", name, _describe(args), exc)
            _log(
                run_id,
                state="retrying" if retries else "failed",
                error="".join(traceback.format_exception_only(exc)).strip()[:2000],
                finished_at=utcnow(),
            )
            raise
        finally:
            db.session.remove()
        _log(run_id, state="done", finished_at=utcnow())
        return result


def background(
    name: str, retries: int = DEFAULT_RETRIES, retry_delay: int = DEFAULT_RETRY_DELAY
) -> Callable[[Callable[..., Any]], Any]:
    """Define a task named ``name``: retried ``retries`` times, waiting ``retry_delay``
    seconds then twice as long each time. Enqueue it with :func:`defer`."""

    def decorator(fn: Callable[..., Any]) -> Any:
        def execute(*args: Any, task: Any = None) -> Any:
            return _run(name, fn, task, args)

        execute.__name__ = fn.__name__
        wrapped = huey.task(
            retries=retries, retry_delay=retry_delay, retry_backoff=2, context=True, name=name
        )(execute)
        TASKS[name] = wrapped
        return wrapped

    return decorator


def periodic(
    name: str, schedule: Callable[..., bool], when: str, retries: int = 2
) -> Callable[[Callable[[], Any]], Any]:
    """Define a periodic task run when ``schedule`` (a ``huey.crontab``, UTC) matches;
    ``when`` says it in words for the admin page."""

    def decorator(fn: Callable[[], Any]) -> Any:
        def execute(task: Any = None) -> Any:
            return _run(name, fn, task, ())

        execute.__name__ = fn.__name__
        wrapped = huey.periodic_task(
            schedule, retries=retries, retry_delay=60, retry_backoff=2, context=True, name=name
        )(execute)
        TASKS[name] = wrapped
        SCHEDULE.append(Scheduled(name, when, (fn.__doc__ or "").strip().split("\n")[0]))
        return wrapped

    return decorator


def defer(name: str, *args: Any) -> None:
    """Enqueue task ``name`` with ``args`` once the current transaction commits (dropped if
    it rolls back), so a worker never sees a row that was not committed."""
    if name not in TASKS:
        raise KeyError(f"no task named {name!r}")
    if _held.get():
        return
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback, even of nothing else, drops the task
    session.info.setdefault(PENDING_KEY, []).append((name, args))


@contextmanager
def held() -> Iterator[None]:
    """Defer nothing while inside (``seed-demo`` writes 90 days of history: its
    notifications are not news to e-mail)."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def run_now(name: str, *args: Any) -> None:
    """Enqueue ``name`` at once (a CLI trigger, or a task starting another)."""
    TASKS[name](*args)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: nothing is committed yet
        return
    pending = session.info.pop(PENDING_KEY, None)
    for name, args in pending or ():
        TASKS[name](*args)


def _after_soft_rollback(session: Session, previous_transaction: Any) -> None:
    if not previous_transaction.nested:  # a savepoint rolled back: the transaction goes on
        session.info.pop(PENDING_KEY, None)


def listen_for_commits() -> None:
    """Enqueue deferred tasks after every commit (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
