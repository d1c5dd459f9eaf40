"""The database goes away and comes back (issue 14): requests answer 503 with Retry-After
(the envelope on the API, a page elsewhere), and the pool recovers once it is back.

Runs against a throwaway PostgreSQL cluster of its own (``pg_createcluster``), stopped and
started by the test and dropped afterwards; skipped where the PostgreSQL cluster tools are
missing. The shared server on 5432 is never touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

from peerlearn.app import create_app
from peerlearn.extensions import db
from tests.conftest import TEST_CONFIG
from tests.factories import make_token, make_user

VERSION = "15"
TOOLS = ("pg_createcluster", "pg_ctlcluster", "pg_dropcluster")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ctl(action: str, name: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", VERSION, name, action],
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, str]]:
    """(cluster name, SQLAlchemy URL of a database in it)."""
    if not all(shutil.which(tool) for tool in TOOLS) or os.geteuid() != 0:
        pytest.skip("needs root and the PostgreSQL cluster tools (pg_createcluster)")
    if not os.path.isdir(f"/usr/lib/postgresql/{VERSION}"):
        pytest.skip(f"PostgreSQL {VERSION} is not installed")
    name = f"peerlearn_fault_{uuid.uuid4().hex[:8]}"
    port = _free_port()
    subprocess.run(
        ["pg_createcluster", VERSION, name, "-p", str(port), "--", "-A", "trust"],
        check=True,
        capture_output=True,
        timeout=300,
    )
    try:
        _ctl("start", name)
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        engine = create_engine(url)
        for _ in range(50):
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
                break
            except Exception:
                time.sleep(0.2)
        engine.dispose()
        yield name, url
    finally:
        subprocess.run(
            ["pg_dropcluster", "--stop", VERSION, name], capture_output=True, timeout=120
        )


def _wait_until_up(app, attempts: int = 50) -> None:
    for _ in range(attempts):
        try:
            with app.app_context(), db.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return
        except Exception:
            time.sleep(0.2)
    raise AssertionError("the throwaway cluster did not come back")


def test_database_down_answers_503_and_the_pool_recovers(cluster):
    name, url = cluster
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        user = make_user(email="kim@example.com")
        _, token = make_token(user)
        user_key = user.get_id()
    api = app.test_client()
    page = app.test_client()
    with page.session_transaction() as session:
        session["_user_id"] = user_key
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/me", headers=headers).status_code == 200
    assert page.get("/account/profile").status_code == 200  # the pool now holds connections

    _ctl("stop", name)
    try:
        response = api.get("/api/v1/me", headers=headers)
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert response.get_json()["error"]["code"] == "service_unavailable"
        response = page.get("/account/profile")
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        assert b"briefly unavailable" in response.data
        assert response.headers["Content-Security-Policy"]
        write = api.patch("/api/v1/me", json={"display_name": "Lost"}, headers=headers)
        assert write.status_code == 503
    finally:
        _ctl("start", name)
    _wait_until_up(app)

    # the connections the pool held died with the server: pre-ping replaces them
    assert api.get("/api/v1/me", headers=headers).get_json()["display_name"] != "Lost"
    assert page.get("/account/profile").status_code == 200
    with app.app_context():
        db.engine.dispose()


def test_a_broken_query_is_a_logged_500_not_database_down(caplog):
    """ "no such table" is an OperationalError too: a bug to log, not a 503 to retry."""
    from flask import Blueprint

    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    broken = Blueprint("broken_query", __name__)

    @broken.get("/api/v1/broken-query")
    def run_it() -> dict[str, str]:  # the route exists only in this test's app
        db.session.execute(text("SELECT * FROM no_such_table"))
        return {}

    app.register_blueprint(broken)
    response = app.test_client().get("/api/v1/broken-query")
    assert response.status_code == 500 and "Retry-After" not in response.headers
    assert response.get_json()["error"]["code"] == "internal_server_error"
    assert any("no_such_table" in (r.exc_text or "") for r in caplog.records)
