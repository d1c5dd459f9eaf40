"""What the task queue did: one row per task execution, for the admin page."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.events import utcnow
from peerlearn.extensions import db


class TaskRun(db.Model):
    """One execution of a task: a retry is a new row with the same ``task_id``.

    ``state``: running, done, retrying (failed, will run again) or failed (no retries left).
    """

    __tablename__ = "task_run"
    __table_args__ = (Index("ix_task_run_started_at", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(80))
    args: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(10), default="running")
    retries_left: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
