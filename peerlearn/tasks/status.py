"""What the admin page and API show: recent task runs, recent failures, the schedule."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.tasks.models import TaskRun
from peerlearn.tasks.queue import SCHEDULE, broker_setting, huey

RECENT = 30


def recent_runs(limit: int = RECENT, failed_only: bool = False) -> list[TaskRun]:
    """The latest task runs, newest first (only those that failed when ``failed_only``)."""
    stmt = select(TaskRun).order_by(TaskRun.started_at.desc(), TaskRun.id.desc()).limit(limit)
    if failed_only:
        stmt = stmt.where(TaskRun.state.in_(("failed", "retrying")))
    return list(db.session.execute(stmt).scalars())


def broker_name() -> str:
    """The broker in words, without any password in its URL."""
    setting = broker_setting()
    if setting.startswith(("redis://", "rediss://")):
        return "Redis"
    return "immediate (in the request's process)" if huey.immediate else "SQLite (embedded)"


def overview() -> dict[str, Any]:
    """Everything the page shows, as plain data (the API returns the same)."""
    try:
        pending: int | None = huey.pending_count()
        scheduled: int | None = huey.scheduled_count()
    except Exception:  # the broker is down: say so rather than fail the page
        pending = scheduled = None
    return {
        "broker": broker_name(),
        "pending": pending,
        "scheduled": scheduled,
        "schedule": [
            {"name": s.name, "when": s.when, "description": s.description}
            for s in sorted(SCHEDULE, key=lambda s: s.name)
        ],
        "failures": recent_runs(20, failed_only=True),
        "runs": recent_runs(),
    }
