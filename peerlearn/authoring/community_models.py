"""What readers contribute around modules: flags on published modules and content requests."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.content.models import FlagReason, Module, ModuleRevision, enum_values
from peerlearn.events import utcnow
from peerlearn.extensions import db


class FlagState(enum.StrEnum):
    """``with_author``: an "outdated" flag goes to the author first; ``open``: reviewers'."""

    OPEN = "open"
    WITH_AUTHOR = "with_author"
    DISMISSED = "dismissed"
    ARCHIVED = "archived"
    RESOLVED = "resolved"


OPEN_FLAG_STATES = (FlagState.OPEN.value, FlagState.WITH_AUTHOR.value)


class Flag(db.Model):
    """A reader's report on a published module: once per reader per module."""

    __tablename__ = "flag"
    __table_args__ = (
        UniqueConstraint("module_id", "reader_id", name="module_reader"),
        CheckConstraint(f"reason IN ({enum_values(FlagReason)})", name="reason"),
        CheckConstraint(f"state IN ({enum_values(FlagState)})", name="state"),
        Index("ix_flag_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", ondelete="SET NULL")
    )
    reader_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20), default=FlagState.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolution: Mapped[str] = mapped_column(Text, default="")

    module: Mapped[Module] = relationship()
    revision: Mapped[ModuleRevision | None] = relationship()
    reader: Mapped[Any] = relationship("User", foreign_keys=[reader_id])
    resolved_by: Mapped[Any] = relationship("User", foreign_keys=[resolved_by_id])

    @property
    def reason_enum(self) -> FlagReason:
        return FlagReason(self.reason)


class RequestState(enum.StrEnum):
    OPEN = "open"
    TAKEN = "taken"
    FULFILLED = "fulfilled"


class ContentRequest(db.Model):
    """A topic someone wants a module about. L&D's requests carry ``priority``."""

    __tablename__ = "content_request"
    __table_args__ = (
        CheckConstraint(f"state IN ({enum_values(RequestState)})", name="state"),
        Index("ix_content_request_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    requester_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default=RequestState.OPEN.value)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("module.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    fulfilled_at: Mapped[datetime | None] = mapped_column()

    requester: Mapped[Any] = relationship("User", foreign_keys=[requester_id])
    taken_by: Mapped[Any] = relationship("User", foreign_keys=[taken_by_id])
    module: Mapped[Module | None] = relationship()


class ContentRequestVote(db.Model):
    """One upvote of a request: at most one per person per request."""

    __tablename__ = "content_request_vote"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("content_request.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
