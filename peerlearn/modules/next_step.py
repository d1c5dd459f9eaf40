"""What to read next after finishing a module: the next module of a path the learner
follows, then related modules (linked with ``[[slug]]``, linking back, sharing a tag).
Never a module the learner completed, never their own, never the one just finished."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from peerlearn.content.models import Module, ModuleLink, Tag, module_tag
from peerlearn.content.queries import backlinks
from peerlearn.extensions import db
from peerlearn.modules.models import Completion
from peerlearn.modules.paths import followed_paths
from peerlearn.modules.search import live_modules

NEXT_LIMIT = 3


@dataclass(frozen=True)
class NextStep:
    """A module to read next and why it is suggested."""

    module: Module
    why: str


def _completed_ids(user: Any) -> set[int]:
    return set(
        db.session.execute(select(Completion.module_id).where(Completion.user_id == user.id))
        .scalars()
        .all()
    )


def next_steps(user: Any, module: Module, limit: int = NEXT_LIMIT) -> list[NextStep]:
    """Up to ``limit`` suggestions after ``module``, the path's next step first."""
    done = _completed_ids(user) | {module.id}
    steps: list[NextStep] = []
    seen: set[int] = set(done)

    def add(candidate: Module, why: str) -> bool:
        if candidate.id in seen or candidate.author_id == user.id or not candidate.is_live:
            return False
        seen.add(candidate.id)
        steps.append(NextStep(candidate, why))
        return True

    for path, _progress in followed_paths(user):
        items = [item.module for item in path.items]
        if module not in items:
            continue
        after = items[items.index(module) + 1 :] + items[: items.index(module)]
        for candidate in after:
            if add(candidate, f"Next in your path “{path.title}”"):
                break
    if len(steps) >= limit:
        return steps[:limit]
    linked = db.session.execute(
        live_modules()
        .join(ModuleLink, ModuleLink.target_slug == Module.slug)
        .where(ModuleLink.revision_id == module.published_revision_id)
        .order_by(Module.slug)
    ).scalars()
    for candidate in linked:
        add(candidate, "Linked from this module")
    for candidate in backlinks(module):
        add(candidate, "Links to this module")
    if len(steps) < limit:
        _add_same_tags(module, add, seen, limit - len(steps))
    return steps[:limit]


def _add_same_tags(module: Module, add: Any, seen: set[int], wanted: int) -> None:
    tags = [tag.name for tag in module.tags]
    if not tags:
        return
    shared = (
        select(module_tag.c.module_id, func.count().label("n"))
        .join(Tag, Tag.id == module_tag.c.tag_id)
        .where(Tag.name.in_(tags))
        .group_by(module_tag.c.module_id)
        .subquery()
    )
    stmt = (
        live_modules()
        .join(shared, shared.c.module_id == Module.id)
        .where(Module.id.not_in(seen))
        .order_by(shared.c.n.desc(), Module.first_published_at.desc(), Module.id.desc())
        .limit(wanted * 3)
    )
    for candidate in db.session.execute(stmt).scalars():
        add(candidate, "On the same topic")
