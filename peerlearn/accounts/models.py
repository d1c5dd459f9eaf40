"""Accounts: users, departments, browser sessions and personal API tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.permissions import Role


class LeaderboardVisibility(enum.StrEnum):
    """How a user appears to others on leaderboards."""

    PUBLIC = "public"
    ANONYMOUS = "anonymous"
    HIDDEN = "hidden"

    @property
    def label(self) -> str:
        return {
            "public": "Public — show my name",
            "anonymous": "Anonymous — show me as “Anonymous learner”",
            "hidden": "Hidden — only I see my rank",
        }[self.value]


def _values(enum_cls: type[enum.Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)


def _new_session_nonce() -> str:
    return secrets.token_hex(8)


class Department(db.Model):
    """A team or department; users belong to at most one."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[User]] = relationship(back_populates="department", lazy="raise_on_sql")

    def __repr__(self) -> str:
        return f"<Department {self.name}>"


class User(UserMixin, db.Model):
    """A person who signs in. Deactivated users keep everything but cannot sign in."""

    __tablename__ = "user"
    __table_args__ = (
        CheckConstraint(f"role IN ({_values(Role)})", name="role"),
        CheckConstraint(
            f"leaderboard_visibility IN ({_values(LeaderboardVisibility)})",
            name="leaderboard_visibility",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.EMPLOYEE.value)
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("department.id", ondelete="SET NULL"), index=True
    )
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    leaderboard_visibility: Mapped[str] = mapped_column(
        String(20), default=LeaderboardVisibility.PUBLIC.value
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Rotated when the password changes or the account is deactivated: old sessions end.
    session_nonce: Mapped[str] = mapped_column(String(16), default=_new_session_nonce)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column()

    department: Mapped[Department | None] = relationship(back_populates="members")
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", lazy="raise_on_sql", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[UserSession]] = relationship(
        back_populates="user", lazy="raise_on_sql", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # flask-login reads this
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def rotate_session_nonce(self) -> None:
        self.session_nonce = _new_session_nonce()

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def _new_session_key() -> str:
    return secrets.token_hex(16)


class UserSession(db.Model):
    """One signed-in browser. Its ``key`` travels in the signed session (and remember-me)
    cookie; signing out deletes the row, so a replayed cookie no longer signs anyone in."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(32), unique=True, default=_new_session_key)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="sessions")


class ApiToken(db.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
