"""Forwarding statements to a REAL learning record store: Open edX's Ralph LRS.

Ralph (PyPI ``ralph-malph[cli,lrs]`` plus ``requests``) pins an older ``click`` than
PeerLearn's, so it lives in a virtualenv of its own; point ``PEERLEARN_TEST_RALPH`` at its
``ralph`` executable (default: ``ralph`` on PATH).

The test serves Ralph's own FastAPI app (``ralph.api:app``, what ``ralph runserver -b fs``
serves) with uvicorn in that virtualenv's Python, with one change: Ralph 5.1's file-system
backend writes each target file once (its ``INDEX`` write refuses an existing file), so a
second ``POST /statements`` fails with 500; the launcher makes those writes append. The HTTP
API, basic auth and Ralph's statement validation are untouched.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from peerlearn.permissions import Role
from peerlearn.reports.forwarding import forward
from peerlearn.reports.models import XapiForwardState
from tests.factories import make_event, make_user

USER, PASSWORD = "peerlearn", "lrs-secret-123"
LAUNCHER = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs import fs

_write = fs.FSLRSBackend.write

def append(self, data, target=None, chunk_size=None, ignore_errors=False, operation_type=None):
    return _write(self, data, target, chunk_size, ignore_errors, BaseOperationType.APPEND)

fs.FSLRSBackend.write = append
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


def _ralph() -> str | None:
    return os.environ.get("PEERLEARN_TEST_RALPH") or shutil.which("ralph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lrs:
    """A Ralph LRS with the file-system backend, started and stopped on demand."""

    def __init__(self, root: Path) -> None:
        self.root, self.port = root, _free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(root / "app"),
            "RALPH_AUTH_FILE": str(root / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root / "data"),
        }
        (root / "data").mkdir()
        self.process: subprocess.Popen[bytes] | None = None
        subprocess.run(
            [
                _ralph(),
                "auth",
                "-u",
                USER,
                "-p",
                PASSWORD,
                "-s",
                "all",
                "-M",
                "mailto:lrs@example.com",
                "-w",
            ],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        with (self.root / "server.log").open("ab") as log:  # the child keeps its own copy
            python = str(Path(str(_ralph())).parent / "python")
            self.process = subprocess.Popen(
                [python, "-c", LAUNCHER, str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1
                ):
                    return
            except OSError:
                time.sleep(0.2)
        pytest.fail("Ralph LRS did not start:\n" + (self.root / "server.log").read_text())

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None

    def statement_ids(self) -> list[str]:
        auth = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        ids: list[str] = []
        url = f"{self.url}/statements?limit=500"
        while url:
            request = urllib.request.Request(
                url, headers={"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"}
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.load(response)
            ids += [s["id"] for s in body["statements"]]
            more = body.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return ids


@pytest.fixture
def lrs(tmp_path):
    if not _ralph():
        pytest.skip("Ralph LRS not installed: set PEERLEARN_TEST_RALPH to its `ralph` executable")
    server = Lrs(tmp_path)
    server.start()
    yield server
    server.stop()


def test_forwarding_survives_an_outage_without_losing_or_repeating(app, db, lrs, client, login_as):
    app.config.update(
        XAPI_LRS_URL=lrs.url, XAPI_LRS_KEY=USER, XAPI_LRS_SECRET=PASSWORD, XAPI_RETRY_DELAY=0.05
    )
    learner = make_user()
    for module in range(1, 151):  # two batches of 100 and 50
        make_event("module_viewed", learner, module, commit=False)
    make_event("module_completed", learner, 1, reading_seconds=90, score=80)
    report = forward()
    assert (report.sent, report.batches, report.backlog, report.error) == (151, 2, 0, None)
    assert len(lrs.statement_ids()) == 151

    lrs.stop()  # the LRS goes down; new learning keeps happening
    for module in range(1, 6):
        make_event("quiz_attempted", learner, module, score=90, passed=True)
    down = forward()
    assert down.sent == 0 and down.backlog == 5 and "unreachable" in down.error
    state = db.session.execute(select(XapiForwardState)).scalar_one()
    assert state.failures == 1 and state.last_error
    login_as(make_user(Role.ADMIN))
    page = client.get("/reports/access-log")
    assert b'id="xapi-backlog">5 statements' in page.data

    lrs.start()  # back up: the backlog drains, nothing lost, nothing twice
    again = forward()
    assert (again.sent, again.backlog, again.error) == (5, 0, None)
    ids = lrs.statement_ids()
    assert len(ids) == 156 == len(set(ids))
    assert forward().sent == 0


def test_the_cli_says_when_no_lrs_is_configured(runner, app):
    app.config["XAPI_LRS_URL"] = ""
    result = runner.invoke(args=["reports", "forward-xapi"])
    assert result.exit_code != 0 and "PEERLEARN_XAPI_LRS_URL" in result.output
