"""The admin page for organisation settings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.errors import ServiceError
from peerlearn.organisation import services
from peerlearn.organisation.registry import SETTINGS
from peerlearn.permissions import admin_required
from peerlearn.web import submit_form

bp = Blueprint("organisation", __name__, url_prefix="/admin")


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings() -> Any:
    values = services.all_settings()
    errors: dict[str, str] = {}
    changes = {
        d.key: (d.key in request.form) if d.kind == "bool" else request.form.get(d.key, "")
        for d in SETTINGS
    }

    def refused(exc: ServiceError) -> None:
        errors[exc.field or ""] = exc.message
        values.update(changes)  # show what was typed

    # Plain fields, one per registered setting: the service validates them.
    ok, _ = submit_form(
        None, lambda: services.update_settings(current_user, changes), refused=refused
    )
    if ok:
        flash("Settings saved.", "success")
        return redirect(url_for("organisation.settings"))
    groups: dict[str, list[Any]] = {}
    for definition in SETTINGS:
        groups.setdefault(definition.group, []).append(definition)
    return render_template(
        "organisation/settings.html", groups=groups, values=values, errors=errors
    ), (422 if errors else 200)
