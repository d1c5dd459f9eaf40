"""Every difference between SQLite and PostgreSQL that application code meets, in one place.

Feature code asks *what* it wants ("insert unless it exists", "the smaller of two values",
"this JSON key as a number") and this module answers in the dialect of the database the
session is bound to. Nothing else in ``peerlearn`` compares dialect names.

What lives here:

- which database we are on: :func:`name`, :func:`is_sqlite`, :func:`is_postgresql`;
- ``INSERT … ON CONFLICT`` (spelt by a different SQLAlchemy construct per dialect):
  :func:`insert_ignore` (do nothing; tells whether a row was written) and :func:`upsert`
  (do update, e.g. add to a counter);
- scalar SQL that differs: :func:`least` (``min()`` vs ``least()``), :func:`epoch_seconds`
  (``strftime('%s')`` vs ``extract(epoch)``);
- reading numbers out of JSON columns: :func:`json_number` and :func:`json_integer`. They
  exist because ``column[key].as_integer()`` is not portable: SQLite returns a stored
  ``61.3`` as it is, PostgreSQL fails on ``CAST('61.3' AS INTEGER)``;
- SQLite connection set-up (WAL, foreign keys, busy timeout): :func:`init_app`.

What lives elsewhere, and why:

- Full-text search stays in ``peerlearn.modules.search``: FTS5 (a virtual table kept in
  step with publications) and ``tsvector`` ranking are two engines of that one feature,
  not a generic SQL difference. It asks this module which database it is on.
- ``peerlearn.config`` rewrites ``postgres://`` URLs for the psycopg driver: configuration,
  before there is any engine.
- Alembic migrations keep their own ``op.get_bind().dialect`` checks: a migration must
  not depend on application code that later changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from flask import Flask
from sqlalchemy import BigInteger, ColumnElement, Integer, Table, cast, event, extract, func
from sqlalchemy.dialects import postgresql, sqlite

from peerlearn.extensions import db

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

__all__ = [
    "epoch_seconds",
    "init_app",
    "insert_ignore",
    "is_postgresql",
    "is_sqlite",
    "json_integer",
    "json_number",
    "least",
    "name",
    "upsert",
]


# --- which database ---------------------------------------------------------------------


def name(bind: Any = None) -> str:
    """The dialect name (``"sqlite"`` or ``"postgresql"``) of ``bind`` (an engine or a
    connection), by default of the bind of the current session."""
    return (bind if bind is not None else db.session.get_bind()).dialect.name


def is_sqlite(bind: Any = None) -> bool:
    """True on SQLite (see :func:`name` for ``bind``)."""
    return name(bind) == SQLITE


def is_postgresql(bind: Any = None) -> bool:
    """True on PostgreSQL (see :func:`name` for ``bind``)."""
    return name(bind) == POSTGRESQL


# --- INSERT … ON CONFLICT ---------------------------------------------------------------


def _table(model: Any) -> Table:
    return model if isinstance(model, Table) else model.__table__


def _insert(table: Table) -> Any:
    dialect = name()
    if dialect == POSTGRESQL:
        return postgresql.insert(table)
    if dialect == SQLITE:
        return sqlite.insert(table)
    raise RuntimeError(f"PeerLearn supports SQLite and PostgreSQL, not {dialect}")


def insert(model: Any) -> Any:
    """The dialect's ``INSERT`` for ``model`` (a mapped class or table), with
    ``on_conflict_do_nothing`` / ``on_conflict_do_update`` and ``excluded``."""
    if isinstance(model, Table):
        return _insert(model)
    dialect = name()
    if dialect == POSTGRESQL:
        return postgresql.insert(model)
    if dialect == SQLITE:
        return sqlite.insert(model)
    raise RuntimeError(f"PeerLearn supports SQLite and PostgreSQL, not {dialect}")


def insert_ignore(model: Any, values: Mapping[str, Any], conflict: Sequence[str]) -> Any | None:
    """``INSERT … ON CONFLICT (conflict) DO NOTHING`` into ``model`` (a mapped class or a
    table): the new row's primary key (its first column), or ``None`` when the row exists.

    The database decides, so it is safe under concurrency: of two transactions inserting the
    same key, one writes and the other waits for it, then does nothing — without an error
    that would abort its transaction. ``conflict`` names the columns of one unique
    constraint; a clash on another constraint still raises ``IntegrityError``.
    """
    table = _table(model)
    key = next(iter(table.primary_key.columns))
    stmt = _insert(table).values(**values).on_conflict_do_nothing(index_elements=list(conflict))
    # A row back means written (rowcount is not reliable for ON CONFLICT on every driver).
    return db.session.execute(stmt.returning(key)).scalar()


def upsert(
    model: Any,
    values: Mapping[str, Any],
    conflict: Sequence[str],
    changes: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]],
) -> None:
    """``INSERT … ON CONFLICT (conflict) DO UPDATE SET changes``: one atomic statement, so
    concurrent increments of one row add up instead of overwriting each other.

    ``changes`` maps columns to new values or SQL expressions (``table.c.n + 1``); pass a
    function to refer to the values the insert proposed: it receives ``excluded`` (for
    example ``lambda new: {"n": table.c.n + new.n}``).
    """
    table = _table(model)
    stmt = _insert(table).values(**values)
    update = changes(stmt.excluded) if callable(changes) else changes
    db.session.execute(stmt.on_conflict_do_update(index_elements=list(conflict), set_=dict(update)))


# --- scalar SQL -------------------------------------------------------------------------


def least(*values: Any) -> ColumnElement[Any]:
    """The smallest of ``values`` in SQL: SQLite's multi-argument ``min()``, PostgreSQL's
    ``least()``."""
    return func.min(*values) if is_sqlite() else func.least(*values)


def epoch_seconds(column: Any) -> ColumnElement[int]:
    """Whole seconds since 1970 (UTC) of a timestamp column."""
    if is_postgresql():
        return cast(func.floor(extract("epoch", column)), BigInteger)
    return cast(func.strftime("%s", column), BigInteger)


def json_number(column: Any, key: str) -> ColumnElement[float]:
    """The number under ``key`` of a JSON column, as a float (``NULL`` when absent).

    Integers and fractions alike (``61`` and ``61.3``): use it for measured quantities.
    """
    return column[key].as_float()


def json_integer(column: Any, key: str) -> ColumnElement[int]:
    """The number under ``key`` of a JSON column as an integer, truncated toward zero
    (``61.9`` → ``61``) on both databases (``NULL`` when absent).

    Prefer it to ``as_integer()``, which returns fractions unchanged on SQLite and fails on
    them on PostgreSQL.
    """
    if is_postgresql():
        return cast(func.trunc(column[key].as_float()), Integer)
    return cast(column[key].as_float(), Integer)


# --- SQLite connections -----------------------------------------------------------------


def init_app(app: Flask) -> None:
    """On SQLite, set WAL, foreign keys and a busy timeout on every new connection, so SQLite
    behaves under a few gunicorn workers. Nothing to do on PostgreSQL."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith(SQLITE):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if ":memory:" not in url:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
