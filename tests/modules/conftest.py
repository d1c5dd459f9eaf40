"""Fixtures for the catalog tests: an empty SQLite search index around every test.

The FTS5 table is not in the models' metadata, so the suite's table emptying does not reach
it; ids restart after emptying, so stale rows would otherwise describe new modules.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from peerlearn.extensions import db as _db
from peerlearn.modules.search import FTS_TABLE, create_fts_table


def _empty_index() -> None:
    with _db.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            create_fts_table(conn)
            conn.execute(text(f"DELETE FROM {FTS_TABLE}"))


@pytest.fixture(autouse=True)
def empty_search_index(app) -> Iterator[None]:
    _empty_index()
    yield
    _db.session.remove()
    _empty_index()
