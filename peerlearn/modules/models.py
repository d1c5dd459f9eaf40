"""What a reader does with a published module: reading progress, completions, quiz attempts,
claps and bookmarks. Comments and learning paths live in ``peerlearn.modules.social_models``.

Each "once per person per module" rule is a unique constraint, so concurrent requests can
never count twice: services insert with ``ON CONFLICT DO NOTHING``
(``peerlearn.dialect.insert_ignore``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.events import utcnow
from peerlearn.extensions import db


class ReadingProgress(db.Model):
    """One reader's relation to one module: when they opened it and how long they read.

    ``visible_seconds`` is the *credited* visible-page time: what the reading script reports,
    but never more than the wall-clock time it could cover. ``credited_until`` is the moment
    up to which time has been credited — the last accepted report, or the opening of the
    current reading session — so a report credits at most ``now - credited_until`` and
    moves it to ``now`` (see ``peerlearn.modules.reading.record_reading_time``). It keeps
    growing on re-reads.
    """

    __tablename__ = "reading_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", name="uq_reading_progress_user_module"),
        Index("ix_reading_progress_module", "module_id"),
        Index("ix_reading_progress_user_last", "user_id", "last_viewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", ondelete="SET NULL")
    )
    view_count: Mapped[int] = mapped_column(Integer, default=1)
    visible_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    first_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_viewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    credited_until: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Any] = relationship("Module")


class Completion(db.Model):
    """A reader finished a module (by the button, or by passing its quiz). Once per module."""

    __tablename__ = "completion"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", name="uq_completion_user_module"),
        CheckConstraint("method IN ('button', 'quiz')", name="method"),
        Index("ix_completion_module_time", "module_id", "completed_at"),
        Index("ix_completion_user_time", "user_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", ondelete="SET NULL")
    )
    method: Mapped[str] = mapped_column(String(10), default="button")
    reading_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    score: Mapped[int | None] = mapped_column(Integer)
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Any] = relationship("Module")


class QuizAttempt(db.Model):
    """One submitted quiz: the answers, the score (0–100) and whether it passed."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "module_id", "number", name="uq_quiz_attempt_user_module_number"
        ),
        CheckConstraint("score >= 0 AND score <= 100", name="score"),
        Index("ix_quiz_attempt_user_time", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", ondelete="SET NULL")
    )
    number: Mapped[int] = mapped_column(Integer)
    answers: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Clap(db.Model):
    """How many times one reader clapped for one module (1..the organisation's cap)."""

    __tablename__ = "clap"
    __table_args__ = (
        UniqueConstraint("user_id", "module_id", name="uq_clap_user_module"),
        CheckConstraint("count >= 0", name="count"),
        Index("ix_clap_module", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Bookmark(db.Model):
    """A module saved to read later."""

    __tablename__ = "bookmark"
    __table_args__ = (UniqueConstraint("user_id", "module_id", name="uq_bookmark_user_module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Any] = relationship("Module")
