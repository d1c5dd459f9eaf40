"""Small helpers shared by the HTML views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from flask import request

if TYPE_CHECKING:
    from peerlearn.errors import ServiceError


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it points at this site, else ``default`` (no open redirects)."""
    if not target:
        return default
    base = urlsplit(request.host_url)
    resolved = urlsplit(urljoin(request.host_url, target))
    if resolved.scheme in {"http", "https"} and resolved.netloc == base.netloc:
        return target if target.startswith("/") and not target.startswith("//") else default
    return default


def form_error(form: Any, exc: ServiceError) -> None:
    """Show a refused service call on ``form``: on its field when it names one, else on top."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    else:
        form.form_errors.append(exc.message)
