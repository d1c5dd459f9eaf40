"""Company-scale benchmark: each row of issue 13's table against its anchor, in one run.

Builds a throwaway organisation (``bench/scale.py``: users, modules with realistic text, a
year of completions), then measures, each next to an anchor timed in the same process:

- catalog search (40 everyday queries; page + count + what a card shows) vs the raw
  full-text statement (FTS5 ``MATCH`` / stored ``tsvector @@``), p50/p95;
- leaderboard API (top 50 + my standing, mid-table viewer) vs a bare Flask JSON hello;
- completing a module over the API with a token (event, ledger lines, totals) vs a bare
  Flask endpoint doing one INSERT on the same database;
- home page and module page, signed in, vs the bare hello.

Requests go through the WSGI stack in process (Flask's test client, one thread), not over
sockets: the ratios compare like with like, the absolute figures are not gunicorn's.
Every figure is a median of ``--repeat`` rounds; the SQL statements per request are counted.

    .venv/bin/python bench/run.py --users 10000 --modules 2000 --events 100000
    .venv/bin/python bench/run.py --database postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.gamification import _database
from bench.scale import START, generate
from peerlearn.accounts.models import User
from peerlearn.accounts.services import create_token
from peerlearn.app import create_app
from peerlearn.content.models import Module
from peerlearn.extensions import db
from peerlearn.modules.models import ReadingProgress
from peerlearn.modules.search import SearchFilters, catalog_search
from peerlearn.modules.search_terms import meaningful, search_terms

QUERIES = [
    "how do I claim expenses", "give feedback to my manager", "angry customer", "feedbak",
    "forgot my password", "onboarding new hire", "excel pivot", "undo git commit",
    "presentaton tips", "book holiday", "phishing email", "sql join", "code review",
    "accessibility", "remote meetings", "time management", "negotiation", "incident",
    "budget forecast", "customer discovery", "spreadsheet formulas", "security basics",
    "writing clearly", "mentoring", "burnout", "data privacy", "python testing",
    "kubernetes", "sales pipeline", "design review", "one to one", "performance review",
    "dashboard", "vlookup", "password manager", "public speaking", "deadline", "okr goals",
    "support ticket", "wellbeing",
]  # fmt: skip


class Counter:
    """SQL statements sent on the app's engine while ``active``."""

    def __init__(self) -> None:
        self.n = 0
        event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, *_: Any) -> None:
        self.n += 1


def _median_rate(call: Any, n: int, repeat: int) -> float:
    rates = []
    for _ in range(repeat):
        began = time.perf_counter()
        for i in range(n):
            call(i)
        rates.append(n / (time.perf_counter() - began))
    return statistics.median(rates)


def _anchor_app(url: str) -> Flask:
    """A bare Flask app: a JSON hello, and one INSERT per POST on the same database."""
    anchor = Flask("anchor")
    engine = create_engine(url)
    key = "SERIAL PRIMARY KEY" if url.startswith("postgresql") else "INTEGER PRIMARY KEY"
    with engine.begin() as conn:
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS bench_anchor (id {key}, "
                          "user_id INTEGER, at VARCHAR(40))"))  # fmt: skip

    @anchor.get("/hello")
    def hello() -> dict[str, str]:
        return {"hello": "world"}

    @anchor.post("/insert")
    def insert_one() -> tuple[dict[str, bool], int]:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_anchor (user_id, at) VALUES (1, :at)"),
                         {"at": str(time.time())})  # fmt: skip
        return {"ok": True}, 201

    return anchor


def bench_search(counter: Counter, repeat: int) -> dict[str, Any]:
    sqlite = db.engine.dialect.name == "sqlite"
    raw = (
        "SELECT rowid FROM module_fts WHERE module_fts MATCH :q ORDER BY rank LIMIT 25"
        if sqlite
        else "SELECT module_id FROM module_fts WHERE document @@ websearch_to_tsquery("
        "'english', :q) ORDER BY ts_rank(document, websearch_to_tsquery('english', :q)) "
        "DESC LIMIT 25"
    )
    ours, anchor, statements = [], [], []
    for _ in range(repeat):
        for q in QUERIES:
            terms = meaningful(search_terms(q))
            match = " OR ".join(f'"{t}"' for t in terms) if sqlite else " or ".join(terms)
            began = time.perf_counter()
            db.session.execute(text(raw), {"q": match}).all()
            anchor.append(time.perf_counter() - began)
            db.session.rollback()
            before = counter.n
            began = time.perf_counter()
            page = db.paginate(catalog_search(SearchFilters(q=q)).stmt, page=1, per_page=25,
                               error_out=False)  # fmt: skip
            shown = [  # what a result card shows
                (m.published_revision.title, m.author.display_name, m.author.department)
                for m in page.items
            ]
            assert len(shown) <= 25
            ours.append(time.perf_counter() - began)
            statements.append(counter.n - before)
            db.session.rollback()
    p50, p95 = statistics.median(ours), statistics.quantiles(ours, n=20)[18]
    a50 = statistics.median(anchor)
    return {"p50_ms": p50 * 1000, "p95_ms": p95 * 1000, "anchor_p50_ms": a50 * 1000,
            "ratio": p50 / a50, "statements": max(statements)}  # fmt: skip


