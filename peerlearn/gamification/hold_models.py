"""Held-points tables: who paid whom points (and when), the cases between two people whose
points are held — a pair or a ring mostly farming each other, a one-way giver or a new
account paying someone — and the ledger entries held until a reviewer decides."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.events import utcnow
from peerlearn.extensions import db

PAIR_STATES = ("open", "released", "voided")
PAIR_KINDS = ("mutual", "ring", "one_way", "new_account")
SUBJECT_KINDS = ("one_way", "new_account")
"""Cases about what one person (the ``subject``) gives the other; only those points wait."""
HOLD_STATES = ("held", "released", "voided")


class Interaction(db.Model):
    """One payment: ``actor``'s action paid ``author`` ``points`` (see
    :func:`farming.payment`; for a review the author pays the reviewer, stored as ``actor``
    and ``author`` respectively). Detection counts them over a sliding window
    (:data:`farming.WINDOW`), so an old honest history does not hide a ring formed this
    month; the reviewer reads them as evidence."""

    __tablename__ = "game_interaction"
    __table_args__ = (
        Index("ix_game_interaction_actor_time", "actor_id", "occurred_at"),
        Index("ix_game_interaction_author_time", "author_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    verb: Mapped[str] = mapped_column(String(40), default="", server_default="")
    points: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    occurred_at: Mapped[datetime] = mapped_column()


class MutualPair(db.Model):
    """A held case between two people. ``kind``: ``mutual`` (they mostly pay each other),
    ``ring`` (both belong to a small group paying each other, named in ``evidence``),
    ``one_way`` (``subject`` sends most of what it pays to the other) or ``new_account``
    (``subject`` is a new account). In the last two only the points the subject gives the
    other are held, never its own learning points.

    open: the points are held; released: a reviewer (or, for a new account that grew a
    normal history, the engine) let them count, and later ones count normally; voided: a
    reviewer struck them (and later ones are struck too).
    """

    __tablename__ = "game_mutual_pair"
    __table_args__ = (
        UniqueConstraint("user_low_id", "user_high_id"),
        CheckConstraint("user_low_id < user_high_id", name="ordered"),
        CheckConstraint("status IN ('open', 'released', 'voided')", name="status"),
        CheckConstraint("kind IN ('mutual', 'ring', 'one_way', 'new_account')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_low_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    user_high_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default="open")
    kind: Mapped[str] = mapped_column(String(12), default="mutual", server_default="mutual")
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    detected_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(300), default="")

    @property
    def parties(self) -> set[int]:
        """Everyone the case is about: the pair, a new account, every member of a ring."""
        parties = {self.user_low_id, self.user_high_id, *(self.evidence or {}).get("members", [])}
        if self.subject_id is not None:
            parties.add(self.subject_id)
        return parties


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
