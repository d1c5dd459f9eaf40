"""Reports benchmark: dashboard response time and CSV export throughput at scale.

Generates a synthetic organisation (``--users`` people in 12 departments, ``--events``
learning events over the last year, skewed so a few people and modules dominate) in a
throwaway database, then measures

* the HR dashboard (every figure, ``build_dashboard``) for the default last 30 days and for
  the whole year, and the ``/reports`` page (HTML with charts) over HTTP;
* the raw-event CSV export of the whole year: rows per second, and the peak of Python
  memory (tracemalloc) exporting 30 days and 300 thousand rows, which stays flat;
* on PostgreSQL, ``COPY (SELECT …) TO STDOUT WITH CSV`` of the same rows as the ceiling.

Usage (not part of ``make test``; the default run takes a few minutes)::

    .venv/bin/python bench/reports_bench.py                      # PostgreSQL on 127.0.0.1
    .venv/bin/python bench/reports_bench.py --database sqlite    # a temporary SQLite file
    .venv/bin/python bench/reports_bench.py --events 100000 --users 2000
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from peerlearn.accounts.models import Department, User
from peerlearn.app import create_app
from peerlearn.events import LearningEvent
from peerlearn.extensions import db
from peerlearn.reports.dashboard import build_dashboard, report_query
from peerlearn.reports.tables import events_table
from peerlearn.reports.writers import csv_chunks

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CHUNK = 20_000
VERBS = [("module_viewed", 60), ("module_completed", 25), ("quiz_attempted", 8),
         ("module_clapped", 5), ("comment_posted", 2)]  # fmt: skip
MODULES = 2_000


@contextmanager
def throwaway_database(kind: str) -> Iterator[str]:
    """A fresh database URL, dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    server = make_url(kind if kind != "postgresql" else PG_SERVER)
    name = f"peerlearn_reports_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _weights(n: int, rng: random.Random, skew: float = 1.05) -> list[float]:
    weights = [1 / (rank**skew) for rank in range(1, n + 1)]
    rng.shuffle(weights)
    return weights


def generate(users: int, events: int, end: datetime, seed: int = 6) -> None:
    """Write the organisation and its events in bulk (no signals, no points)."""
    rng = random.Random(seed)
    departments = [Department(name=f"Department {n}") for n in range(12)]
    db.session.add_all(departments)
    db.session.flush()
    db.session.execute(
        insert(User),
        [{"id": n, "email": f"person{n}@bench.test", "display_name": f"Person {n}",
          "password_hash": "x", "role": "employee", "department_id": departments[n % 12].id,
          "timezone": "UTC", "leaderboard_visibility": "public", "active": True,
          "session_nonce": "bench"} for n in range(1, users + 1)],
    )  # fmt: skip
    user_ids = list(range(1, users + 1))
    user_weights = _weights(users, rng)
    module_weights = _weights(MODULES, rng)
    authors = {m: rng.randint(1, users) for m in range(1, MODULES + 1)}
    verbs, verb_weights = zip(*VERBS, strict=True)
    span = 365 * 24 * 3600
    written = 0
    while written < events:
        size = min(CHUNK, events - written)
        actors = rng.choices(user_ids, user_weights, k=size)
        modules = rng.choices(range(1, MODULES + 1), module_weights, k=size)
        chosen = rng.choices(verbs, verb_weights, k=size)
        rows = []
        for actor, module, verb in zip(actors, modules, chosen, strict=True):
            context: dict[str, Any] = {
                "author_id": authors[module],
                "origin": "official" if module % 5 == 0 else "peer",
            }
            if verb == "module_completed":
                context["reading_seconds"] = rng.randint(60, 600)
            elif verb == "quiz_attempted":
                context.update(score=rng.randint(20, 100), passed=rng.random() < 0.8)
            elif verb == "module_clapped":
                context["count"] = rng.randint(1, 10)
            # busier evenings, as the field reports
            at = end - timedelta(seconds=rng.randint(0, span))
            if rng.random() < 0.3:
                at = at.replace(hour=rng.choice([16, 20, 21, 22]))
            rows.append(
                {
                    "verb": verb,
                    "actor_id": actor,
                    "object_type": "module",
                    "object_id": module,
                    "occurred_at": min(at, end),
                    "context": context,
                }
            )
        db.session.execute(insert(LearningEvent), rows)
        written += size
    db.session.commit()


