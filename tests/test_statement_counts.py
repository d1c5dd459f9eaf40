"""Round trips are what a request costs at company scale: these tests count the SQL
statements of the hot paths, and fail when one grows (or when a list page's count grows
with its length, the mark of an N+1)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from peerlearn.extensions import db
from tests.factories import make_live_module, make_token, make_user

# The goal is ~20. Measured: 55 on SQLite. Before the commit, 32: reading (module, revision,
# progress, completion and its re-read), the engine (catalog version, settings, state rows,
# ledger rows, one totals upsert, badges), farming detection (7: open cases for the two
# entries, the payment and its 30-day window, ring partners) and notifications. After it:
# 5 for the author's e-mail task, which the test suite's ``immediate`` broker runs inline (in
# production the task consumer runs it, outside the request), and 18 read-only: the reward
# summary reads back what was written (rules, settings, the events, entries, holds, badges,
# level, streak) and the next steps (path, links, tags).
COMPLETION_BUDGET = 55


@contextmanager
def counting() -> Iterator[list[str]]:
    """Every statement sent on the app's engine inside the block (all connections)."""
    seen: list[str] = []

    def before(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _show(statements: list[str]) -> str:
    return "\n".join(f"{i:3} {s.split(chr(10))[0][:160]}" for i, s in enumerate(statements, 1))


def test_completing_a_module_over_the_api_stays_within_its_statement_budget(client, reading_clock):
    author = make_user()
    module = make_live_module(author)
    reader = make_user()
    _, raw = make_token(reader)
    auth = {"Authorization": f"Bearer {raw}"}
    assert client.post(f"/api/v1/modules/{module.id}/views", headers=auth).status_code == 201
    reading_clock.advance(70)
    url = f"/api/v1/modules/{module.id}/completion"
    with counting() as statements:
        response = client.post(url, headers=auth)
    assert response.status_code == 200
    if os.environ.get("SHOW_STATEMENTS"):
        print(_show(statements))
    assert len(statements) <= COMPLETION_BUDGET, _show(statements)


def _page_statements(client, path: str) -> list[str]:
    with counting() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return statements


def _catalog_of(size: int, reader) -> None:
    """``size`` live modules by ``size`` authors, each read, completed and clapped by others
    and the reader in the middle of each (for continue reading and progress)."""
    from peerlearn.modules import reading, social

    for n in range(size):
        author = make_user()
        module = make_live_module(author, title=f"Module number {n}", tags=("common", f"t{n}"))
        fan = make_user(department=reader.department)
        reading.view_module(fan, module)
        reading.complete_module(fan, module)
        social.clap(fan, module, 3)
        reading.view_module(reader, module)
    db.session.commit()


LIST_PAGES = ["/", "/modules", "/modules?q=module", "/tags/common", "/learning", "/progress"]


def test_list_pages_do_not_grow_with_their_length(client, login_as):
    from tests.factories import make_department

    reader = make_user(department=make_department("Readers"))
    login_as(reader)
    _catalog_of(3, reader)
    small = {path: len(_page_statements(client, path)) for path in LIST_PAGES}
    _catalog_of(6, reader)
    large = {path: _page_statements(client, path) for path in LIST_PAGES}
    if os.environ.get("SHOW_STATEMENTS"):
        for path in LIST_PAGES:
            print(path, small[path], len(large[path]))
            print(_show(large[path]))
    grown = {p: (small[p], len(large[p])) for p in LIST_PAGES if len(large[p]) > small[p]}
    assert not grown, grown


def test_the_module_page_does_not_grow_with_its_comments(client, login_as):
    from tests.factories import make_comment

    module = make_live_module(make_user())
    login_as(make_user())
    path = f"/m/{module.slug}"
    counts = []
    for _ in range(2):
        for _ in range(3):
            make_comment(module, make_user())
        counts.append(len(_page_statements(client, path)))
    if os.environ.get("SHOW_STATEMENTS"):
        print(_show(_page_statements(client, path)))
    assert counts[1] == counts[0], counts
