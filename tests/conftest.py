"""Shared fixtures: ``app``, ``db``, ``client``, ``runner``, ``login_as``, ``snapshots``,
``seeded_demo`` and ``reading_clock``.

The suite runs on SQLite by default and on PostgreSQL when ``PEERLEARN_TEST_DATABASE_URL``
names a server: each pytest worker then creates a throwaway database and drops it at the end.
Tables are created once per worker and emptied after every test, so tests may commit and
use several connections (concurrency tests need real commits).

A starting point that is costly to build (the seeded demo organisation, the authorization
matrix's people and modules) is built once per worker (the demo: once per run on SQLite)
and kept as a snapshot of the whole database, which ``snapshots.restore`` puts back: SQLite
copies it with the online backup API in milliseconds, PostgreSQL with ``CREATE DATABASE …
TEMPLATE`` when that is cheaper than building again.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import pickle
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: every worker builds its own snapshots
    fcntl = None  # type: ignore[assignment]

import pytest

# Tasks run at once in the enqueuing process (the broker is chosen when peerlearn.tasks is
# imported); tests/tasks/test_worker.py runs real consumers on SQLite and Redis.
os.environ.setdefault("PEERLEARN_TASK_BROKER", "immediate")

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from peerlearn.app import create_app
from peerlearn.extensions import db as _db
from peerlearn.extensions import limiter
from peerlearn.modules.search_index import INDEX_TABLES as SEARCH_INDEX_TABLES
from peerlearn.modules.search_synonyms import clear_cache as clear_synonyms_cache
from peerlearn.organisation.services import forget_cached_settings

PG_ENV = "PEERLEARN_TEST_DATABASE_URL"
T = TypeVar("T")


def _normalise(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Databases:
    """This worker's throwaway databases: empty ones for apps, and snapshots of a database's
    whole state that can be put back into it. All are dropped when the session ends."""

    def __init__(self, server_url: str | None, tmp_path_factory: pytest.TempPathFactory):
        self.admin_url = make_url(_normalise(server_url)) if server_url else None
        self.tmp_path_factory = tmp_path_factory
        self.made: list[str] = []
        # SQLite snapshots that xdist workers share live beside the workers' own temp dirs.
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        self.shared_dir = tmp_path_factory.getbasetemp().parent if worker else None
        # About what putting a snapshot back costs: SQLite copies pages in milliseconds;
        # PostgreSQL drops the database and creates it again from the copy (~0.3-2 s).
        self.load_seconds = 0.0 if self.admin_url is None else 1.0

    def _admin(self, *statements: str) -> None:
        engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
        engine.dispose()

    def _new_name(self) -> str:
        name = f"peerlearn_test_{uuid.uuid4().hex[:12]}"
        self.made.append(name)
        return name

    def make(self) -> str:
        """The URL of a new, empty database."""
        if self.admin_url is None:
            path = self.tmp_path_factory.mktemp("db") / "peerlearn.db"
            return f"sqlite:///{path}"
        name = self._new_name()
        self._admin(f'CREATE DATABASE "{name}"')
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    @contextlib.contextmanager
    def shared_path(self, key: str) -> Iterator[Path | None]:
        """Where this run's workers keep their one SQLite snapshot for ``key`` (locked while
        in hand, so one worker builds it and the others wait, then copy it); ``None`` when
        each worker keeps its own (PostgreSQL, or no xdist)."""
        if self.admin_url is not None or self.shared_dir is None or fcntl is None:
            yield None
            return
        with open(self.shared_dir / f"snapshot-{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self.shared_dir / f"snapshot-{key}.db"
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def save(self, engine: Engine, path: Path | None = None) -> str:
        """Copy the committed state of ``engine``'s database (SQLite: to ``path`` if given);
        return the copy's name."""
        if self.admin_url is None:
            path = path or self.tmp_path_factory.mktemp("snapshot") / "snapshot.db"
            copy = sqlite3.connect(path)
            try:
                _raw_sqlite(engine, lambda live: live.backup(copy))
            finally:
                copy.close()
            return str(path)
        engine.dispose()  # PostgreSQL copies only a database nobody is connected to
        name = self._new_name()
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{engine.url.database}"')
        return name

    def load(self, engine: Engine, snapshot: str) -> None:
        """Make ``engine``'s database what it was when ``snapshot`` was saved."""
        if self.admin_url is None:
            copy = sqlite3.connect(snapshot)
            try:
                _raw_sqlite(engine, copy.backup)
            finally:
                copy.close()
            return
        engine.dispose()
        live = engine.url.database
        drop = f'DROP DATABASE "{live}" WITH (FORCE)'
        self._admin(drop, f'CREATE DATABASE "{live}" TEMPLATE "{snapshot}"')

    def drop_all(self) -> None:
        if self.admin_url is not None and self.made:
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.made))


def _raw_sqlite(engine: Engine, use: Callable[[sqlite3.Connection], Any]) -> None:
    """Call ``use`` with one of ``engine``'s own sqlite3 connections (outside a transaction)."""
    connection = engine.raw_connection()
    try:
        use(connection.driver_connection)
    finally:
        connection.close()


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(os.environ.get(PG_ENV), tmp_path_factory)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def database_factory(databases: Databases) -> Callable[[], str]:
    """Make empty databases for this worker; they are dropped when the session ends."""
    return databases.make


TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
    # Boards are read right after the points change; tests of the cache turn it on.
    "LEADERBOARD_CACHE_SECONDS": 0,
    "TRENDING_CACHE_SECONDS": 0,
    # Cheap Argon2id (~1 ms, not ~100 ms); production keeps its defaults, which
    # tests/accounts/test_sign_in.py checks. Differs from that file's "weak" parameters.
    "PASSWORD_HASH_PARAMETERS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
    # Factory accounts are all brand new: with the new-account rule on, every point they give
    # would be held. Tests of that rule (tests/gamification/test_exploits_verdict.py) turn it
    # on with the organisation setting; everywhere else it is off.
    "ORG_SETTING_DEFAULTS": {"trust_min_days": 0, "trust_min_completions": 0},
}


class IsolatedClient(FlaskClient):
    """A test client whose requests run in their own contexts, as on a real server.

    The ``app`` fixture keeps an app context pushed for the test's own queries; without this,
    requests would share it (and ``g`` and the database session) with the test and each other.
    After each request the test's session is expired, so the test reads what was committed.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = contextvars.Context().run(super().open, *args, **kwargs)
        _db.session.expire_all()
        forget_cached_settings()
        return response


def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
    """Test databases are thrown away: SQLite need not wait for the disk at every commit."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


@pytest.fixture(scope="session")
def _app(
    database_factory: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    os.environ["PEERLEARN_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_factory()})
    app.test_client_class = IsolatedClient
    with app.app_context():
        if _db.engine.dialect.name == "sqlite":
            event.listen(_db.engine, "connect", _no_fsync)
            _db.engine.dispose()
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()  # before the throwaway database is dropped


class Snapshots:
    """Starting points built once per worker and put back for each test that asks."""

    def __init__(self, databases: Databases):
        self.databases = databases
        self.saved: dict[str, tuple[str, Any]] = {}
        self.empty_snapshot = databases.save(_db.engine) if databases.admin_url is None else None

    def empty(self) -> None:
        """Empty every table. SQLite puts back the whole file as it was created, which also
        empties the search index (FTS5, not in the metadata) and is quicker than deleting."""
        _db.session.remove()
        if self.empty_snapshot is not None:
            self.databases.load(_db.engine, self.empty_snapshot)
            return
        with _db.engine.begin() as conn:
            for table in reversed(_db.metadata.sorted_tables):
                conn.execute(table.delete())
            for name in SEARCH_INDEX_TABLES:  # PostgreSQL's search index: not in the metadata
                conn.execute(text(f"DELETE FROM {name}"))

    def restore(self, key: str, build: Callable[[], T], *, shared: bool = False) -> T:
        """Make the database what ``build()`` makes of an empty one, and return what it
        returned (ids, not ORM objects). The first call for ``key`` runs ``build`` and commits;
        later ones copy that state back, unless building is cheaper than copying (small
        builds on PostgreSQL simply run again). Call it first in a test, on the empty database.

        ``shared``: on SQLite, xdist workers use one snapshot (built by whichever worker asks
        first), so ``build`` must not depend on the worker and its result must pickle.
        """
        _db.session.remove()
        if key in self.saved:
            snapshot, value = self.saved[key]
            self.databases.load(_db.engine, snapshot)
            return value
        with self.databases.shared_path(key) if shared else contextlib.nullcontext() as path:
            if path is not None and path.exists():
                value = pickle.loads(path.with_suffix(".pickle").read_bytes())
                self.saved[key] = (str(path), value)
                self.databases.load(_db.engine, str(path))
                return value
            started = time.perf_counter()
            value = build()
            _db.session.commit()
            _db.session.remove()
            if time.perf_counter() - started > self.databases.load_seconds:
                self.saved[key] = (self.databases.save(_db.engine, path), value)
                if path is not None:
                    path.with_suffix(".pickle").write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session")
def _snapshots(_app: Flask, databases: Databases) -> Snapshots:
    with _app.app_context():
        return Snapshots(databases)


@pytest.fixture
def app(_app: Flask, _snapshots: Snapshots) -> Iterator[Flask]:
    """The application, with an app context pushed and empty tables."""
    saved = dict(_app.config)
    with _app.app_context():
        yield _app
        _snapshots.empty()
        limiter.reset()
        clear_synonyms_cache()
    _app.config.clear()
    _app.config.update(saved)


@pytest.fixture
def db(app: Flask) -> Any:
    return _db


@pytest.fixture
def snapshots(app: Flask, _snapshots: Snapshots) -> Snapshots:
    """``snapshots.restore(key, build)``: a costly starting point, built once per worker."""
    return _snapshots


@dataclass(frozen=True)
class SeedRun:
    exit_code: int
    output: str


@pytest.fixture
def seeded_demo(snapshots: Snapshots, runner: FlaskCliRunner) -> SeedRun:
    """The demo organisation as ``flask seed-demo`` makes it of an empty database, and what
    that first run printed. Seeded once per run (it takes a while), copied for each test."""

    def seed() -> SeedRun:
        result = runner.invoke(args=["seed-demo"])
        return SeedRun(result.exit_code, result.output)

    return snapshots.restore("seeded-demo", seed, shared=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def login_as(client: FlaskClient) -> Callable[[Any], FlaskClient]:
    """Sign ``user`` in on ``client`` without the form (the form has its own tests)."""

    def login(user: Any) -> FlaskClient:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return login


class ReadingClock:
    """The reading services' clock, stopped at the real time and moved by hand: tests move
    time instead of sleeping. Events recorded without an explicit time keep the real clock."""

    def __init__(self) -> None:
        from peerlearn.events import utcnow

        self.now = utcnow()

    def __call__(self) -> Any:
        return self.now

    def advance(self, seconds: float) -> Any:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def reading_clock(monkeypatch: pytest.MonkeyPatch) -> ReadingClock:
    """Stop ``peerlearn.modules.reading``'s clock (opening, reports, completion, quiz)."""
    from peerlearn.modules import reading

    clock = ReadingClock()
    monkeypatch.setattr(reading, "utcnow", clock)
    return clock
