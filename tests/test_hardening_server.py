"""gunicorn as ``make run`` starts it: idle and half-open connections cannot stall it, and its
own 414/431 answers are PeerLearn's JSON error envelope (issue 14)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _make_run_command(port: int) -> list[str]:
    """The gunicorn line of the Makefile's ``run`` target, with its variables filled in."""
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    [line] = [ln.strip() for ln in recipe.splitlines() if "gunicorn" in ln]
    line = line.replace("$(BIN)", str(BIN)).replace("$(HOST)", "127.0.0.1")
    line = line.replace("$(PORT)", str(port))
    assert "$(" not in line, line
    return line.split()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    root = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{root / 'peerlearn.db'}",
        PEERLEARN_INSTANCE_PATH=str(root / "instance"),
        WEB_CONCURRENCY="1",  # the worst case: one process
    )
    log = (root / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        _make_run_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 120  # the worker imports the app: slow on a busy machine
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, http.client.HTTPException):
                if _get(port, "/healthz")[0] == 200:
                    break
            assert process.poll() is None, (root / "gunicorn.log").read_text()
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_make_run_uses_threaded_workers_from_the_config_file():
    command = _make_run_command(5000)
    assert "--config" in command and "gunicorn.conf.py" in command
    config = (ROOT / "gunicorn.conf.py").read_text()
    assert re.search(r'^worker_class = "gthread"$', config, re.M)
    from gunicorn.workers import gthread

    assert hasattr(gthread, "DEFAULT_WORKER_DATA_TIMEOUT"), "gunicorn.conf.py's IDLE_WAIT"


def test_idle_and_half_open_connections_do_not_stall_healthz(server):
    idle = [socket.create_connection(("127.0.0.1", server)) for _ in range(24)]
    half_open = [socket.create_connection(("127.0.0.1", server)) for _ in range(4)]
    try:
        for sock in half_open:  # a request line, and then nothing
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.5)
        for _ in range(3):
            started = time.perf_counter()
            status, _, body = _get(server, "/healthz")
            elapsed = time.perf_counter() - started
            assert status == 200 and json.loads(body) == {"status": "ok"}
            assert elapsed < 1.0, f"/healthz took {elapsed:.2f} s"
    finally:
        for sock in idle + half_open:
            sock.close()


def _assert_envelope(status: int, headers: dict, body: bytes, expected: int, code: str) -> None:
    assert status == expected
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Content-Type-Options"] == "nosniff"
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert set(error) == {"code", "message", "fields"}


def test_gunicorns_own_414_and_431_are_the_envelope(server):
    _assert_envelope(*_get(server, "/modules?q=" + "a" * 5000), 414, "uri_too_long")
    headers = {"X-Big": "b" * 9000}
    _assert_envelope(*_get(server, "/healthz", headers), 431, "request_header_fields_too_large")
    many = {f"X-H{i}": "1" for i in range(120)}
    _assert_envelope(*_get(server, "/healthz", many), 431, "request_header_fields_too_large")
