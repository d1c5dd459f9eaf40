"""The admin page for organisation settings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.organisation import services
from peerlearn.organisation.registry import SETTINGS
from peerlearn.permissions import admin_required

bp = Blueprint("organisation", __name__, url_prefix="/admin")


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings() -> Any:
    values = services.all_settings()
    errors: dict[str, str] = {}
    if request.method == "POST":
        changes = {
            d.key: (d.key in request.form) if d.kind == "bool" else request.form.get(d.key, "")
            for d in SETTINGS
        }
        try:
            services.update_settings(current_user, changes)
        except ServiceError as exc:
            db.session.rollback()
            errors[exc.field or ""] = exc.message
            values = {**values, **changes}
        else:
            db.session.commit()
            flash("Settings saved.", "success")
            return redirect(url_for("organisation.settings"))
    groups: dict[str, list[Any]] = {}
    for definition in SETTINGS:
        groups.setdefault(definition.group, []).append(definition)
    return render_template(
        "organisation/settings.html", groups=groups, values=values, errors=errors
    ), (422 if errors else 200)
