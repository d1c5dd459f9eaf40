"""Load: PeerLearn's mixed API traffic vs a bare Flask page on the same gunicorn settings.

Not part of ``make test``. Serves a copy of a seeded demo database (``make run``'s, or any
``flask seed-demo`` database) with ``gunicorn.conf.py``, gives each simulated user the API
token of a different demo person, and runs ``--users`` of them for ``--seconds``: each
reads the catalog, opens a module, records a view, claps, comments, completes and reads the
leaderboard, pausing ``--think`` seconds (random, mean) between requests like a person
does. Then the same number of users ask the bare Flask page (``bench/bare_app.py``) on the
same gunicorn settings. Prints requests/s, p50, p95 and errors (5xx or no answer; a domain
4xx such as "already clapped the maximum" is an answer) for both.

    .venv/bin/python bench/load.py --database sqlite:///instance/peerlearn.db
    .venv/bin/python bench/load.py --database sqlite:///… --users 50 --seconds 300

Standard library only (asyncio streams, HTTP/1.1 keep-alive), loopback only, bounded in
users and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def kinds(self) -> str:
        """p50 per kind of request, slowest first: where the time goes."""
        rows = sorted(
            ((statistics.median(v), k, len(v)) for k, v in self.by_kind.items()), reverse=True
        )
        return "\n".join(f"    {k:<28} n={n:<5} p50={m * 1000:.0f} ms" for m, k, n in rows)

    def report(self, name: str, seconds: float) -> dict[str, float | int | str]:
        ordered = sorted(self.latencies) or [0.0]
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        return {
            "target": name,
            "requests": len(self.latencies),
            "req/s": round(len(self.latencies) / seconds, 1),
            "p50 ms": round(statistics.median(ordered) * 1000, 1),
            "p95 ms": round(p95 * 1000, 1),
            "errors": self.errors,
            "statuses": json.dumps(dict(sorted(self.statuses.items()))),
        }


class Client:
    """One keep-alive HTTP/1.1 connection."""

    def __init__(self, port: int, token: str | None) -> None:
        self.port, self.token = port, token
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        """Send one request; a kept-alive connection the server has closed meanwhile (its
        keep-alive timeout) is reopened once, as browsers do."""
        reused = self.writer is not None
        try:
            return await self._request(method, path, body)
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            await self.close()
            if not reused:
                raise
            return await self._request(method, path, body)

    async def _request(self, method: str, path: str, body: dict | None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        payload = json.dumps(body).encode() if body is not None else b""
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Accept: application/json"]
        if self.token:
            head.append(f"Authorization: Bearer {self.token}")
        if body is not None:
            head += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        data = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def _timed(client: Client, tally: Tally, method: str, path: str, body=None) -> bytes:
    started = time.perf_counter()
    try:
        status, data = await client.request(method, path, body)
    except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
        tally.errors += 1
        await client.close()
        return b""
    elapsed = time.perf_counter() - started
    tally.latencies.append(elapsed)
    kind = (
        method + " " + "/".join("{id}" if p.isdigit() else p for p in path.split("?")[0].split("/"))
    )
    tally.by_kind.setdefault(kind, []).append(elapsed)
    tally.statuses[status] = tally.statuses.get(status, 0) + 1
    if status >= 500:
        tally.errors += 1
    return data


async def peerlearn_user(port: int, token: str, tally: Tally, until: float, think: float) -> None:
    client = Client(port, token)
    module_ids: list[int] = []
    while time.monotonic() < until:
        roll = random.random()
        if not module_ids or roll < 0.25:
            data = await _timed(client, tally, "GET", "/api/v1/modules?per_page=25")
            if data:
                module_ids = [m["id"] for m in json.loads(data).get("items", [])] or module_ids
        elif roll < 0.45:
            await _timed(client, tally, "GET", f"/api/v1/modules/{random.choice(module_ids)}")
        elif roll < 0.55:
            await _timed(
                client, tally, "POST", f"/api/v1/modules/{random.choice(module_ids)}/views", {}
            )
        elif roll < 0.65:
            mid = random.choice(module_ids)
            await _timed(client, tally, "POST", f"/api/v1/modules/{mid}/claps", {"count": 1})
        elif roll < 0.72:
            mid = random.choice(module_ids)
            body = {"body": f"Load test comment {random.randint(1, 10**6)}"}
            await _timed(client, tally, "POST", f"/api/v1/modules/{mid}/comments", body)
        elif roll < 0.80:
            mid = random.choice(module_ids)
            await _timed(client, tally, "POST", f"/api/v1/modules/{mid}/completion", {})
        elif roll < 0.90:
            await _timed(client, tally, "GET", "/api/v1/leaderboards")
        else:
            await _timed(client, tally, "GET", "/api/v1/gamification/me")
        await asyncio.sleep(random.expovariate(1 / think) if think else 0)
    await client.close()


async def bare_user(port: int, tally: Tally, until: float, think: float) -> None:
    client = Client(port, None)
    while time.monotonic() < until:
        await _timed(client, tally, "GET", "/")
        await asyncio.sleep(random.expovariate(1 / think) if think else 0)
    await client.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app: str, env: dict[str, str]) -> Iterator[int]:
    """gunicorn with the project's config file, on a free loopback port."""
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(2)  # the listening socket opens before the workers have booted
                break
            except OSError:
                time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def make_tokens(env: dict[str, str], users: int) -> list[str]:
    """API tokens for ``users`` different demo people (made in the benchmark's copy)."""
    script = (
        "import json, sys\n"
        "from sqlalchemy import select\n"
        "from peerlearn.app import create_app\n"
        "from peerlearn.accounts.models import User\n"
        "from peerlearn.accounts.services import create_token\n"
        "from peerlearn.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    people = db.session.execute(select(User).where(User.active).order_by(User.id)"
        f".limit({users})).scalars().all()\n"
        "    tokens = [create_token(u, 'load')[1] for u in people]\n"
        "    db.session.commit()\n"
        "print(json.dumps(tokens))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=ROOT, check=True, capture_output=True
    )
    tokens = json.loads(out.stdout)
    return [tokens[i % len(tokens)] for i in range(users)]


