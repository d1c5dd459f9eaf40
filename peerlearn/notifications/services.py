"""Send, list and mark notifications.

Features do not call :func:`notify`: they record learning events, and
:mod:`peerlearn.notifications.subscribers` turns those into notifications.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from blinker import Namespace
from sqlalchemy import Select, func, select, update

from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.notifications.models import Notification

TEXT_MAX = 300

notification_added = Namespace().signal("notification-added")
"""Sent by :func:`notify` once the notification is flushed (it has an id), inside the
transaction that caused it; sender: the :class:`Notification`. E-mail delivery
(``peerlearn.mail``) listens and defers its sending until the transaction commits."""


def notify(user: Any, kind: str, text: str, endpoint: str = "", **values: Any) -> Notification:
    """Add a notification for ``user`` (a User or an id) linking to ``endpoint`` with
    ``values`` (as for ``url_for``; the URL is built when shown). Flushes; never commits."""
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1] + "…"
    notification = Notification(
        user_id=getattr(user, "id", user),
        kind=kind,
        text=text,
        endpoint=endpoint or None,
        endpoint_args=values if endpoint else None,
    )
    db.session.add(notification)
    db.session.flush()
    notification_added.send(notification)
    return notification


def notifications_for(user: Any, unread_only: bool = False) -> Select[Any]:
    """A select of ``user``'s notifications, newest first."""
    stmt = select(Notification).where(Notification.user_id == user.id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    return stmt.order_by(Notification.created_at.desc(), Notification.id.desc())


def unread_count(user: Any) -> int:
    """How many of ``user``'s notifications are unread."""
    return db.session.execute(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ).scalar_one()


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (only ``ids`` when given); return how many changed.

    Other people's notifications are never touched, whatever ids are sent.
    """
    stmt = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    return db.session.execute(stmt).rowcount or 0
