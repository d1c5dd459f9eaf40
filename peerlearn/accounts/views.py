"""Account pages: sign up, sign in, sign out, profile, password and API tokens."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from peerlearn.accounts import auth, services
from peerlearn.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    ProfileForm,
    SignInForm,
    SignUpForm,
    TokenForm,
)
from peerlearn.extensions import db, limiter
from peerlearn.permissions import signed_in_required
from peerlearn.web import safe_next, submit_form

bp = Blueprint("accounts", __name__)


def _failed_sign_in(response: Any) -> bool:
    """Only failed attempts count against the sign-in limits."""
    return request.method == "POST" and response.status_code != 302


def _account_key() -> str:
    return "sign-in:" + services.normalize_email(request.form.get("email", ""))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_IP_LIMIT"],
    methods=["POST"],
    deduct_when=_failed_sign_in,
    scope="sign-in-address",
    error_message="Too many failed sign-ins from your network. Wait a few minutes and retry.",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed_sign_in,
    scope="sign-in-account",
    error_message="Too many failed sign-ins for this account. Wait a few minutes and retry.",
)
def sign_in() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if request.method == "GET" and not form.email.data:
        form.email.data = session.pop("sign_in_email", None)
    ok, started = submit_form(
        form,
        lambda: services.start_session(services.authenticate(form.email.data, form.password.data)),
    )
    if ok and started is not None:
        user = started.user
        auth.begin_session(user, started, remember=form.remember.data)
        flash(f"Welcome back, {user.display_name}.", "success")
        return redirect(safe_next(request.args.get("next"), url_for("home.index")))
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SIGNUP_IP_LIMIT"],
    methods=["POST"],
    scope="sign-up-address",
    error_message="Too many sign-ups from your network. Wait a while and retry.",
)
def sign_up() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    if not current_app.config["SIGNUP_ENABLED"]:
        return render_template("accounts/sign_up_closed.html")
    form = SignUpForm()
    ok, _ = submit_form(
        form,
        lambda: services.sign_up(
            form.email.data, form.display_name.data, form.password.data, form.department_id.data
        ),
    )
    if ok:
        # The same answer whether the address was free or already had an account (then
        # nothing changed): sign-up never reveals who has an account here.
        session["sign_in_email"] = services.normalize_email(form.email.data)
        flash(
            "Now sign in with your e-mail address and the password you chose. If this "
            "address already had an account, its own password still applies.",
            "success",
        )
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/sign_up.html", form=form)


@bp.post("/sign-out")
@signed_in_required
def sign_out() -> Any:
    auth.end_session()
    db.session.commit()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.sign_in"))


@bp.post("/account/sign-out-everywhere")
@signed_in_required
def sign_out_everywhere() -> Any:
    """End every browser session of the current user, this one included (a bare button: the
    CSRF check happens before any view)."""
    services.end_all_sessions(current_user)
    db.session.commit()
    logout_user()
    flash("You are signed out on every device and browser.", "info")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/account/profile", methods=["GET", "POST"])
@signed_in_required
def profile() -> Any:
    form = ProfileForm(obj=current_user)
    ok, _ = submit_form(
        form, lambda: services.update_profile(current_user, current_user, form.changes())
    )
    if ok:
        flash("Profile saved.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, sign_out_form=ConfirmForm())


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in_required
def change_password() -> Any:
    form = ChangePasswordForm()
    user = current_user._get_current_object()

    def change_and_restart() -> Any:
        # Every session ends with the old password; this browser starts a new one.
        services.change_password(user, form.current_password.data, form.new_password.data)
        return services.start_session(user)

    ok, started = submit_form(form, change_and_restart)
    if ok and started is not None:
        auth.begin_session(user, started)
        flash("Password changed. Your other sessions have been signed out.", "success")
        return redirect(url_for("accounts.profile"))
    return render_template("accounts/password.html", form=form)


@bp.route("/account/tokens", methods=["GET", "POST"])
@signed_in_required
def tokens() -> Any:
    form = TokenForm()
    ok, created = submit_form(form, lambda: services.create_token(current_user, form.name.data))
    new_token = created[1] if ok else None
    if ok:
        form = TokenForm(formdata=None)
    return render_template(
        "accounts/tokens.html",
        form=form,
        new_token=new_token,
        tokens=services.list_tokens(current_user),
        revoke_form=ConfirmForm(),
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@signed_in_required
def revoke_token(token_id: int) -> Any:
    token = services.get_token(current_user, token_id)
    services.revoke_token(current_user, token)
    db.session.commit()
    flash(f"Token “{token.name}” revoked: it no longer works.", "success")
    return redirect(url_for("accounts.tokens"))
