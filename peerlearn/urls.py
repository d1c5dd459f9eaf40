"""URL safety, shared by the error handlers and the views."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import request


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it points at this site, else ``default`` (no open redirects)."""
    if not target:
        return default
    base = urlsplit(request.host_url)
    resolved = urlsplit(urljoin(request.host_url, target))
    if resolved.scheme in {"http", "https"} and resolved.netloc == base.netloc:
        return target if target.startswith("/") and not target.startswith("//") else default
    return default