def _signed_in(client: Any, user: User) -> Any:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def bench_http(app: Flask, anchor: Flask, counter: Counter, built: dict[str, Any],
               repeat: int) -> dict[str, Any]:  # fmt: skip
    results: dict[str, Any] = {}
    bare = anchor.test_client()
    hello = _median_rate(lambda i: bare.get("/hello"), 300, repeat)
    assert bare.post("/insert").status_code == 201
    one_insert = _median_rate(lambda i: bare.post("/insert"), 200, repeat)
    results["hello_rps"], results["insert_rps"] = hello, one_insert
    users = built["user_ids"]
    viewer = db.session.get(User, users[len(users) // 2])
    _, raw = create_token(viewer, "bench")
    db.session.commit()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {raw}"}

    def measured(name: str, call: Any, n: int, anchor_rps: float) -> None:
        before = counter.n
        call(0)
        per_request = counter.n - before
        rps = _median_rate(call, n, repeat)
        results[name] = {"rps": rps, "statements": per_request, "ratio": rps / anchor_rps}

    board = "/api/v1/leaderboards?board=learners&period=all&scope=company"
    measured("leaderboard_api", lambda i: client.get(board, headers=auth), 40, hello)
    # completions: people who have not completed these modules, having read them for 95 s
    rng = random.Random(5)
    modules = list(built["author_of"])
    pairs = []
    while len(pairs) < 60 * (repeat + 1):
        user_id, module_id = rng.choice(users), rng.choice(modules)
        if (user_id, module_id) not in pairs and built["author_of"][module_id] != user_id:
            pairs.append((user_id, module_id))
    tokens = {}
    for user_id, module_id in pairs:
        if user_id not in tokens:
            tokens[user_id] = create_token(db.session.get(User, user_id), "bench")[1]
        db.session.add(ReadingProgress(user_id=user_id, module_id=module_id, revision_id=module_id,
                                       visible_seconds=95.0))  # fmt: skip
    db.session.commit()
    queue = iter(pairs)

    def complete(_: int) -> None:
        user_id, module_id = next(queue)
        response = client.post(f"/api/v1/modules/{module_id}/completion",
                               headers={"Authorization": f"Bearer {tokens[user_id]}"})  # fmt: skip
        assert response.status_code == 200, response.get_data(as_text=True)[:200]

    measured("completion_api", complete, 60, one_insert)
    page_client = _signed_in(app.test_client(), viewer)
    module = db.session.get(Module, modules[len(modules) // 3])
    measured("home_page", lambda i: page_client.get("/"), 30, hello)
    measured("module_page", lambda i: page_client.get(f"/m/{module.slug}"), 30, hello)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a PostgreSQL server URL (default: SQLite in a temp file)",
    )
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--modules", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()  # fmt: skip
    url, drop = _database(args.database)
    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
              "RATELIMIT_ENABLED": False}  # fmt: skip
    app = create_app(config)
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    with app.app_context():
        try:
            db.create_all()
            began = time.perf_counter()
            built = generate(args.users, args.modules, args.events)
            print(
                f"{kind}: {args.users:,} users, {args.modules:,} modules, {args.events:,} "
                f"events generated in {time.perf_counter() - began:.0f} s",
                flush=True,
            )
            counter = Counter()
            search = bench_search(counter, args.repeat)
            print(
                f"search: p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms, "
                f"{search['statements']} statements; raw full-text p50 "
                f"{search['anchor_p50_ms']:.1f} ms; ratio {search['ratio']:.1f}x",
                flush=True,
            )
            http = bench_http(app, _anchor_app(url), counter, built, args.repeat)
            print(
                f"anchors: hello {http['hello_rps']:.0f} req/s, one INSERT "
                f"{http['insert_rps']:.0f} req/s"
            )
            for name in ("leaderboard_api", "completion_api", "home_page", "module_page"):
                row = http[name]
                print(
                    f"{name}: {row['rps']:.1f} req/s, {row['statements']} statements, "
                    f"{100 * row['ratio']:.1f} % of its anchor",
                    flush=True,
                )
            assert START  # the generated year starts here
        finally:
            db.session.remove()
            drop()


if __name__ == "__main__":
    main()
