"""Learning paths: any employee builds an ordered list of published modules; others follow
it and see their progress. Completing a path's last module records ``path_completed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from peerlearn.content.models import Module, ModuleState
from peerlearn.dialect import insert_ignore
from peerlearn.errors import NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event, utcnow
from peerlearn.extensions import db
from peerlearn.modules.models import Completion
from peerlearn.modules.social_models import LearningPath, LearningPathItem, PathFollower
from peerlearn.permissions import can_edit_path

TITLE_MAX = 120
DESCRIPTION_MAX = 2000
MAX_ITEMS = 30


@dataclass(frozen=True)
class PathProgress:
    """How far one follower is through a path."""

    done: int
    total: int
    completed_module_ids: frozenset[int]

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def get_path(path_id: int) -> LearningPath:
    path = db.session.get(LearningPath, path_id)
    if path is None:
        raise NotFoundError("No such learning path.")
    return path


def _clean(values: dict[str, Any]) -> tuple[str, str, list[int]]:
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise ServiceError("Give the path a title.", "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Keep the title under {TITLE_MAX} characters.", "title")
    description = (values.get("description") or "").strip()
    if len(description) > DESCRIPTION_MAX:
        raise ServiceError(
            f"Keep the description under {DESCRIPTION_MAX} characters.", "description"
        )
    ids: list[int] = []
    for raw in values.get("module_ids") or []:
        if isinstance(raw, int) and not isinstance(raw, bool) and raw not in ids:
            ids.append(raw)
    if not ids:
        raise ServiceError("Add at least one published module.", "module_ids")
    if len(ids) > MAX_ITEMS:
        raise ServiceError(f"Keep a path to {MAX_ITEMS} modules at most.", "module_ids")
    live = set(
        db.session.execute(
            select(Module.id).where(
                Module.id.in_(ids),
                Module.state == ModuleState.PUBLISHED,
                Module.published_revision_id.is_not(None),
            )
        ).scalars()
    )
    missing = [i for i in ids if i not in live]
    if missing:
        raise ServiceError("Only published modules can be in a path.", "module_ids")
    return title, description, ids


def _set_items(path: LearningPath, module_ids: list[int]) -> None:
    db.session.execute(delete(LearningPathItem).where(LearningPathItem.path_id == path.id))
    db.session.expire(path, ["items"])
    for position, module_id in enumerate(module_ids):
        db.session.add(LearningPathItem(path_id=path.id, module_id=module_id, position=position))
    db.session.flush()


def create_path(actor: Any, values: dict[str, Any]) -> LearningPath:
    """A new path owned by ``actor``, with ``values``: title, description, module_ids."""
    title, description, ids = _clean(values)
    path = LearningPath(owner_id=actor.id, title=title, description=description)
    db.session.add(path)
    db.session.flush()
    _set_items(path, ids)
    return path


def update_path(actor: Any, path: LearningPath, values: dict[str, Any]) -> LearningPath:
    """Change a path's title, description or modules (their order is the list's order)."""
    if not can_edit_path(actor, path):
        raise PermissionDenied("Only the person who built this path changes it.")
    merged = {
        "title": values.get("title", path.title),
        "description": values.get("description", path.description),
        "module_ids": values.get("module_ids", [item.module_id for item in path.items]),
    }
    path.title, path.description, ids = _clean(merged)
    path.updated_at = utcnow()
    _set_items(path, ids)
    return path


def delete_path(actor: Any, path: LearningPath) -> None:
    if not can_edit_path(actor, path):
        raise PermissionDenied("Only the person who built this path deletes it.")
    db.session.delete(path)
    db.session.flush()


def progress(user: Any, path: LearningPath) -> PathProgress:
    """``user``'s completed modules of ``path``, out of its live modules."""
    module_ids = [item.module_id for item in path.items if item.module.is_live]
    done = set(
        db.session.execute(
            select(Completion.module_id).where(
                Completion.user_id == user.id, Completion.module_id.in_(module_ids)
            )
        ).scalars()
    )
    return PathProgress(len(done), len(module_ids), frozenset(done))


def follower_of(user: Any, path: LearningPath) -> PathFollower | None:
    return db.session.execute(
        select(PathFollower).where(PathFollower.path_id == path.id, PathFollower.user_id == user.id)
    ).scalar_one_or_none()


def follow_path(actor: Any, path: LearningPath) -> PathFollower:
    """Follow ``path`` (again is harmless). Already done with it? It shows as completed,
    without a ``path_completed`` event: that is earned by completing its last module."""
    insert_ignore(
        PathFollower,
        {"path_id": path.id, "user_id": actor.id, "followed_at": utcnow()},
        ("path_id", "user_id"),
    )
    follower = follower_of(actor, path)
    assert follower is not None
    if follower.completed_at is None and progress(actor, path).complete:
        follower.completed_at = utcnow()
        db.session.flush()
    return follower


def unfollow_path(actor: Any, path: LearningPath) -> None:
    db.session.execute(
        delete(PathFollower).where(
            PathFollower.path_id == path.id, PathFollower.user_id == actor.id
        )
    )


def follower_count(path: LearningPath) -> int:
    return db.session.execute(
        select(func.count()).select_from(PathFollower).where(PathFollower.path_id == path.id)
    ).scalar_one()


def advance_paths(actor: Any, module: Module) -> list[LearningPath]:
    """After ``actor`` completed ``module``: finish every followed path it completes."""
    followed = db.session.execute(
        select(PathFollower)
        .join(LearningPathItem, LearningPathItem.path_id == PathFollower.path_id)
        .where(
            PathFollower.user_id == actor.id,
            PathFollower.completed_at.is_(None),
            LearningPathItem.module_id == module.id,
        )
    ).scalars()
    finished = []
    for follower in followed:
        path = follower.path
        state = progress(actor, path)
        if not state.complete:
            continue
        follower.completed_at = utcnow()
        db.session.flush()
        tags = sorted(
            {
                t
                for item in path.items
                for t in (
                    item.module.published_revision.tags if item.module.published_revision else []
                )
            }
        )
        record_event(
            Verb.PATH_COMPLETED,
            actor,
            "learning_path",
            path.id,
            {
                "author_id": path.owner_id,
                "tags": tags,
                "revision_id": None,
                "module_id": module.id,
                "module_ids": [item.module_id for item in path.items],
            },
        )
        finished.append(path)
    return finished


def paths_stmt(owner_id: int | None = None, q: str = "") -> Any:
    """A select of learning paths, newest first (optionally one owner's, or matching ``q``)."""
    stmt = select(LearningPath)
    if owner_id:
        stmt = stmt.where(LearningPath.owner_id == owner_id)
    words = q.strip()[:100]
    if words:
        escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(LearningPath.title.ilike(f"%{escaped}%", escape="\\"))
    return stmt.order_by(LearningPath.updated_at.desc(), LearningPath.id.desc())


def followed_paths(user: Any) -> list[tuple[LearningPath, PathProgress]]:
    paths = db.session.execute(
        select(LearningPath)
        .join(PathFollower, PathFollower.path_id == LearningPath.id)
        .where(PathFollower.user_id == user.id)
        .order_by(PathFollower.followed_at.desc())
    ).scalars()
    return [(path, progress(user, path)) for path in paths]
