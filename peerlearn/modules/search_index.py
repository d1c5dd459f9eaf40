"""The catalog's search index, written when a module goes live and when it leaves: nothing
is indexed (or checked for staleness) at query time.

- ``module_fts``: on SQLite an FTS5 table (title, summary, body, tags; rowid = module id);
  on PostgreSQL a table of stored ``tsvector`` documents (weights A title, B summary, C body,
  D tags) under a GIN index.
- ``module_fts_words``: every word of the indexed text, unstemmed, for prefix checks and
  spelling suggestions; on PostgreSQL under a ``pg_trgm`` index for similarity lookups.

Neither table is in the models' metadata (Alembic skips names starting ``module_fts``):
their DDL is dialect-specific, so this module creates them (``create_all``) and the
migrations do the same by hand.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, text

from peerlearn.content.models import Module, ModuleRevision, ModuleState
from peerlearn.dialect import is_postgresql, is_sqlite
from peerlearn.extensions import db

FTS_TABLE = "module_fts"
WORDS_TABLE = "module_fts_words"
INDEX_TABLES = (FTS_TABLE, WORDS_TABLE)
MIN_WORD = 3
MAX_WORD = 40
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, body, tags, revision_id UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')",
    f"CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (word VARCHAR(40) PRIMARY KEY) WITHOUT ROWID",
)
POSTGRESQL_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} (module_id INTEGER PRIMARY KEY, "
    "revision_id INTEGER NOT NULL, document TSVECTOR NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_document ON {FTS_TABLE} USING gin (document)",
    f'CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (word VARCHAR(40) COLLATE "C" PRIMARY KEY)',
    f"CREATE INDEX IF NOT EXISTS ix_{WORDS_TABLE}_trgm ON {WORDS_TABLE} "
    "USING gin (word gin_trgm_ops)",
)
# The stored document: title > summary > body > tags.
POSTGRESQL_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(:title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(:summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(:body, '')), 'C') || "
    "setweight(to_tsvector('english', coalesce(:tags, '')), 'D')"
)


def create_search_index(connection: Any) -> None:
    """Create the index tables on ``connection`` (idempotent)."""
    ddl = SQLITE_DDL if is_sqlite(connection) else POSTGRESQL_DDL
    for statement in ddl:
        connection.execute(text(statement))


def words_of(*texts: str) -> set[str]:
    """The distinct words (letters and digits, lower case, 3–40 long) of ``texts``."""
    return {
        word
        for chunk in texts
        for word in (w.casefold() for w in _WORD.findall(chunk or ""))
        if MIN_WORD <= len(word) <= MAX_WORD
    }


def _write(revisions: list[tuple[int, ModuleRevision]]) -> None:
    if not revisions:
        return
    ids = [module_id for module_id, _ in revisions]
    key = "rowid" if is_sqlite() else "module_id"
    db.session.execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE {key} IN ({','.join(str(int(i)) for i in ids)})")
    )
    rows = [
        {
            "id": module_id,
            "title": revision.title,
            "summary": revision.summary,
            "body": revision.body_markdown,
            "tags": " ".join(revision.tags or []),
            "revision_id": revision.id,
        }
        for module_id, revision in revisions
    ]
    if is_sqlite():
        insert = (
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, tags, revision_id) "
            "VALUES (:id, :title, :summary, :body, :tags, :revision_id)"
        )
        add_word = f"INSERT OR IGNORE INTO {WORDS_TABLE} (word) VALUES (:word)"
    else:
        insert = (
            f"INSERT INTO {FTS_TABLE} (module_id, revision_id, document) "
            f"VALUES (:id, :revision_id, {POSTGRESQL_DOCUMENT})"
        )
        add_word = f"INSERT INTO {WORDS_TABLE} (word) VALUES (:word) ON CONFLICT DO NOTHING"
    db.session.execute(text(insert), rows)
    words = words_of(*(f"{r['title']} {r['summary']} {r['body']} {r['tags']}" for r in rows))
    if words:
        # Sorted: concurrent publications take the words' locks in one order.
        db.session.execute(text(add_word), [{"word": w} for w in sorted(words)])


def _live_revisions(module_ids: list[int] | None) -> list[tuple[int, ModuleRevision]]:
    stmt = (
        select(Module.id, ModuleRevision)
        .join(ModuleRevision, ModuleRevision.id == Module.published_revision_id)
        .where(Module.state == ModuleState.PUBLISHED)
    )
    if module_ids is not None:
        stmt = stmt.where(Module.id.in_(module_ids))
    return [(row[0], row[1]) for row in db.session.execute(stmt).all()]


def index_module(module_id: int) -> None:
    """(Re)index one module's published revision, in the current transaction; a module that
    is not live leaves the index instead."""
    revisions = _live_revisions([module_id])
    if revisions:
        _write(revisions)
    else:
        unindex_module(module_id)


def unindex_module(module_id: int) -> None:
    """Take a module out of the index (archived, or its first publication rejected). Its
    words stay in the vocabulary: suggesting a word no module has any more finds nothing,
    which the catalog then says."""
    key = "rowid" if is_sqlite() else "module_id"
    db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE {key} = :id"), {"id": module_id})


def sync_search_index(batch: int = 500) -> int:
    """Rebuild the index from every live module; return how many were indexed.

    Publication indexes at once (``modules/app.py``), so searching never writes or checks;
    this is for bulk loads that bypass publication (the demo seed, the benchmark generator)
    and for repairs.
    """
    db.session.execute(text(f"DELETE FROM {FTS_TABLE}"))
    revisions = _live_revisions(None)
    for start in range(0, len(revisions), batch):
        _write(revisions[start : start + batch])
    return len(revisions)


def known_words(terms: list[str]) -> set[str]:
    """Which ``terms`` the index knows (one query): the start of an indexed word, or a word
    the full-text index matches after stemming ("give" finds "giving")."""
    if not terms:
        return set()
    parts = []
    params: dict[str, str] = {}
    if is_sqlite():
        matches = f"SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q{{i}}"
    else:
        matches = f"SELECT 1 FROM {FTS_TABLE} WHERE document @@ to_tsquery('english', :q{{i}})"
    for i, term in enumerate(terms):
        # Letters and digits only: quoted for FTS5, bare for to_tsquery.
        params[f"t{i}"], params[f"h{i}"] = term, term + "\uffff"
        params[f"q{i}"] = f'"{term}"' if is_sqlite() else term
        parts.append(
            f"SELECT :t{i} AS term WHERE EXISTS (SELECT 1 FROM {WORDS_TABLE} "
            f"WHERE word >= :t{i} AND word < :h{i}) OR EXISTS ({matches.format(i=i)})"
        )
    return set(db.session.execute(text(" UNION ALL ".join(parts)), params).scalars())


def similar_words(term: str, limit: int = 12) -> list[str]:
    """Indexed words that might be what ``term`` misspells (candidates; the caller ranks).

    PostgreSQL: trigram similarity under the ``pg_trgm`` index. SQLite: words of about the
    same length sharing the first or second letter (a scan of the vocabulary only).
    """
    if is_postgresql():
        stmt = text(
            f"SELECT word FROM {WORDS_TABLE} WHERE word % :t ORDER BY word <-> :t, word LIMIT :n"
        )
        return list(db.session.execute(stmt, {"t": term, "n": limit}).scalars())
    stmt = text(
        f"SELECT word FROM {WORDS_TABLE} WHERE length(word) BETWEEN :lo AND :hi "
        "AND (substr(word, 1, 1) = :a OR substr(word, 2, 1) = :b)"
    )
    params = {"lo": len(term) - 2, "hi": len(term) + 2, "a": term[:1], "b": term[1:2]}
    return list(db.session.execute(stmt, params).scalars())
