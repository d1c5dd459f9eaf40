"""/api/v1/notifications: your notifications, and marking them read."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import page_of
from peerlearn.extensions import db
from peerlearn.notifications import services
from peerlearn.notifications.schemas import (
    MarkedSchema,
    MarkReadSchema,
    NotificationListArgsSchema,
    NotificationSchema,
)
from peerlearn.permissions import signed_in_required

blp = ApiBlueprint(
    "notifications_api",
    __name__,
    url_prefix="/api/v1/notifications",
    description="Your in-app notifications.",
)


@blp.get("")
@signed_in_required
@blp.arguments(NotificationListArgsSchema, location="query")
@blp.response(200, page_of(NotificationSchema))
def list_notifications(args: dict[str, Any]) -> dict[str, Any]:
    """Your notifications, newest first (``unread=true`` for the unread ones only)."""
    stmt = services.notifications_for(current_user, unread_only=args["unread"])
    return paginate(stmt, args["page"], args["per_page"])


@blp.post("/read")
@signed_in_required
@blp.arguments(MarkReadSchema)
@blp.response(200, MarkedSchema)
def mark_read(body: dict[str, Any]) -> dict[str, int]:
    """Mark some (``ids``) or all of your notifications read."""
    marked = services.mark_read(current_user, body.get("ids"))
    db.session.commit()
    return {"marked": marked, "unread": services.unread_count(current_user)}
