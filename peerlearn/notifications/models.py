"""In-app notifications: a short text and a link target, for one user, read or not."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.routing import BuildError

from peerlearn.events import utcnow
from peerlearn.extensions import db


class Notification(db.Model):
    """Something a user should know about (their module was approved, flagged …).

    The link is stored as a target, ``endpoint`` + ``endpoint_args`` (``url_for`` values,
    ``_anchor`` included), and built when shown, so notifications written outside a request
    (CLI: seed-demo) need no URL and survive a URL change. ``link`` is the path of rows
    written before targets existed (and that the migration could not convert).
    """

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(300), default="")
    endpoint: Mapped[str | None] = mapped_column(String(80))
    endpoint_args: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def url(self) -> str:
        """Where the notification leads, built now (needs an app context); ``""`` when there is
        no target or its endpoint no longer exists."""
        if not self.endpoint:
            return self.link or ""
        try:
            return url_for(self.endpoint, **(self.endpoint_args or {}))
        except (BuildError, ValueError):  # the endpoint or its arguments changed
            return ""
