"""Benchmark the gamification engine and leaderboards; prints a small table.

Engine cost per event is measured after each history size (it should stay flat: the engine
reads counters, never history); leaderboard latency with ``--users`` ranked people.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import START, generate_history, generate_ranked_users, generate_users
from peerlearn.accounts.models import User
from peerlearn.app import create_app
from peerlearn.events import LearningEvent, record_event
from peerlearn.extensions import db
from peerlearn.gamification.leaderboards import leaderboard
from peerlearn.gamification.store import current_period_start


def _database(server: str | None) -> tuple[str, object]:
    if not server:
        path = Path(tempfile.mkdtemp()) / "bench.db"
        return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)
    admin = make_url(server)
    name = f"peerlearn_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        db.engine.dispose()
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    return admin.set(database=name).render_as_string(hide_password=False), drop


def engine_cost(user_ids: list[int], modules: int, samples: int) -> float:
    """Milliseconds per new completion through the live path, committed one by one."""
    author = user_ids[0]
    history_events = db.session.execute(select(func.count()).select_from(LearningEvent))
    base = START + timedelta(days=3000 + history_events.scalar_one() % 50)
    timings = []
    for n in range(samples + 5):  # the first five warm caches up and are not counted
        reader = user_ids[1 + (n * 7919) % (len(user_ids) - 1)]
        began = time.perf_counter()
        record_event("module_completed", reader, "module", modules + 1 + n,
                     {"author_id": author, "reading_seconds": 90.0, "tags": ["bench"]},
                     occurred_at=base + timedelta(minutes=n))  # fmt: skip
        db.session.commit()
        if n >= 5:
            timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def leaderboard_latency(repeats: int, offset: int) -> float:
    """Milliseconds for top 50 + my standing, for a mid-table viewer."""
    start = current_period_start("all", START)
    assert start.year == 1970
    viewers = db.session.execute(
        select(User).where(User.id >= 1_000_000).order_by(User.id).offset(offset).limit(repeats)
    )
    timings = []
    for viewer in viewers.scalars():
        began = time.perf_counter()
        board = leaderboard(viewer, "learners", "all", "company", 50)
        timings.append(time.perf_counter() - began)
        assert len(board.top) == 50
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    server_help = "a PostgreSQL server URL (default: SQLite in a temp file)"
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL"), help=server_help
    )
    parser.add_argument("--history", default="10000,1000000", help="history sizes, ascending")
    parser.add_argument("--users", type=int, default=100_000, help="ranked users for boards")
    parser.add_argument("--samples", type=int, default=200, help="events timed per size")
    args = parser.parse_args()
    url, drop = _database(args.database)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    with app.app_context():
        try:
            db.create_all()
            people = generate_users(2_000, first_id=1)
            modules, written = 5_000, 0
            for batch, size in enumerate(int(s) for s in args.history.split(",")):
                began = time.perf_counter()
                generate_history(people, modules, size - written, seed=size, batch=batch)
                written = size
                cost = engine_cost(people, modules + 100_000 * (1 + batch), args.samples)
                built = time.perf_counter() - began
                print(f"{kind}: engine {cost:.2f} ms/event with {size:,} events of history "
                      f"(history built in {built:.0f} s)", flush=True)  # fmt: skip
            generate_ranked_users(args.users, first_id=1_000_000)
            latency = leaderboard_latency(20, args.users // 2)
            print(f"{kind}: leaderboard top 50 + my rank {latency:.1f} ms "
                  f"with {args.users:,} more ranked users", flush=True)  # fmt: skip
        finally:
            db.session.remove()
            drop()


if __name__ == "__main__":
    main()
