"""How a request becomes a user: the session cookie, or an API token on /api/ paths."""

from __future__ import annotations

from flask import Response, abort, current_app, request
from flask_login import current_user

from peerlearn.accounts import services
from peerlearn.accounts.models import User
from peerlearn.extensions import csrf, db, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def load_user(session_id: str) -> User | None:
    """The session's user, unless deactivated or their password changed since."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    return user


def authenticate_api_request() -> None:
    """Before every /api/ request: a Bearer token wins; a session needs a CSRF token to write.

    A bad token is a 401, never a fall-back to the session.
    """
    if not request.path.startswith("/api/"):
        return
    header = request.headers.get("Authorization")
    if header is None:
        if (
            request.method not in SAFE_METHODS
            and request.routing_exception is None  # a 404/405 answers as such, first
            and current_app.config.get("WTF_CSRF_ENABLED", True)
            and current_user.is_authenticated
        ):
            csrf.protect()
        return
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        abort(401, "Send your API token as 'Authorization: Bearer <token>'.")
    user = services.authenticate_token(raw.strip())
    if user is None:
        abort(401, "This API token is unknown, revoked, or its account is deactivated.")
    # No commit here: the "last used" note rides on the request's own transaction.
    login_manager._update_request_context_with_user(user)


def commit_token_use(response: Response) -> Response:
    """After a read-only API request, commit the token's "last used" note (at most once a
    minute per token); writing requests committed it with their own changes."""
    if (
        request.method in SAFE_METHODS
        and response.status_code < 400
        and services.token_use_pending()
    ):
        db.session.commit()
    return response
