"""Shared fixtures: ``app``, ``db``, ``client``, ``runner``, ``login_as``.

The suite runs on SQLite by default and on PostgreSQL when ``PEERLEARN_TEST_DATABASE_URL``
names a server: each pytest worker then creates a throwaway database and drops it at the end.
Tables are created once per worker and emptied after every test, so tests may commit and
use several connections (concurrency tests need real commits).
"""

from __future__ import annotations

import contextvars
import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peerlearn.app import create_app
from peerlearn.extensions import db as _db
from peerlearn.extensions import limiter

PG_ENV = "PEERLEARN_TEST_DATABASE_URL"


def _normalise(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@pytest.fixture(scope="session")
def database_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """Make empty databases for this worker; drop them all when the session ends."""
    server_url = os.environ.get(PG_ENV)
    made: list[str] = []

    def make() -> str:
        if not server_url:
            path = tmp_path_factory.mktemp("db") / "peerlearn.db"
            return f"sqlite:///{path}"
        admin = make_url(_normalise(server_url))
        name = f"peerlearn_test_{uuid.uuid4().hex[:12]}"
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        made.append(name)
        return admin.set(database=name).render_as_string(hide_password=False)

    yield make

    if server_url and made:
        engine = create_engine(make_url(_normalise(server_url)), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "WTF_CSRF_ENABLED": False,
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
        return response


@pytest.fixture(scope="session")
def _app(
    database_factory: Callable[[], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    os.environ["PEERLEARN_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_factory()})
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.engine.dispose()  # before the throwaway database is dropped


def _empty_all_tables() -> None:
    _db.session.remove()
    with _db.engine.begin() as conn:
        for table in reversed(_db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(_app: Flask) -> Iterator[Flask]:
    """The application, with an app context pushed and empty tables."""
    saved = dict(_app.config)
    with _app.app_context():
        yield _app
        _empty_all_tables()
        limiter.reset()
    _app.config.clear()
    _app.config.update(saved)


@pytest.fixture
def db(app: Flask) -> Any:
    return _db


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
