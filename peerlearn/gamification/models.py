"""Gamification tables: the stored rules and badges (with their audit trail), the
append-only points ledger, per-user engine state, period totals and badge awards.

Farming holds are in :mod:`peerlearn.gamification.hold_models`, leagues in
:mod:`peerlearn.gamification.league_models`. Module ids are plain integers (no foreign key):
the gamification engine only knows modules through the learning events it receives.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.events import utcnow
from peerlearn.extensions import db

PERIODS = ("all", "week", "month")
"""Period kinds of the totals: all-time (starting 1970-01-01), ISO week, calendar month."""

BOARDS = ("learner", "author")
"""Points by your own actions (learner) or earned by your content (author)."""

ALL_TIME_START = date(1970, 1, 1)


def _new_uid() -> str:
    return secrets.token_urlsafe(16)


class GameRule(db.Model):
    """A points rule as admins edit it: the TOML table as JSON, validated by ``parse_rule``."""

    __tablename__ = "game_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class GameBadge(db.Model):
    """A badge definition as admins edit it, validated by ``parse_badge``."""

    __tablename__ = "game_badge"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))


class CatalogEdit(db.Model):
    """The audit trail of rule and badge edits: who changed what, from what, to what."""

    __tablename__ = "game_catalog_edit"
    __table_args__ = (CheckConstraint("kind IN ('rule', 'badge')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PointsEntry(db.Model):
    """One append-only ledger line. Never updated or deleted: reversals are new negative
    entries and holds live in their own table. ``dedupe_key`` makes an award happen once."""

    __tablename__ = "points_entry"
    __table_args__ = (
        CheckConstraint("board IN ('learner', 'author')", name="board"),
        Index("ix_points_entry_user_time", "user_id", "occurred_at"),
        Index("ix_points_entry_module", "module_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(Integer)
    rule_key: Mapped[str] = mapped_column(String(64))
    rule_version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300))
    verb: Mapped[str] = mapped_column(String(40))
    board: Mapped[str] = mapped_column(String(10))
    source_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_event.id", ondelete="SET NULL")
    )
    module_id: Mapped[int | None] = mapped_column(Integer)
    # The other party: who acted, for points earned as an author; the module's author, for
    # points earned by acting. Mutual-farming holds look for entries between two people.
    counterpart_id: Mapped[int | None] = mapped_column(Integer)
    department_id: Mapped[int | None] = mapped_column(Integer)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    occurred_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GameState(db.Model):
    """A user's running engine state (the core's ``UserState``): counters, today's tallies,
    last-triggered times and the streak. Its size never grows with the user's history."""

    __tablename__ = "game_state"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    counters: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    points_today: Mapped[dict[str, list[Any]]] = mapped_column(JSON, default=dict)
    last_triggered_at: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    streak_current: Mapped[int] = mapped_column(Integer, default=0)
    streak_longest: Mapped[int] = mapped_column(Integer, default=0)
    streak_last_date: Mapped[date | None] = mapped_column(Date)
    streak_freezes: Mapped[int] = mapped_column(Integer, default=0)
    # The zone the last streak day was counted in, and when (see streaks.ZONE_CHANGE_COOLDOWN).
    streak_zone: Mapped[str | None] = mapped_column(String(64))
    streak_counted_at: Mapped[datetime | None] = mapped_column()


class CounterMark(db.Model):
    """A badge-counter bump already applied (its dedupe key), so it applies once."""

    __tablename__ = "game_counter_mark"

    dedupe_key: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)


class StreakDay(db.Model):
    """A local date on which a user's learning counted for their streak (the calendar)."""

    __tablename__ = "game_streak_day"
    __table_args__ = (UniqueConstraint("user_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)


class UserPoints(db.Model):
    """A user's points in one period (organisation time zone), kept in the event's
    transaction. ``*_reached_at``: when that score was reached (ties rank the earlier first)."""

    __tablename__ = "user_points"
    __table_args__ = (
        UniqueConstraint("user_id", "period", "period_start"),
        CheckConstraint("period IN ('all', 'week', 'month')", name="period"),
        *(
            Index(
                f"ix_user_points_{board}_{scope}",
                "period",
                "period_start",
                *(("department_id",) if scope == "department" else ()),
                f"{board}_points",
                f"{board}_reached_at",
                "user_id",
                # Written as each database writes "listed is true" in a query, so the planner
                # proves the query implies the index's condition.
                postgresql_where=text(f"listed AND {board}_points > 0"),
                sqlite_where=text(f"listed = 1 AND {board}_points > 0"),
            )
            for board in ("learner", "author")
            for scope in ("company", "department")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(5))
    period_start: Mapped[date] = mapped_column(Date)
    learner_points: Mapped[int] = mapped_column(Integer, default=0)
    author_points: Mapped[int] = mapped_column(Integer, default=0)
    learner_reached_at: Mapped[datetime | None] = mapped_column()
    author_reached_at: Mapped[datetime | None] = mapped_column()
    # Copies of the user's, kept in step (gamification.store.keep_listing_in_step), so a board
    # is one partial index: listed = active and not hidden from leaderboards.
    listed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL")
    )

    @property
    def points(self) -> int:
        return self.learner_points + self.author_points


class DepartmentPoints(db.Model):
    """A department's points in one period (attributed to the member's department then)."""

    __tablename__ = "department_points"
    __table_args__ = (
        UniqueConstraint("department_id", "period", "period_start"),
        CheckConstraint("period IN ('all', 'week', 'month')", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(5))
    period_start: Mapped[date] = mapped_column(Date)
    learner_points: Mapped[int] = mapped_column(Integer, default=0)
    author_points: Mapped[int] = mapped_column(Integer, default=0)


class BadgeAward(db.Model):
    """A badge a user earned: once per badge; revoked by an admin, never deleted.
    ``uid`` names its public Open Badges assertion and share page."""

    __tablename__ = "badge_award"
    __table_args__ = (UniqueConstraint("user_id", "badge_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=_new_uid)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    badge_key: Mapped[str] = mapped_column(String(64))
    badge_version: Mapped[int] = mapped_column(Integer)
    source_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_event.id", ondelete="SET NULL")
    )
    awarded_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_reason: Mapped[str | None] = mapped_column(String(300))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
