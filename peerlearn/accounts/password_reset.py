"""Password reset by e-mail: a signed link that works once, for an hour, and ends every
other session. Asking for one answers the same whether or not the address has an account;
the e-mail itself is sent by a task (``mail.password_reset``), never in the request."""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from peerlearn.accounts.models import User
from peerlearn.accounts.services import (
    check_password_policy,
    end_all_sessions,
    find_user_by_email,
    hash_password,
)
from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.tasks.queue import defer

MAX_AGE_SECONDS = 3600
EXPIRED = "This reset link has expired or was already used. Ask for a new one."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="peerlearn-password-reset")


def _fingerprint(user: User) -> str:
    """Changes when the password (or the session nonce) does: a used link stops working."""
    return hashlib.sha256(f"{user.password_hash}|{user.session_nonce}".encode()).hexdigest()[:20]


def reset_token(user: User) -> str:
    """A token for ``user``'s reset link (valid :data:`MAX_AGE_SECONDS`, once)."""
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def user_for_token(token: str) -> User:
    """The person a valid, unexpired, unused token is for; ServiceError otherwise."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
        user = db.session.get(User, int(data["u"]))
    except (SignatureExpired, BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError(EXPIRED) from None
    if (
        user is None
        or not user.active
        or not secrets.compare_digest(str(data.get("f", "")), _fingerprint(user))
    ):
        raise ServiceError(EXPIRED)
    return user


def request_reset(email: str) -> None:
    """Queue a reset e-mail if ``email`` belongs to an active account; do nothing otherwise.
    The caller answers the same either way. The task is enqueued when the caller commits."""
    user = find_user_by_email(email or "")
    if user is not None and user.active:
        defer("mail.password_reset", user.id, secrets.token_hex(8))


def reset_password(token: str, new_password: str) -> User:
    """Set a new password through a reset link; every session of the account ends. Flushes."""
    user = user_for_token(token)
    check_password_policy(new_password, user.email, field="new_password")
    user.password_hash = hash_password(new_password)
    end_all_sessions(user)
    db.session.flush()
    return user
