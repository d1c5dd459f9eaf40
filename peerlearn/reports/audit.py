"""The export access log: who exported what, when, and from where."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import has_request_context, request
from sqlalchemy import select

from peerlearn.extensions import db
from peerlearn.reports.models import ExportAccess


def record_access(
    actor: Any,
    kind: str,
    fmt: str,
    filters: dict[str, Any],
    channel: str,
    justification: str | None = None,
) -> ExportAccess:
    """Append one access row, with HR's justification for a named export (flushes)."""
    safe = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in filters.items()}
    entry = ExportAccess(
        user_id=getattr(actor, "id", None),
        kind=kind,
        format=fmt,
        filters=safe,
        channel=channel,
        justification=justification,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def recent_access(limit: int = 200) -> list[ExportAccess]:
    """The latest accesses, newest first."""
    return list(
        db.session.execute(
            select(ExportAccess).order_by(ExportAccess.id.desc()).limit(limit)
        ).scalars()
    )
