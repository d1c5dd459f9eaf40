"""E-mail pages: your e-mail settings, and the signed unsubscribe link (RFC 8058: a POST
with ``List-Unsubscribe=One-Click`` from the mail client unsubscribes without a page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from peerlearn.errors import ServiceError
from peerlearn.extensions import csrf, db
from peerlearn.mail import preferences
from peerlearn.mail.kinds import BY_KEY, KINDS
from peerlearn.mail.tokens import read_unsubscribe_token
from peerlearn.permissions import signed_in_required
from peerlearn.web import submit_form

bp = Blueprint("mail", __name__)


@bp.route("/account/email", methods=["GET", "POST"], endpoint="preferences")
@signed_in_required
def preferences_page() -> Any:
    errors: dict[str, str] = {}

    def refused(exc: ServiceError) -> None:
        errors[exc.field or ""] = exc.message

    changes = {kind.key: request.form[kind.key] for kind in KINDS if kind.key in request.form}
    ok, _ = submit_form(
        None,
        lambda: preferences.set_preferences(current_user, current_user.id, changes),
        refused=refused,
    )
    if ok:
        flash("E-mail settings saved.", "success")
        return redirect(url_for("mail.preferences"))
    chosen = preferences.preferences_for(current_user.id)
    if request.method == "POST":
        chosen = {**chosen, **{k: v for k, v in changes.items() if v}}
    return render_template("mail/preferences.html", kinds=KINDS, chosen=chosen, errors=errors)


@bp.get("/email/unsubscribe/<token>")
def unsubscribe_page(token: str) -> Any:
    """Ask before turning anything off (a GET never changes anything: link scanners)."""
    _user_id, kind = read_unsubscribe_token(token)
    return render_template("mail/unsubscribe.html", done=False, kind=BY_KEY.get(kind), token=token)


@bp.post("/email/unsubscribe/<token>")
@csrf.exempt
def unsubscribe(token: str) -> Any:
    """Turn one kind of e-mail off for the person the signed token names."""
    user_id, kind = read_unsubscribe_token(token)
    preferences.unsubscribe(user_id, kind)
    db.session.commit()
    if request.form.get("List-Unsubscribe") == "One-Click":
        return "Unsubscribed.\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("mail/unsubscribe.html", done=True, kind=BY_KEY[kind], token=token)
