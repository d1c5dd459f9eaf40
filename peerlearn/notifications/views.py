"""The notifications page and its "mark all read" button."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.extensions import db
from peerlearn.notifications import services
from peerlearn.permissions import signed_in_required
from peerlearn.web import safe_next

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@signed_in_required
def index() -> Any:
    page = db.paginate(
        services.notifications_for(current_user),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("notifications/index.html", page=page)


@bp.post("/notifications/read")
@signed_in_required
def mark_read() -> Any:
    """Mark all read, or the one notification named by ``id`` (then follow its link)."""
    one = request.form.get("id", type=int)
    services.mark_read(current_user, [one] if one else None)
    db.session.commit()
    if one:
        return redirect(safe_next(request.form.get("next"), url_for("notifications.index")))
    flash("All notifications marked read.", "success")
    return redirect(url_for("notifications.index"))