async def _run(users: list) -> None:
    await asyncio.gather(*users)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="URL of a seeded demo database")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause, seconds")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 1 <= args.seconds <= 1800:
        parser.error("at most 500 users and 30 minutes")

    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        env["PEERLEARN_INSTANCE_PATH"] = str(Path(tmp) / "instance")
        env["SECRET_KEY"] = "bench"
        database = args.database
        if database.startswith("sqlite:///"):  # a copy: the benchmark writes
            copy = Path(tmp) / "bench.db"
            shutil.copy(database.removeprefix("sqlite:///"), copy)
            database = f"sqlite:///{copy}"
        env["DATABASE_URL"] = database
        tokens = make_tokens(env, args.users)
        results = []
        with serve("wsgi:app", env) as port:
            tally, until = Tally(), time.monotonic() + args.seconds
            asyncio.run(_run([peerlearn_user(port, t, tally, until, args.think) for t in tokens]))
            results.append(tally.report("PeerLearn mixed API", args.seconds))
            breakdown = tally.kinds()
        with serve("bench.bare_app:app", env) as port:
            tally, until = Tally(), time.monotonic() + args.seconds
            asyncio.run(_run([bare_user(port, tally, until, args.think) for _ in tokens]))
            results.append(tally.report("bare Flask page", args.seconds))
    print(f"{args.users} users, {args.seconds:.0f} s each, mean think time {args.think} s")
    for row in results:
        print("  ".join(f"{k}={v}" for k, v in row.items()))
    print("PeerLearn, per kind of request:\n" + breakdown)
    ratio = results[0]["p95 ms"] / max(results[1]["p95 ms"], 0.1)
    print(f"p95 ratio PeerLearn / bare Flask: {ratio:.1f}x")


if __name__ == "__main__":
    main()
