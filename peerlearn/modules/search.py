"""Catalog search: :func:`catalog_search` (and :func:`search_modules`, its select alone),
hiding the database's dialect.

The index is written at publication (:mod:`peerlearn.modules.search_index`); a query only
reads it. The words typed become concepts (:mod:`peerlearn.modules.search_terms`: filler
words dropped, prefixes, synonyms, spelling corrections); a module matches when it matches
any concept and ranks by how many it covers, then by the engine's own score:

- SQLite: one FTS5 ``MATCH`` per concept, ``bm25`` weighted title > summary > body > tags;
- PostgreSQL: the stored ``tsvector`` under its GIN index, one ``to_tsquery`` per concept,
  ``ts_rank`` (weights A–D: title, summary, body, tags).

Either way the match is a ``MATERIALIZED`` common table expression: computed once per
statement, for the page as for its count, never once per module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Float, Integer, Select, and_, case, cast, func, literal_column, select, text
from sqlalchemy.orm import contains_eager, joinedload

from peerlearn.accounts.models import User
from peerlearn.content.models import Module, ModuleRevision, ModuleState, Tag, module_tag
from peerlearn.dialect import is_sqlite
from peerlearn.events import utcnow
from peerlearn.modules.models import Clap, Completion, ReadingProgress
from peerlearn.modules.search_index import (
    FTS_TABLE,
    create_search_index,
    index_module,
    known_words,
    similar_words,
    sync_search_index,
)
from peerlearn.modules.search_synonyms import synonym_map
from peerlearn.modules.search_terms import (
    MAX_TERMS,
    Concept,
    closest,
    concepts_for,
    fts5_query,
    meaningful,
    search_terms,
    suggestion_text,
    tsquery,
)

__all__ = [
    "FTS_TABLE",
    "MAX_TERMS",
    "CatalogSearch",
    "SearchFilters",
    "catalog_search",
    "create_search_index",
    "index_module",
    "search_modules",
    "search_terms",
    "sync_search_index",
]

SORTS = ("relevance", "newest", "popular", "claps", "completion_rate")
LENGTHS = {"short": (None, 3), "medium": (4, 6), "long": (7, None)}
# bm25 weights in column order: title, summary, body, tags, revision_id.
FTS_RANK = f"bm25({FTS_TABLE}, 10.0, 5.0, 2.0, 1.5, 0.0)"


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


@dataclass(frozen=True)
class CatalogSearch:
    """A search ready to paginate: the select, and the corrected query to offer ("Did you
    mean …"), when a word was not in the index but a close one is."""

    stmt: Select[Any]
    suggestion: str | None = None


def _concepts(terms: list[str]) -> tuple[list[Concept], dict[str, str]]:
    """The concepts of ``terms``, correcting words the index does not know (one statement,
    plus one per unknown word)."""
    synonyms = synonym_map()
    unknown = [t for t in terms if t not in synonyms and len(t) >= 4]
    known = known_words(unknown)
    corrections: dict[str, str] = {}
    for term in unknown:
        if term not in known:
            found = closest(term, similar_words(term))
            if found:
                corrections[term] = found
    return concepts_for(terms, synonyms, corrections), corrections


def _matches(concepts: list[Concept]) -> Any:
    """A materialised CTE ``fts(module_id, coverage, score)``: modules matching any concept,
    how many they cover and the engine's score (higher is better)."""
    params = {}
    if is_sqlite():
        branches = []
        for i, concept in enumerate(concepts):
            params[f"m{i}"] = fts5_query(concept)
            branches.append(
                f"SELECT rowid AS module_id, {FTS_RANK} AS score FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH :m{i}"
            )
        sql = (
            "SELECT module_id, count(*) AS coverage, -sum(score) AS score FROM ("
            + " UNION ALL ".join(branches)
            # LIMIT -1 (none): keeps SQLite from flattening bm25() into the aggregate.
            + " LIMIT -1) GROUP BY module_id"
        )
    else:
        queries = []
        for i, concept in enumerate(concepts):
            params[f"m{i}"] = tsquery(concept)
            queries.append(f"to_tsquery('english', :m{i})")
        any_of = "(" + " || ".join(queries) + ")"
        coverage = " + ".join(f"(document @@ {q})::int" for q in queries)
        sql = (
            f"SELECT module_id, {coverage} AS coverage, ts_rank(document, {any_of}, 1) AS score "
            f"FROM {FTS_TABLE} WHERE document @@ {any_of}"
        )
    matched = text(sql).bindparams(**params)
    columns = matched.columns(module_id=Integer, coverage=Integer, score=Float)
    return columns.cte("fts").prefix_with("MATERIALIZED")


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
        return stmt.order_by(*rank, *newest)
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


def catalog_search(filters: SearchFilters) -> CatalogSearch:
    """Live modules matching ``filters``, ranked/sorted, with what a result card shows
    loaded along (revision, author, department); paginate ``.stmt``.

    With words in ``q`` the default sort is relevance, else newest. Never raises on any
    ``q``: words are extracted first, and a query with none lists everything.
    """
    stmt = live_modules().options(
        contains_eager(Module.published_revision),
        joinedload(Module.author).joinedload(User.department),
    )
    terms = search_terms(filters.q)
    rank = None
    suggestion = None
    if terms:
        concepts, corrections = _concepts(meaningful(terms))
        suggestion = suggestion_text(terms, corrections)
        fts = _matches(concepts)
        stmt = stmt.join(fts, fts.c.module_id == Module.id)
        rank = (fts.c.coverage.desc(), fts.c.score.desc())
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
        author = User.__table__.alias("search_author")
        stmt = stmt.join(author, author.c.id == Module.author_id).where(
            author.c.department_id == filters.department_id
        )
    if filters.author_id:
        stmt = stmt.where(Module.author_id == filters.author_id)
    sort = filters.sort if filters.sort in SORTS else ("relevance" if terms else "newest")
    return CatalogSearch(_sorted(stmt, sort, rank), suggestion)


def search_modules(filters: SearchFilters) -> Select[Any]:
    """The select of :func:`catalog_search` (without its suggestion)."""
    return catalog_search(filters).stmt
