"""Signed links: unsubscribe (no expiry: RFC 8058 links must keep working)."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from peerlearn.errors import NotFoundError


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="peerlearn-unsubscribe")


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A token naming one person and one kind of e-mail."""
    return _unsubscribe_serializer().dumps([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """``(user_id, kind)`` from a token; NotFoundError for a forged or mangled one."""
    try:
        user_id, kind = _unsubscribe_serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFoundError("This unsubscribe link is not valid.") from None
    return int(user_id), str(kind)
