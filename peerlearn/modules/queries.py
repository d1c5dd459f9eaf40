"""Read-only views of learning: My learning, the home page's panels, author and module stats."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from peerlearn.accounts.models import User
from peerlearn.content.models import Module, ModuleRevision, Origin, Tag, module_tag
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.gamification import reward
from peerlearn.modules.models import Bookmark, Clap, Completion, ReadingProgress
from peerlearn.modules.search import completions_since, live_modules

HOME_LIMIT = 5
# What a module card shows, loaded with the modules (live_modules() joins the revision).
_CARD = (contains_eager(Module.published_revision), joinedload(Module.author))


def in_progress(user: Any, limit: int | None = None) -> list[tuple[Module, ReadingProgress]]:
    """Live modules of others that ``user`` opened but has not completed, most recently
    read first."""
    stmt = (
        select(Module, ReadingProgress)
        .join(ReadingProgress, ReadingProgress.module_id == Module.id)
        .outerjoin(
            Completion,
            (Completion.module_id == Module.id) & (Completion.user_id == user.id),
        )
        .where(
            ReadingProgress.user_id == user.id,
            Completion.id.is_(None),
            Module.author_id != user.id,  # reading your own module is not learning it
            Module.state == "published",
            Module.published_revision_id.is_not(None),
        )
        .order_by(ReadingProgress.last_viewed_at.desc())
        .options(joinedload(Module.published_revision))
    )
    if limit:
        stmt = stmt.limit(limit)
    return [(m, p) for m, p in db.session.execute(stmt).all()]


def completed_stmt(user: Any) -> Any:
    """A select of ``user``'s completions (with their module), newest first."""
    return (
        select(Completion)
        .where(Completion.user_id == user.id)
        .order_by(Completion.completed_at.desc(), Completion.id.desc())
        .options(joinedload(Completion.module).joinedload(Module.published_revision))
    )


def completed_among(user: Any, module_ids: list[int]) -> frozenset[int]:
    """Which of ``module_ids`` ``user`` has completed (the catalog's "done" markers)."""
    if not module_ids or not getattr(user, "is_authenticated", False):
        return frozenset()
    stmt = select(Completion.module_id).where(
        Completion.user_id == user.id, Completion.module_id.in_(module_ids)
    )
    return frozenset(db.session.execute(stmt).scalars())


def bookmarks_of(user: Any) -> list[Bookmark]:
    return list(
        db.session.execute(
            select(Bookmark)
            .join(Module, Module.id == Bookmark.module_id)
            .where(Bookmark.user_id == user.id, Module.state == "published")
            .order_by(Bookmark.created_at.desc())
            .options(contains_eager(Bookmark.module).joinedload(Module.published_revision))
        ).scalars()
    )


def favourite_tags(user: Any, limit: int = 3) -> list[str]:
    """The tags of the modules ``user`` completed most."""
    rows = db.session.execute(
        select(Tag.name, func.count())
        .join(module_tag, module_tag.c.tag_id == Tag.id)
        .join(Completion, Completion.module_id == module_tag.c.module_id)
        .where(Completion.user_id == user.id)
        .group_by(Tag.name)
        .order_by(func.count().desc(), Tag.name)
        .limit(limit)
    )
    return [name for name, _ in rows]


def _unread(user: Any) -> Any:
    completed = select(Completion.module_id).where(Completion.user_id == user.id)
    return live_modules().where(Module.id.not_in(completed), Module.author_id != user.id)


def for_you(user: Any, limit: int = HOME_LIMIT) -> tuple[list[str], list[Module]]:
    """Unread modules on the tags ``user`` completes most (``([], [])`` before any)."""
    tags = favourite_tags(user)
    if not tags:
        return [], []
    tagged = select(module_tag.c.module_id).join(Tag, Tag.id == module_tag.c.tag_id)
    stmt = _unread(user).where(Module.id.in_(tagged.where(Tag.name.in_(tags))))
    stmt = stmt.order_by(Module.first_published_at.desc()).limit(limit)
    return tags, list(db.session.execute(stmt.options(*_CARD)).unique().scalars())


def trending_in_department(user: Any, days: int = 14, limit: int = HOME_LIMIT) -> list[Module]:
    """Modules most completed lately by people in ``user``'s department, that ``user`` has
    not completed and did not write. The ranking is an aggregate over the department's
    recent completions, so each process keeps it for ``TRENDING_CACHE_SECONDS`` (5 minutes)
    per department (a few more than shown, to leave out yours); the modules load fresh."""
    if user.department_id is None:
        return []
    ttl = float(current_app.config.get("TRENDING_CACHE_SECONDS", 300))
    key = (db.engine.url.render_as_string(), user.department_id, days, limit)
    cached = _trending.get(key)
    if ttl > 0 and cached is not None and time.monotonic() - cached[0] < ttl:
        ids = cached[1]
    else:
        ids = _trending_ids(user.department_id, days, TRENDING_POOL * limit)
        if ttl > 0:
            _trending[key] = (time.monotonic(), ids)
    if not ids:
        return []
    found = db.session.execute(_unread(user).where(Module.id.in_(ids)).options(*_CARD))
    by_id = {m.id: m for m in found.unique().scalars()}
    return [by_id[i] for i in ids if i in by_id][:limit]