def traced_peak(query: Any, limit: int | None) -> tuple[int, int]:
    """Rows exported and the peak of Python allocations while exporting them (tracemalloc):
    flat memory means the peak does not grow with the number of rows."""
    table = events_table(query)
    tracemalloc.start()
    try:
        rows = table.rows() if limit is None else itertools.islice(table.rows(), limit)
        counted = 0

        def counting() -> Iterator[list[Any]]:
            nonlocal counted
            for row in rows:
                counted += 1
                yield row

        for _chunk in csv_chunks(table.header, counting()):
            pass
        return counted, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def timed(fn: Callable[[], Any], repeat: int = 3) -> float:
    """Median seconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def bench(database: str, users: int, events: int) -> None:
    os.environ.setdefault("PEERLEARN_INSTANCE_PATH", tempfile.mkdtemp())
    with throwaway_database(database) as url:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": True})
        with app.app_context():
            db.create_all()
            today = datetime.now(UTC).replace(microsecond=0)
            started = time.perf_counter()
            generate(users, events, today)
            print(f"generated {events:,} events / {users:,} users on "
                  f"{db.engine.dialect.name} in {time.perf_counter() - started:.1f} s")  # fmt: skip
            if db.engine.dialect.name == "postgresql":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            month = report_query({})
            year = report_query({"start": date.today() - timedelta(days=364)})
            print(f"dashboard, last 30 days:   {timed(lambda: build_dashboard(month)):.2f} s")
            print(f"dashboard, whole year:     {timed(lambda: build_dashboard(year), 1):.2f} s")
            client = app.test_client()
            hr = db.session.get(User, 1)
            hr.role = "hr"
            db.session.commit()
            with client.session_transaction() as session:
                session["_user_id"] = hr.get_id()
            page = timed(lambda: client.get("/reports"))
            print(f"GET /reports (HTML+SVG):   {page:.2f} s")

            table = events_table(year)
            started = time.perf_counter()
            size = sum(len(chunk) for chunk in csv_chunks(table.header, table.rows()))
            elapsed = time.perf_counter() - started
            print(
                f"CSV export of {table.count:,} events: {elapsed:.1f} s, "
                f"{table.count / elapsed:,.0f} rows/s, {size / 1e6:.0f} MB"
            )
            for label, query, limit in (("30 days", month, None), ("year", year, 300_000)):
                rows, peak = traced_peak(query, limit)
                print(
                    f"  peak Python memory exporting {rows:,} rows ({label}): {peak / 1e6:.1f} MB"
                )
            if db.engine.dialect.name == "postgresql":
                copy_ceiling(year)


def copy_ceiling(query: Any) -> None:
    """PostgreSQL's own COPY of the same rows and columns: the ceiling for the export."""
    sql = """COPY (SELECT e.id, e.occurred_at, e.occurred_at AT TIME ZONE 'UTC', e.verb,
                   e.actor_id, u.email, d.name, e.object_type, e.object_id, e.context
              FROM learning_event e LEFT JOIN "user" u ON u.id = e.actor_id
              LEFT JOIN department d ON d.id = u.department_id
              WHERE e.occurred_at >= %s AND e.occurred_at < %s ORDER BY e.id)
             TO STDOUT WITH CSV HEADER"""
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        size = rows = 0
        with cursor.copy(sql, (query.period.utc_start, query.period.utc_end)) as copy:
            for block in copy:
                size += len(block)
                rows += bytes(block).count(b"\n")
        elapsed = time.perf_counter() - started
        print(f"COPY … TO STDOUT (ceiling): {elapsed:.1f} s, {(rows - 1) / elapsed:,.0f} rows/s, "
              f"{size / 1e6:.0f} MB")  # fmt: skip
    finally:
        raw.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="postgresql",
                        help="postgresql (local server), sqlite, or a server URL")  # fmt: skip
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    bench(args.database, args.users, args.events)


if __name__ == "__main__":
    main()
