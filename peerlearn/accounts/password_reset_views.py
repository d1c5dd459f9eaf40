"""Password reset pages and API: ask for a link (throttled, the same answer for every
address) and choose a new password through it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from marshmallow import Schema, fields, validate
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from peerlearn.accounts import password_reset
from peerlearn.accounts.services import PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, normalize_email
from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.errors import ServiceError
from peerlearn.extensions import db, limiter
from peerlearn.web import submit_form

bp = Blueprint("password_reset", __name__)
blp = ApiBlueprint(
    "password_reset_api",
    __name__,
    url_prefix="/api/v1/password-reset",
    description="Password reset by e-mail link (no sign-in needed).",
)
SENT = (
    "If an account uses that address, a link to reset its password is on its way. "
    "It works once, for one hour."
)


def _limit() -> str:
    return current_app.config.get("PASSWORD_RESET_LIMIT", "5 per 15 minutes")


def _address_key() -> str:
    body = request.get_json(silent=True)
    email = request.form.get("email") or (body.get("email", "") if isinstance(body, dict) else "")
    return "password-reset:" + normalize_email(str(email))


def _throttled(fn: Any) -> Any:
    """At most PASSWORD_RESET_LIMIT requests per network address and per e-mail address."""
    fn = limiter.limit(_limit, key_func=_address_key, methods=["POST"], scope="reset-account",
                       error_message="Too many reset requests for this address. Wait a few "
                       "minutes and retry.")(fn)  # fmt: skip
    return limiter.limit(_limit, methods=["POST"], scope="reset-network",
                         error_message="Too many reset requests from your network. Wait a few "
                         "minutes and retry.")(fn)  # fmt: skip


class ForgotPasswordForm(FlaskForm):
    # As on the sign-in form: any address the accounts could hold (demo ones end in .test,
    # which a deliverability check refuses); one without an account gets the same answer.
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])


class ResetPasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)],
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[DataRequired(), EqualTo("new_password", "Passwords differ.")],
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@_throttled
def forgot() -> Any:
    form = ForgotPasswordForm()
    ok, _ = submit_form(form, lambda: password_reset.request_reset(form.email.data))
    if ok:
        flash(SENT, "info")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/password_forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str) -> Any:
    try:
        person = password_reset.user_for_token(token)
    except ServiceError as exc:
        return render_template("accounts/password_reset.html", form=None, error=exc.message)
    form = ResetPasswordForm()
    ok, _ = submit_form(form, lambda: password_reset.reset_password(token, form.new_password.data))
    if ok:
        flash("Your password is changed and every session is signed out. Sign in.", "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template(
        "accounts/password_reset.html", form=form, error=None, person=person,
        signed_in=current_user.is_authenticated,
    )  # fmt: skip


class ResetRequestSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class ResetConfirmSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(max=500))
    new_password = fields.String(required=True, validate=validate.Length(max=PASSWORD_MAX_LENGTH))


class ResetRequestedSchema(Schema):
    message = fields.String(required=True)


@blp.post("")
@blp.doc(security=[])  # for people who cannot sign in: no token
@_throttled
@blp.arguments(ResetRequestSchema)
@blp.response(202, ResetRequestedSchema)
def request_reset(body: dict[str, str]) -> dict[str, str]:
    """E-mail a reset link if an account uses ``email``; the answer is the same either way."""
    password_reset.request_reset(body["email"])
    db.session.commit()
    return {"message": SENT}


@blp.post("/confirm")
@blp.doc(security=[])  # the link's token is the credential
@blp.arguments(ResetConfirmSchema)
@blp.response(204)
def confirm_reset(body: dict[str, str]) -> None:
    """Set a new password with the link's ``token``; every session of the account ends."""
    password_reset.reset_password(body["token"], body["new_password"])
    db.session.commit()
