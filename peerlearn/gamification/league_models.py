"""Weekly leagues: who opted in and at which tier, the week's cohorts, their members, and
which weeks have been closed (so closing a week twice changes nothing)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.events import utcnow
from peerlearn.extensions import db


class LeagueMember(db.Model):
    """A user's league standing: opted in or not, and their tier (0 is the lowest)."""

    __tablename__ = "league_member"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(Boolean, default=True)
    tier: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LeagueCohort(db.Model):
    """One race of about 30 people in one tier for one week (weeks start on Monday)."""

    __tablename__ = "league_cohort"
    __table_args__ = (UniqueConstraint("week_start", "tier", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    tier: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)


class LeagueEntry(db.Model):
    """A user in a cohort for a week; ``rank`` and ``outcome`` are set when the week closes."""

    __tablename__ = "league_entry"
    __table_args__ = (UniqueConstraint("user_id", "week_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("league_cohort.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    week_start: Mapped[date] = mapped_column(Date)
    rank: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(10))


class LeagueWeek(db.Model):
    """A week whose leagues were closed (promotions and demotions applied)."""

    __tablename__ = "league_week"

    week_start: Mapped[date] = mapped_column(Date, primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)
