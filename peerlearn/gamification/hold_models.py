"""Mutual-farming detection tables: who gave whom points-earning attention, the pairs found
to mostly farm each other, and the ledger entries held until a reviewer decides."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.events import utcnow
from peerlearn.extensions import db

PAIR_STATES = ("open", "released", "voided")
HOLD_STATES = ("held", "released", "voided")


class InteractionEdge(db.Model):
    """How many of ``actor``'s points-earning completions and claps went to ``author``."""

    __tablename__ = "game_interaction_edge"

    actor_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    count: Mapped[int] = mapped_column(Integer, default=0)


class MutualPair(db.Model):
    """Two people who mostly complete and clap each other's modules.

    open: their mutual points are held; released: a reviewer let them count (and later ones
    count normally); voided: a reviewer struck them (and later ones are struck too).
    """

    __tablename__ = "game_mutual_pair"
    __table_args__ = (
        UniqueConstraint("user_low_id", "user_high_id"),
        CheckConstraint("user_low_id < user_high_id", name="ordered"),
        CheckConstraint("status IN ('open', 'released', 'voided')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_low_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    user_high_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")


class PointsHold(db.Model):
    """A ledger entry kept out of the totals while its pair is examined (``held``), let in
    (``released``) or struck for good (``voided``). The entry itself never changes."""

    __tablename__ = "points_hold"
    __table_args__ = (CheckConstraint("state IN ('held', 'released', 'voided')", name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("points_entry.id", ondelete="CASCADE"), unique=True
    )
    pair_id: Mapped[int] = mapped_column(
        ForeignKey("game_mutual_pair.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(10), default="held")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
