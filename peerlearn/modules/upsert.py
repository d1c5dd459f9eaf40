"""``insert_ignore``: insert a row unless a unique constraint says it already exists.

The one place that knows SQLite and PostgreSQL spell ``INSERT … ON CONFLICT DO NOTHING``
with different SQLAlchemy constructs. Under concurrency the database decides: of two
requests inserting the same (user, module), exactly one row is written and the other
statement does nothing, without an error that would abort the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from peerlearn.extensions import db


def insert_ignore(model: type[Any], values: dict[str, Any], conflict: tuple[str, ...]) -> bool:
    """Insert ``values`` into ``model``'s table; ``True`` if a row was written.

    ``conflict`` names the unique columns; a clash on them is silently skipped.
    """
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(model.id)  # a row back means written (rowcount is not reliable here)
    )
    return db.session.execute(stmt).first() is not None
