"""What writers and readers share: modules, their immutable revisions, tags and links.

Readers see ``Module.published_revision`` while the author works on ``Module.draft_revision``.
Vetting (submissions, review decisions, the rubric) is ``peerlearn.authoring.models``; flags
and content requests are ``peerlearn.authoring.community_models``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.events import utcnow
from peerlearn.extensions import db


def enum_values(enum_cls: type[enum.Enum]) -> str:
    """``'a', 'b'`` for a CHECK constraint listing an enum's values."""
    return ", ".join(f"'{member.value}'" for member in enum_cls)


class ModuleState(enum.StrEnum):
    """Where a module is in its life. Edits of a published module keep it ``published``."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    REJECTED = "rejected"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Origin(enum.StrEnum):
    """Who stands behind a module: a peer, or L&D (``official``)."""

    PEER = "peer"
    OFFICIAL = "official"


module_tag = Table(
    "module_tag",
    db.metadata,
    Column("module_id", ForeignKey("module.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Tag(db.Model):
    """A topic. Names are normalised (lower case, single spaces) and unique."""

    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Tag {self.name}>"


class Module(db.Model):
    """A micro-learning module: its identity, state and which revisions are current."""

    __tablename__ = "module"
    __table_args__ = (
        CheckConstraint(f"state IN ({enum_values(ModuleState)})", name="state"),
        CheckConstraint(f"origin IN ({enum_values(Origin)})", name="origin"),
        Index("ix_module_state_review_by", "state", "review_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=ModuleState.DRAFT.value)
    origin: Mapped[str] = mapped_column(String(10), default=Origin.PEER.value)
    # use_alter: module and module_revision point at each other.
    draft_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", use_alter=True, ondelete="SET NULL")
    )
    published_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_revision.id", use_alter=True, ondelete="SET NULL")
    )
    review_by: Mapped[date | None] = mapped_column(Date)
    first_published_at: Mapped[datetime | None] = mapped_column()
    archived_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[Any] = relationship("User", foreign_keys=[author_id])
    draft_revision: Mapped[ModuleRevision | None] = relationship(
        foreign_keys=[draft_revision_id], post_update=True
    )
    published_revision: Mapped[ModuleRevision | None] = relationship(
        foreign_keys=[published_revision_id], post_update=True
    )
    tags: Mapped[list[Tag]] = relationship(secondary=module_tag, order_by=Tag.name)

    @property
    def state_enum(self) -> ModuleState:
        return ModuleState(self.state)

    @property
    def is_live(self) -> bool:
        """Whether readers see it."""
        return self.state == ModuleState.PUBLISHED and self.published_revision_id is not None

    @property
    def has_pending_edit(self) -> bool:
        """A published (or archived) module with a newer working revision."""
        return (
            self.published_revision_id is not None
            and self.draft_revision_id is not None
            and self.draft_revision_id != self.published_revision_id
        )

    @property
    def current_revision(self) -> ModuleRevision | None:
        """What the author works on: the draft, else the published revision."""
        return self.draft_revision or self.published_revision

    @property
    def title(self) -> str:
        revision = self.published_revision or self.draft_revision
        return revision.title if revision else self.slug

    def is_stale(self, today: date) -> bool:
        """Past its review-by date: readers see "may be outdated"."""
        return self.review_by is not None and self.review_by < today

    def __repr__(self) -> str:
        return f"<Module {self.slug} {self.state}>"


REVISION_CONTENT = (
    "module_id",
    "number",
    "title",
    "summary",
    "body_markdown",
    "body_html",
    "tags",
    "quiz",
    "estimated_minutes",
    "word_count",
    "author_id",
)


class RevisionImmutable(Exception):
    """A submitted or published revision was about to change: a bug, never user input."""


class ModuleRevision(db.Model):
    """One version of a module's content. Frozen (immutable) once submitted or published."""

    __tablename__ = "module_revision"
    __table_args__ = (UniqueConstraint("module_id", "number", name="module_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(200), default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    quiz: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    estimated_minutes: Mapped[int] = mapped_column(Integer, default=1)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    frozen_at: Mapped[datetime | None] = mapped_column()

    module: Mapped[Module] = relationship(foreign_keys=[module_id])
    author: Mapped[Any] = relationship("User", foreign_keys=[author_id])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def question_count(self) -> int:
        return len((self.quiz or {}).get("questions", []))

    def __repr__(self) -> str:
        return f"<ModuleRevision {self.module_id}#{self.number}>"


@event.listens_for(ModuleRevision, "before_update")
def _refuse_changes_to_frozen(_mapper: Any, _connection: Any, revision: ModuleRevision) -> None:
    """The invariant behind "revisions are immutable": frozen content never changes."""
    state = inspect(revision)
    frozen = state.attrs.frozen_at.history
    if any(value is not None for value in frozen.deleted):
        raise RevisionImmutable(f"{revision!r} cannot be unfrozen")
    was_frozen = not frozen.has_changes() and revision.frozen_at is not None
    if was_frozen and any(state.attrs[name].history.has_changes() for name in REVISION_CONTENT):
        raise RevisionImmutable(f"{revision!r} is frozen; save a new revision instead")


@event.listens_for(ModuleRevision, "before_delete")
def _refuse_deleting_frozen(_mapper: Any, _connection: Any, revision: ModuleRevision) -> None:
    if revision.frozen_at is not None:
        raise RevisionImmutable(f"{revision!r} is frozen and cannot be deleted")


class ModuleLink(db.Model):
    """A ``[[slug]]`` link from one revision to a module: the source of backlinks."""

    __tablename__ = "module_link"

    revision_id: Mapped[int] = mapped_column(
        ForeignKey("module_revision.id", ondelete="CASCADE"), primary_key=True
    )
    target_slug: Mapped[str] = mapped_column(String(80), primary_key=True, index=True)


class FlagReason(enum.StrEnum):
    """Why a reader flags a published module (the flag itself is authoring's ``Flag``)."""

    INACCURATE = "inaccurate"
    OUTDATED = "outdated"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "inaccurate": "Inaccurate — something in it is wrong",
            "outdated": "Outdated — it was right, but things have changed",
            "inappropriate": "Inappropriate — it should not be here",
            "other": "Something else",
        }[self.value]
