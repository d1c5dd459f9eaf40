"""Wire notifications into the application: the page, the API, the header's unread count and
the learning-event subscribers that write notifications."""

from __future__ import annotations

from typing import Any

from flask import Flask, g
from flask_login import current_user

from peerlearn.api.blueprint import register
from peerlearn.notifications import api, subscribers, views
from peerlearn.notifications.services import unread_count


def _unread_notifications() -> int:
    """For the header: the signed-in user's unread count (0 when signed out), counted once
    per request however many templates ask."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(current_user)
    return g.unread_notifications


def init_app(app: Flask) -> None:
    """Register the page, the API blueprint, the header's unread count and the subscribers."""
    subscribers.connect()
    app.register_blueprint(views.bp)
    register(api.blp)

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {"unread_notifications": _unread_notifications}
