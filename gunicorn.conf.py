"""gunicorn settings read from the project folder: start the embedded task consumer.

``make run`` must need no extra service, so gunicorn's master process starts one task
consumer (``python -m peerlearn.tasks.worker``) as its child once it is ready, and stops
it when gunicorn exits. Not in the app factory (which never starts anything) and not per
worker (two consumers would run the schedule twice). In production run the consumer as
its own service (``flask tasks worker``) and set ``PEERLEARN_EMBEDDED_WORKER=false``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

_consumer: dict[str, subprocess.Popen[bytes]] = {}


def _wanted() -> bool:
    return os.environ.get("PEERLEARN_EMBEDDED_WORKER", "true").strip().lower() not in {
        "0",
        "false",
        "no",
        "off",
    }


def when_ready(server: Any) -> None:
    if not _wanted() or os.environ.get("PEERLEARN_TASK_BROKER") == "immediate":
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
