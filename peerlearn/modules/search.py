"""Catalog search: one function, :func:`search_modules`, hiding the database's dialect.

- SQLite: an FTS5 table ``module_fts`` (title, summary, body, tags; rowid = module id) that
  this module creates and keeps in step with each module's published revision, ranked by
  ``bm25`` with title > tags > summary > body.
- PostgreSQL: ``to_tsvector('english', …)`` over the published revision, weighted A–D and
  ranked by ``ts_rank`` against ``websearch_to_tsquery``.

These two engines are this feature's own, so they live here; which database we are on, like
every generic SQL difference, is asked of :mod:`peerlearn.dialect`.

User input never reaches either query language raw: :func:`search_terms` keeps at most a
dozen words of letters and digits, so quotes, operators, FTS syntax and huge strings can
only ever become plain words (or nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    Select,
    Text,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
    text,
)

from peerlearn.accounts.models import User
from peerlearn.content.models import Module, ModuleRevision, ModuleState, Tag, module_tag
from peerlearn.dialect import is_sqlite
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.modules.models import Clap, Completion, ReadingProgress

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
_TERM = re.compile(r"[^\W_]+", re.UNICODE)

SORTS = ("relevance", "newest", "popular", "claps", "completion_rate")
LENGTHS = {"short": (None, 3), "medium": (4, 6), "long": (7, None)}
FTS_TABLE = "module_fts"
FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, body, tags, revision_id UNINDEXED, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
# bm25 weights in column order: title, summary, body, tags, revision_id.
FTS_RANK = f"bm25({FTS_TABLE}, 10.0, 4.0, 1.0, 6.0, 0.0)"


@dataclass(frozen=True)
class SearchFilters:
    """What the catalog asks for. Every field is optional; ``q`` is free text."""

    q: str = ""
    tag: str | None = None
    origin: str | None = None
    length: str | None = None
    department_id: int | None = None
    author_id: int | None = None
    sort: str | None = None


def search_terms(query: str | None) -> list[str]:
    """The words of ``query`` that are safe in any full-text syntax (letters and digits)."""
    words = _TERM.findall((query or "")[:2000])
    terms: list[str] = []
    for word in words:
        word = word.casefold()[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


# --- SQLite FTS5 ------------------------------------------------------------------------


def create_fts_table(connection: Any) -> None:
    """Create the FTS5 table on a SQLite connection (no-op elsewhere or when it exists)."""
    if is_sqlite(connection):
        connection.execute(text(FTS_DDL))


def _index_rows(module_ids: list[int]) -> None:
    rows = db.session.execute(
        select(Module.id, ModuleRevision)
        .join(ModuleRevision, ModuleRevision.id == Module.published_revision_id)
        .where(Module.id.in_(module_ids))
    ).all()
    for module_id, revision in rows:
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": module_id})
        db.session.execute(
            text(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, tags, revision_id) "
                "VALUES (:id, :title, :summary, :body, :tags, :revision_id)"
            ),
            {
                "id": module_id,
                "title": revision.title,
                "summary": revision.summary,
                "body": revision.body_markdown,
                "tags": " ".join(revision.tags or []),
                "revision_id": revision.id,
            },
        )


def sync_search_index() -> int:
    """Bring ``module_fts`` up to date with every published revision; return rows written.

    Publication indexes at once (``modules/app.py``'s ``index_on_publish``), so searching
    never writes; this is for bulk loads that bypass publication (the demo seed) and repairs.
    Unpublished modules may keep stale rows: queries join live modules only.
    """
    if not is_sqlite():
        return 0
    create_fts_table(db.session.connection())
    stale = list(
        db.session.execute(
            text(
                f"SELECT m.id FROM module m LEFT JOIN {FTS_TABLE} f ON f.rowid = m.id "
                "WHERE m.state = 'published' AND m.published_revision_id IS NOT NULL "
                "AND (f.revision_id IS NULL OR f.revision_id != m.published_revision_id)"
            )
        ).scalars()
    )
    if stale:
        _index_rows(stale)
    return len(stale)


def index_module(module_id: int) -> None:
    """(Re)index one module now, in the current transaction (SQLite only)."""
    if is_sqlite():
        create_fts_table(db.session.connection())
        _index_rows([module_id])


def _fts_match(terms: list[str]) -> str:
    # Each term double-quoted: FTS5 reads it as a plain string, never as syntax.
    return " ".join(f'"{term}"' for term in terms)


# --- the query --------------------------------------------------------------------------


def _text_search(stmt: Select[Any], terms: list[str]) -> tuple[Select[Any], Any]:
    """Restrict ``stmt`` to matches of ``terms``; return it and a rank (lower is better)."""
    if is_sqlite():
        fts = (
            text(
                f"SELECT rowid AS module_id, {FTS_RANK} AS rank FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH :match"
            )
            .columns(module_id=Integer, rank=Float)
            .subquery("fts")
        )
        stmt = stmt.join(fts, fts.c.module_id == Module.id).params(match=_fts_match(terms))
        return stmt, fts.c.rank

    def weighted(column: Any, weight: str) -> Any:
        # An untyped literal: PostgreSQL reads it as setweight's "char" argument.
        return func.setweight(func.to_tsvector("english", column), literal_column(f"'{weight}'"))

    document = (
        weighted(ModuleRevision.title, "A")
        .op("||")(weighted(cast(ModuleRevision.tags, Text), "B"))
        .op("||")(weighted(ModuleRevision.summary, "B"))
        .op("||")(weighted(ModuleRevision.body_markdown, "D"))
    )
    # Quoted, so "or" and "-" are words, never operators (stop words simply drop out).
    query = func.websearch_to_tsquery("english", " ".join(f'"{term}"' for term in terms))
    stmt = stmt.where(document.op("@@")(query))
    return stmt, -func.ts_rank(document, query)


def completions_since(days: int) -> Any:
    """Subquery: completions per module in the last ``days`` days."""
    since = utcnow() - timedelta(days=days)
    return (
        select(Completion.module_id, func.count().label("n"))
        .where(Completion.completed_at >= since)
        .group_by(Completion.module_id)
        .subquery()
    )


def _sorted(stmt: Select[Any], sort: str, rank: Any) -> Select[Any]:
    newest = (Module.first_published_at.desc(), Module.id.desc())
    if sort == "relevance" and rank is not None:
        return stmt.order_by(rank, *newest)
    if sort == "popular":
        recent = completions_since(30)
        stmt = stmt.outerjoin(recent, recent.c.module_id == Module.id)
        return stmt.order_by(func.coalesce(recent.c.n, 0).desc(), *newest)
    if sort == "claps":
        claps = select(Clap.module_id, func.sum(Clap.count).label("n")).group_by(Clap.module_id)
        claps_sq = claps.subquery()
        stmt = stmt.outerjoin(claps_sq, claps_sq.c.module_id == Module.id)
        return stmt.order_by(func.coalesce(claps_sq.c.n, 0).desc(), *newest)
    if sort == "completion_rate":
        readers = (
            select(ReadingProgress.module_id, func.count().label("n"))
            .group_by(ReadingProgress.module_id)
            .subquery()
        )
        done = (
            select(Completion.module_id, func.count().label("n"))
            .group_by(Completion.module_id)
            .subquery()
        )
        stmt = stmt.outerjoin(readers, readers.c.module_id == Module.id).outerjoin(
            done, done.c.module_id == Module.id
        )
        rate = case(
            (func.coalesce(readers.c.n, 0) == 0, literal_column("0.0")),
            else_=cast(func.coalesce(done.c.n, 0), Float) / cast(readers.c.n, Float),
        )
        return stmt.order_by(rate.desc(), func.coalesce(done.c.n, 0).desc(), *newest)
    return stmt.order_by(*newest)


def live_modules() -> Select[Any]:
    """A select of published modules joined to their published revision."""
    return (
        select(Module)
        .join(ModuleRevision, ModuleRevision.id == Module.published_revision_id)
        .where(Module.state == ModuleState.PUBLISHED)
    )


def search_modules(filters: SearchFilters) -> Select[Any]:
    """A select of live modules matching ``filters``, ranked/sorted; paginate it.

    With words in ``q`` the default sort is relevance, else newest. Never raises on any
    ``q``: words are extracted first, and a query with none lists everything.
    """
    stmt = live_modules()
    terms = search_terms(filters.q)
    rank = None
    if terms:
        stmt, rank = _text_search(stmt, terms)
    if filters.tag:
        stmt = stmt.where(
            Module.id.in_(
                select(module_tag.c.module_id)
                .join(Tag, Tag.id == module_tag.c.tag_id)
                .where(Tag.name == filters.tag.strip().casefold())
            )
        )
    if filters.origin:
        stmt = stmt.where(Module.origin == filters.origin)
    if filters.length in LENGTHS:
        low, high = LENGTHS[filters.length]
        minutes = ModuleRevision.estimated_minutes
        stmt = stmt.where(and_(minutes >= (low or 0), minutes <= (high or 10_000)))
    if filters.department_id:
        stmt = stmt.join(User, User.id == Module.author_id).where(
            User.department_id == filters.department_id
        )
    if filters.author_id:
        stmt = stmt.where(Module.author_id == filters.author_id)
    sort = filters.sort if filters.sort in SORTS else ("relevance" if terms else "newest")
    return _sorted(stmt, sort, rank)
