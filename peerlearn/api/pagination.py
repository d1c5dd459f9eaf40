"""The one pagination convention: ``?page=&per_page=`` in, a page object out."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select

from peerlearn.extensions import db


def paginate(stmt: Select[Any], page: int, per_page: int) -> dict[str, Any]:
    """Run ``stmt`` for one page; return ``{items, page, per_page, total, pages}``."""
    result = db.paginate(stmt, page=page, per_page=per_page, error_out=False, count=True)
    return {
        "items": list(result.items),
        "page": page,
        "per_page": per_page,
        "total": result.total or 0,
        "pages": result.pages,
    }
