"""Comments on modules (one level of replies) and learning paths (ordered modules, followers)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.events import utcnow
from peerlearn.extensions import db


class Comment(db.Model):
    """A comment or a reply (``parent_id`` names a top-level comment; replies never nest).

    Deleting keeps the row (replies stay in context) and clears the text; hiding is a
    reviewer's act with a reason everyone sees.
    """

    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_module_time", "module_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column()
    deleted_at: Mapped[datetime | None] = mapped_column()
    helpful_at: Mapped[datetime | None] = mapped_column()
    hidden_at: Mapped[datetime | None] = mapped_column()
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(300))

    author: Mapped[Any] = relationship("User", foreign_keys=[author_id])
    module: Mapped[Any] = relationship("Module")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_helpful(self) -> bool:
        return self.helpful_at is not None


class LearningPath(db.Model):
    """An ordered list of published modules that anyone may build and others follow."""

    __tablename__ = "learning_path"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    owner: Mapped[Any] = relationship("User")
    items: Mapped[list[LearningPathItem]] = relationship(
        order_by="LearningPathItem.position",
        cascade="all, delete-orphan",
        back_populates="path",
    )


class LearningPathItem(db.Model):
    """One module at one position of a path."""

    __tablename__ = "learning_path_item"
    __table_args__ = (
        UniqueConstraint("path_id", "module_id", name="uq_learning_path_item_path_module"),
        Index("ix_learning_path_item_module", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    path_id: Mapped[int] = mapped_column(ForeignKey("learning_path.id", ondelete="CASCADE"))
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)

    path: Mapped[LearningPath] = relationship(back_populates="items")
    module: Mapped[Any] = relationship("Module")


class PathFollower(db.Model):
    """Someone following a path; ``completed_at`` once they completed every module in it."""

    __tablename__ = "path_follower"
    __table_args__ = (
        UniqueConstraint("path_id", "user_id", name="uq_path_follower_path_user"),
        Index("ix_path_follower_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    path_id: Mapped[int] = mapped_column(ForeignKey("learning_path.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    followed_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column()

    path: Mapped[LearningPath] = relationship()
