"""Reports tables: hourly roll-ups of purged events, export jobs, the export access log and
the xAPI forwarding cursor.

Nothing here has a foreign key to ``learning_event``: roll-ups outlive the raw events they
summarise, and the forwarding cursor is a plain event id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.events import utcnow
from peerlearn.extensions import db

EXPORT_KINDS = ("people", "modules", "events", "xapi")
"""What can be exported: per-person engagement, per-module statistics, raw events, xAPI."""

EXPORT_FORMATS = ("csv", "xlsx", "json")

JOB_STATES = ("queued", "running", "done", "failed")


class EventRollup(db.Model):
    """Raw learning events of one UTC hour, actor, verb and object, summed before a purge.

        ``utc_hour`` counts hours since 1970-01-01 00:00 UTC, so the organisation's time zone is
        applied when reading (it may change). ``flag_count`` counts events whose yes/no outcome
        was yes: a passed quiz attempt, a first publication. ``amount_sum`` adds up the claps
    of ``module_clapped`` events.
    """

    __tablename__ = "report_event_rollup"
    __table_args__ = (
        Index("ix_report_event_rollup_hour_verb", "utc_hour", "verb"),
        Index("ix_report_event_rollup_actor", "actor_id", "utc_hour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    utc_hour: Mapped[int] = mapped_column(BigInteger)
    verb: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int | None] = mapped_column(Integer)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str | None] = mapped_column(String(10))
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    seconds_sum: Mapped[int] = mapped_column(BigInteger, default=0)
    score_sum: Mapped[float] = mapped_column(default=0.0)
    score_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    amount_sum: Mapped[int] = mapped_column(BigInteger, default=0)


class ExportJob(db.Model):
    """An export prepared in the background: its request, progress and finished file."""

    __tablename__ = "report_export_job"
    __table_args__ = (
        CheckConstraint(f"state IN ({', '.join(repr(s) for s in JOB_STATES)})", name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(10))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Why HR asked for an export that names people: for the access log, never shown with
    # the job (another HR colleague may open it).
    justification: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(String(10), default="queued")
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    file_name: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()

    requested_by: Mapped[Any] = relationship("User")

    @property
    def percent(self) -> int:
        """Progress for the page, 0–100 (100 only when the file is ready)."""
        if self.state == "done":
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_done / self.rows_total))


class ExportAccess(db.Model):
    """Who exported what, when, and how: every export download writes one row."""

    __tablename__ = "report_export_access"
    __table_args__ = (Index("ix_report_export_access_time", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    format: Mapped[str] = mapped_column(String(10))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    channel: Mapped[str] = mapped_column(String(10))  # web, api, cli, job
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    justification: Mapped[str | None] = mapped_column(Text)
    """Why HR needed an export that names people (required of HR, optional for admins)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[Any] = relationship("User")


class XapiForwardState(db.Model):
    """The forwarding cursor (one row): events up to ``last_event_id`` reached the LRS."""

    __tablename__ = "report_xapi_forward_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_event_id: Mapped[int] = mapped_column(BigInteger, default=0)
    sent_total: Mapped[int] = mapped_column(BigInteger, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column()
    last_success_at: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)
