"""gunicorn settings for PeerLearn: ``make run`` and the README's production command use them
(gunicorn also reads this file by itself when started from the project folder).

Threaded workers (``gthread``): a connection that sends nothing waits in the worker's event
loop, not in a thread (after :data:`IDLE_WAIT` seconds), so idle connections (a browser's
preconnect) cannot stall the server as they stall ``sync`` workers. A client that sends half
a request and stops holds one thread, of 16 per process. In production put a buffering
reverse proxy (nginx, Caddy) in front: it reads whole requests before passing them on,
absorbs very slow clients and terminates HTTPS (see the README).

gunicorn answers a few malformed requests itself, before PeerLearn sees them (a request line
over ``limit_request_line`` → 414, too many or too large headers → 431, garbage → 400). Those
answers use PeerLearn's JSON error envelope too (:func:`write_envelope_error`), with the same
protective headers, instead of gunicorn's small HTML page.

Every setting can be overridden on the command line or with ``GUNICORN_CMD_ARGS``.

The master process also starts the embedded task consumer (``python -m
peerlearn.tasks.worker``) as its child once it is ready, and stops it when gunicorn exits, so
``make run`` needs no extra service. Not in the app factory (which never starts anything) and
not per worker (two consumers would run the schedule twice). In production run the consumer
as its own service (``flask tasks worker``) and set ``PEERLEARN_EMBEDDED_WORKER=false``.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from typing import Any

from gunicorn import util
from gunicorn.workers import gthread

# Processes × threads. Each thread may hold one database connection; PeerLearn's pool
# (10 + 10 overflow per process, peerlearn/config.py) covers 16 threads.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("PEERLEARN_THREADS", "16"))
# A request that takes longer than this is killed and logged (a stuck worker, not a client).
timeout = 30
graceful_timeout = 30
# How long an idle keep-alive connection is kept (it costs no thread with gthread).
keepalive = 5
# gunicorn's defaults, named here because the README documents them: a request line of at
# most 4094 bytes, at most 100 header fields of at most 8190 bytes each.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

_HEADERS = (
    "Content-Type: application/json\r\n"
    "Cache-Control: no-store\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
    "Connection: close\r\n"
)
_MESSAGES = {
    400: "The request is malformed.",
    403: "The request is forbidden.",
    414: f"The request line is longer than {limit_request_line} bytes.",
    417: "The Expect header cannot be met.",
    431: (
        f"The request has more than {limit_request_fields} header fields or one longer "
        f"than {limit_request_field_size} bytes."
    ),
}


def write_envelope_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answers, as PeerLearn's ``{"error": {code, message, fields}}``.

    ``mesg`` (which quotes the client's request) is not echoed back.
    """
    code = re.sub(r"[^a-z0-9]+", "_", reason.lower()).strip("_") or "bad_request"
    message = _MESSAGES.get(status_int, "The server could not handle this request.")
    body = json.dumps({"error": {"code": code, "message": message, "fields": {}}}).encode()
    head = f"HTTP/1.1 {status_int} {reason}\r\n{_HEADERS}Content-Length: {len(body)}\r\n\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_envelope_error

IDLE_WAIT = 0.25
"""How long a thread waits for a new connection's first bytes before handing the connection
to the event loop (gunicorn's own default is 5 s: enough idle connections then hold every
thread for 5 s). ``tests/test_hardening_server.py`` notices if gunicorn renames it."""
if hasattr(gthread, "DEFAULT_WORKER_DATA_TIMEOUT"):
    gthread.DEFAULT_WORKER_DATA_TIMEOUT = IDLE_WAIT


_consumer: dict[str, subprocess.Popen[bytes]] = {}


def _wanted() -> bool:
    """Start the embedded consumer? By default only for the embedded SQLite queue: with a
    shared Redis queue every machine's gunicorn would otherwise run the schedule too.
    ``PEERLEARN_EMBEDDED_WORKER`` says yes or no explicitly."""
    broker = os.environ.get("PEERLEARN_TASK_BROKER", "").strip() or "sqlite"
    if broker == "immediate":
        return False
    explicit = os.environ.get("PEERLEARN_EMBEDDED_WORKER", "").strip().lower()
    if explicit:
        return explicit not in {"0", "false", "no", "off"}
    return broker.startswith("sqlite")


def when_ready(server: Any) -> None:
    if not _wanted():
        return
    _consumer["process"] = subprocess.Popen(
        [sys.executable, "-m", "peerlearn.tasks.worker", "--workers", "2"]
    )
    server.log.info("Started the task consumer (pid %s)", _consumer["process"].pid)


def on_exit(server: Any) -> None:
    process = _consumer.pop("process", None)
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    server.log.info("Stopped the task consumer")
