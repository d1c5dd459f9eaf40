"""Vetting: submissions of revisions to the review queue, review decisions and the rubric.

The modules, revisions, tags and links themselves are ``peerlearn.content.models``.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.content.models import Module, ModuleRevision, enum_values
from peerlearn.events import utcnow
from peerlearn.extensions import db


class SubmissionState(enum.StrEnum):
    """A revision sent to the reviewers, and what became of it."""

    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Decision(enum.StrEnum):
    """A reviewer's decision on a submission."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"


class Submission(db.Model):
    """A revision in the review queue. Claims and decisions change it with conditional
    UPDATEs (see ``peerlearn.authoring.review``), so two reviewers can never both win."""

    __tablename__ = "submission"
    __table_args__ = (
        CheckConstraint(f"state IN ({enum_values(SubmissionState)})", name="state"),
        Index("ix_submission_state_submitted", "state", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("module_revision.id", ondelete="CASCADE"))
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    state: Mapped[str] = mapped_column(String(20), default=SubmissionState.PENDING.value)
    # Post-publication (or trusted author): the revision went live when it was submitted.
    published_on_submit: Mapped[bool] = mapped_column(Boolean, default=False)
    # The revision readers saw before a post-publication replaced it (to fall back on reject).
    replaced_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", ondelete="SET NULL")
    )
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    claimed_until: Mapped[datetime | None] = mapped_column()
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()

    module: Mapped[Module] = relationship()
    revision: Mapped[ModuleRevision] = relationship(foreign_keys=[revision_id])
    submitted_by: Mapped[Any] = relationship("User", foreign_keys=[submitted_by_id])
    claimed_by: Mapped[Any] = relationship("User", foreign_keys=[claimed_by_id])
    decision: Mapped[ReviewDecision | None] = relationship(
        back_populates="submission", uselist=False
    )

    def claim_is_active(self, now: datetime) -> bool:
        return self.claimed_by_id is not None and (
            self.claimed_until is not None and self.claimed_until > now
        )

    def __repr__(self) -> str:
        return f"<Submission {self.id} module={self.module_id} {self.state}>"


class ReviewDecision(db.Model):
    """What a reviewer decided on a submission: one per submission, kept for history."""

    __tablename__ = "review_decision"
    __table_args__ = (CheckConstraint(f"decision IN ({enum_values(Decision)})", name="decision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submission.id", ondelete="CASCADE"), unique=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    rubric: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[Submission] = relationship(back_populates="decision")
    reviewer: Mapped[Any] = relationship("User")


class RubricCriterion(db.Model):
    """One line of the review rubric (scored 1–5). Admins edit them; defaults until then."""

    __tablename__ = "rubric_criterion"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    help: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