TRENDING_POOL = 4
"""The department's ranking keeps this many times the modules shown, so that leaving out
what one colleague completed or wrote still leaves a full list."""

_trending: dict[tuple[Any, ...], tuple[float, list[int]]] = {}


def _trending_ids(department_id: int, days: int, limit: int) -> list[int]:
    since = utcnow() - timedelta(days=days)
    counts = (
        select(Completion.module_id, func.count().label("n"))
        .join(User, User.id == Completion.user_id)
        .where(User.department_id == department_id, Completion.completed_at >= since)
        .group_by(Completion.module_id)
        .subquery()
    )
    stmt = (
        live_modules()
        .with_only_columns(Module.id)
        .join(counts, counts.c.module_id == Module.id)
        .order_by(counts.c.n.desc(), Module.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())


def newest_official(limit: int = HOME_LIMIT) -> list[Module]:
    stmt = live_modules().where(Module.origin == Origin.OFFICIAL)
    stmt = stmt.order_by(Module.first_published_at.desc(), Module.id.desc()).limit(limit)
    return list(db.session.execute(stmt.options(*_CARD)).unique().scalars())


@dataclass(frozen=True)
class ModuleStats:
    """What a catalog card shows."""

    readers: int = 0
    completions: int = 0
    completions_30d: int = 0
    claps: int = 0

    @property
    def completion_rate(self) -> int | None:
        return round(100 * self.completions / self.readers) if self.readers else None


def module_stats(module_ids: list[int]) -> dict[int, ModuleStats]:
    """Readers, completions (all time and 30 days) and claps for each module id."""
    if not module_ids:
        return {}

    def counts(stmt: Any) -> dict[int, int]:
        return {mid: n for mid, n in db.session.execute(stmt)}

    readers = counts(
        select(ReadingProgress.module_id, func.count())
        .where(ReadingProgress.module_id.in_(module_ids))
        .group_by(ReadingProgress.module_id)
    )
    done = counts(
        select(Completion.module_id, func.count())
        .where(Completion.module_id.in_(module_ids))
        .group_by(Completion.module_id)
    )
    recent_sq = completions_since(30)
    recent = counts(
        select(recent_sq.c.module_id, recent_sq.c.n).where(recent_sq.c.module_id.in_(module_ids))
    )
    claps = counts(
        select(Clap.module_id, func.sum(Clap.count))
        .where(Clap.module_id.in_(module_ids))
        .group_by(Clap.module_id)
    )
    return {
        mid: ModuleStats(
            readers.get(mid, 0), done.get(mid, 0), recent.get(mid, 0), int(claps.get(mid, 0) or 0)
        )
        for mid in module_ids
    }


def author_totals(author: Any) -> dict[str, int]:
    """An author's published modules, their completions, readers and claps."""
    ids = list(
        db.session.execute(
            live_modules().with_only_columns(Module.id).where(Module.author_id == author.id)
        ).scalars()
    )
    stats = module_stats(ids).values()
    return {
        "modules": len(ids),
        "readers": sum(s.readers for s in stats),
        "completions": sum(s.completions for s in stats),
        "claps": sum(s.claps for s in stats),
    }


def popular_tags(limit: int = 20) -> list[tuple[str, int]]:
    """Tags of live modules with how many modules carry each, most used first."""
    rows = db.session.execute(
        select(Tag.name, func.count())
        .join(module_tag, module_tag.c.tag_id == Tag.id)
        .join(Module, Module.id == module_tag.c.module_id)
        .where(Module.state == "published")
        .group_by(Tag.name)
        .order_by(func.count().desc(), Tag.name)
        .limit(limit)
    )
    return [(name, n) for name, n in rows]


def learning_summary(user: Any) -> dict[str, Any]:
    """Counts for the top of My learning and Home: modules completed (every completion
    recorded), and of those the ones that count for badges and points (``counted``, the
    engine's counter: not your own module, read at least the minimum, first completion)."""
    completed = list(db.session.execute(completed_stmt(user)).scalars())
    scores = [c.score for c in completed if c.score is not None]
    by_origin = Counter(c.module.origin for c in completed)
    return {
        "completed": len(completed),
        "counted": reward.counted_completions(user),
        "min_seconds": reward.min_reading_seconds(),
        "average_score": round(sum(scores) / len(scores)) if scores else None,
        "peer": by_origin.get("peer", 0),
        "official": by_origin.get("official", 0),
    }


def revision_of(module: Module) -> ModuleRevision | None:
    return module.published_revision
