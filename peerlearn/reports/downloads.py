"""Streaming download responses shared by the pages and the API."""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator
from typing import Any

from flask import Response, current_app

from peerlearn.reports.metrics import ReportQuery
from peerlearn.reports.tables import Table, events_filter
from peerlearn.reports.writers import MIME, csv_chunks, xlsx_chunks
from peerlearn.reports.xapi import statements


def _file_name(kind: str, query: ReportQuery, fmt: str) -> str:
    period = query.period
    dept = f"-dept{query.department_id}" if query.department_id else ""
    return f"peerlearn-{kind}-{period.start.isoformat()}-to-{period.end.isoformat()}{dept}.{fmt}"


def in_app_context(body: Iterator[Any]) -> Iterator[Any]:
    """Run a not-yet-started generator inside an app context of its own.

    The request (and its database session) is over by the time the server sends the body,
    so the rows are read in a fresh app context. Every step runs in one private
    ``contextvars.Context``, so the context is pushed and popped in the same place whoever
    iterates (a WSGI server thread, or a test client that reads the body elsewhere).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def run() -> Iterator[Any]:
        with app.app_context():
            yield from body

    inner, private = run(), contextvars.Context()

    def outer() -> Iterator[Any]:
        try:
            while True:
                try:
                    chunk = private.run(next, inner)
                except StopIteration:
                    return
                yield chunk
        finally:
            private.run(inner.close)

    return outer()


def attachment(body: Iterator[Any], name: str, fmt: str) -> Response:
    """A streamed attachment; ``body`` must not have started (it runs in its own context)."""
    response = Response(in_app_context(body), mimetype=MIME[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def table_download(table: Table, fmt: str, query: ReportQuery) -> Response:
    """A CSV (streamed row by row) or XLSX (spooled to disk, then streamed) export."""
    if fmt == "xlsx":
        body: Iterator[Any] = xlsx_chunks(table.name, table.header, table.rows(), table.formats)
    else:
        body = csv_chunks(table.header, table.rows())
    return attachment(body, _file_name(table.name, query, fmt), fmt)


def json_array(items: Iterator[dict[str, Any]]) -> Iterator[str]:
    """A JSON array, one item at a time."""
    yield "["
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def xapi_download(query: ReportQuery) -> Response:
    """All statements of the period as one streamed JSON array."""
    return attachment(
        json_array(statements(events_filter(query))), _file_name("xapi", query, "json"), "json"
    )
