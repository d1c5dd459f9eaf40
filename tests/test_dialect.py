"""``peerlearn.dialect`` on real rows, on whichever database the suite runs (SQLite by default,
PostgreSQL with ``PEERLEARN_TEST_DATABASE_URL``).

The helpers work on a probe table of their own (created and dropped here), so these tests say
nothing about any feature's models and no feature's change can break them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, func, select
from sqlalchemy.exc import IntegrityError

from peerlearn import dialect
from peerlearn.extensions import UTCDateTime

probe_metadata = MetaData()
probe = Table(
    "dialect_probe",
    probe_metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(40), nullable=False, unique=True),
    Column("n", Integer, nullable=False, default=0),
    Column("note", String(40)),
    Column("data", JSON),
    Column("at", UTCDateTime()),
)


@pytest.fixture
def table(db: Any) -> Iterator[Table]:
    probe_metadata.create_all(db.engine)
    yield probe
    db.session.remove()
    probe_metadata.drop_all(db.engine)


def _rows(db: Any) -> list[Any]:
    return list(db.session.execute(select(probe).order_by(probe.c.id)))


def test_which_database(db):
    assert dialect.name() == db.engine.dialect.name
    assert dialect.is_sqlite() != dialect.is_postgresql()
    with db.engine.connect() as connection:
        assert dialect.name(connection) == dialect.name()
        assert dialect.is_sqlite(connection) == dialect.is_sqlite()


def test_insert_ignore_inserts_then_ignores_a_duplicate(db, table):
    first = dialect.insert_ignore(table, {"key": "a", "n": 1, "note": "first"}, ["key"])
    assert isinstance(first, int)
    again = dialect.insert_ignore(table, {"key": "a", "n": 2, "note": "second"}, ("key",))
    assert again is None
    other = dialect.insert_ignore(table, {"key": "b", "n": 3}, ["key"])
    assert other not in (None, first)
    db.session.commit()
    assert [(r.id, r.key, r.n, r.note) for r in _rows(db)] == [
        (first, "a", 1, "first"),  # the duplicate changed nothing
        (other, "b", 3, None),
    ]


def test_insert_ignore_still_refuses_a_clash_on_another_constraint(db, table):
    first = dialect.insert_ignore(table, {"key": "a"}, ["key"])
    with pytest.raises(IntegrityError), db.session.begin_nested():
        dialect.insert_ignore(table, {"id": first, "key": "b"}, ["key"])
    db.session.commit()
    assert [r.key for r in _rows(db)] == ["a"]


def test_concurrent_insert_ignore_writes_one_row(app, db, table):
    """The second transaction waits for the first, then does nothing, without an error."""
    mine = dialect.insert_ignore(table, {"key": "same", "note": "mine"}, ["key"])
    assert mine is not None  # written, not committed yet
    theirs: list[Any] = []
    errors: list[BaseException] = []

    def other_request() -> None:
        try:
            with app.app_context():
                theirs.append(
                    dialect.insert_ignore(table, {"key": "same", "note": "theirs"}, ["key"])
                )
                db.session.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=other_request)
    thread.start()
    time.sleep(0.3)
    assert thread.is_alive(), "the other insert should wait for this transaction"
    db.session.commit()
    thread.join(timeout=15)
    assert not errors and theirs == [None]
    assert [(r.key, r.note) for r in _rows(db)] == [("same", "mine")]


def test_upsert_inserts_then_updates(db, table):
    dialect.upsert(table, {"key": "a", "n": 5}, ["key"], {"n": table.c.n + 1})
    dialect.upsert(table, {"key": "a", "n": 5}, ["key"], {"n": table.c.n + 1})
    dialect.upsert(table, {"key": "a", "n": 10}, ["key"], lambda new: {"n": table.c.n + new.n})
    dialect.upsert(table, {"key": "b", "n": 7}, ["key"], lambda new: {"n": table.c.n + new.n})
    db.session.commit()
    assert [(r.key, r.n) for r in _rows(db)] == [("a", 16), ("b", 7)]


def test_concurrent_upserts_add_up(app, db, table):
    """Increments in concurrent transactions never overwrite each other."""
    errors: list[BaseException] = []

    def add_ones() -> None:
        try:
            with app.app_context():
                for _ in range(5):
                    dialect.upsert(table, {"key": "c", "n": 1}, ["key"], {"n": table.c.n + 1})
                    db.session.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=add_ones) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert [(r.key, r.n) for r in _rows(db)] == [("c", 10)]


def test_least(db, table):
    for key, n in (("a", 3), ("b", 8), ("c", 5)):
        dialect.insert_ignore(table, {"key": key, "n": n}, ["key"])
    smallest = db.session.execute(
        select(table.c.key, dialect.least(table.c.n, 5)).order_by(table.c.key)
    ).all()
    assert [tuple(row) for row in smallest] == [("a", 3), ("b", 5), ("c", 5)]


def test_epoch_seconds(db, table):
    moments = [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2024, 2, 29, 23, 59, 59, 999_000, tzinfo=UTC),  # fractions are dropped
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),
    ]
    for number, moment in enumerate(moments):
        dialect.insert_ignore(table, {"key": str(number), "at": moment}, ["key"])
    seconds = db.session.execute(
        select(dialect.epoch_seconds(table.c.at)).order_by(table.c.id)
    ).scalars()
    assert list(seconds) == [0, int(moments[1].timestamp()), int(moments[2].timestamp())]


def test_json_numbers(db, table):
    """Fractions read as numbers, and as integers truncated toward zero, on both databases
    (``as_integer()`` fails on PostgreSQL for a stored ``61.3``)."""
    values = [61.3, 61.9, 42, -2.5, None]
    for number, value in enumerate(values):
        data = {} if value is None else {"seconds": value}
        dialect.insert_ignore(table, {"key": str(number), "data": data}, ["key"])
    rows = db.session.execute(
        select(
            dialect.json_number(table.c.data, "seconds"),
            dialect.json_integer(table.c.data, "seconds"),
        ).order_by(table.c.id)
    ).all()
    assert [number for number, _ in rows] == [pytest.approx(61.3), 61.9, 42, -2.5, None]
    assert [integer for _, integer in rows] == [61, 61, 42, -2, None]
    total = db.session.execute(
        select(func.sum(dialect.json_number(table.c.data, "seconds")))
    ).scalar_one()
    assert total == pytest.approx(162.7)
