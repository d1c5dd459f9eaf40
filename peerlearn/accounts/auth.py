"""How a request becomes a user: the session cookie, or an API token on /api/ paths.

The session (and remember-me) cookie holds ``user id:nonce:session key``. The nonce ends
every session of the user at once (password change, deactivation, "sign out everywhere");
the key names one ``UserSession`` row, deleted when that browser signs out, so a copied or
replayed cookie stops working server-side.
"""

from __future__ import annotations

from flask import Response, abort, current_app, request, session
from flask_login import current_user, login_user, logout_user

from peerlearn.accounts import services
from peerlearn.accounts.models import User, UserSession
from peerlearn.extensions import csrf, db, login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_id_for(user: User, key: str) -> str:
    """What the session (and remember-me) cookie holds: ``user id:nonce:session key``."""
    return f"{user.get_id()}:{key}"


def begin_session(user: User, started: UserSession, remember: bool = False) -> None:
    """Sign ``user`` in on this browser with the server-side session ``started`` (made by
    ``services.start_session`` in the request's one transaction): cookies only, no database."""
    login_user(user, remember=remember)
    session["_user_id"] = session_id_for(user, started.key)


def end_session() -> None:
    """Sign this browser out server-side (the caller commits). A session from before
    session rows existed has no key of its own: then every session of the user ends."""
    user = current_user._get_current_object()
    key = session_key()
    if key:
        services.end_session(user, key)
    else:
        services.end_all_sessions(user)
    logout_user()


def session_key() -> str | None:
    """The key of the browser session signing this request in, if any."""
    parts = str(session.get("_user_id", "")).split(":")
    return parts[2] if len(parts) > 2 and parts[2] else None


def load_user(session_id: str) -> User | None:
    """The session's user, unless deactivated, their password changed since (the nonce), or
    this browser session was signed out (its key is gone)."""
    user_id, _, rest = session_id.partition(":")
    nonce, _, key = rest.partition(":")
    if not user_id.isdigit() or len(user_id) > 10:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_nonce != nonce:
        return None
    if key and not services.session_is_live(user, key):
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
