"""Wire e-mail into the application: its tasks, the pages (settings, unsubscribe), the API,
and the seam with notifications: a notification added in a transaction is e-mailed by a
task enqueued when that transaction commits."""

from __future__ import annotations

from typing import Any

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.mail import api, models, tasks, views  # noqa: F401  (tasks: registers them)
from peerlearn.notifications.services import notification_added
from peerlearn.tasks.queue import defer


def _email_notification(notification: Any, **_: Any) -> None:
    defer("mail.notification", notification.id)


def init_app(app: Flask) -> None:
    """Register the pages and API, and e-mail notifications as they are added."""
    notification_added.connect(_email_notification, weak=False)
    app.register_blueprint(views.bp)
    register(api.blp)
