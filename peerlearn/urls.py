"""URL safety, shared by the error handlers and the views."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from flask import request

_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it points at this site, else ``default`` (no open redirects).

    Control characters (a CR/LF would split the ``Location`` header) and backslashes (which
    browsers read as ``/``, so ``/\\evil.example`` leaves the site) are refused outright.
    """
    if not target or _UNSAFE.search(target):
        return default
    base = urlsplit(request.host_url)
    resolved = urlsplit(urljoin(request.host_url, target))
    if resolved.scheme in {"http", "https"} and resolved.netloc == base.netloc:
        return target if target.startswith("/") and not target.startswith("//") else default
    return default
