"""Learning paths, My learning, author pages and tags under /api/v1."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.accounts.models import User
from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.api.pagination import paginate
from peerlearn.api.schemas import page_of
from peerlearn.errors import NotFoundError
from peerlearn.extensions import db
from peerlearn.modules import paths, queries, serialize
from peerlearn.modules.schemas import (
    AuthorSchema,
    MyLearningSchema,
    PathCreateSchema,
    PathListArgsSchema,
    PathSchema,
    PathWriteSchema,
    TagCountSchema,
)
from peerlearn.permissions import signed_in_required

paths_blp = ApiBlueprint(
    "paths",
    __name__,
    url_prefix="/api/v1/paths",
    description="Learning paths: ordered published modules that people follow.",
)
learning_blp = ApiBlueprint(
    "learning",
    __name__,
    url_prefix="/api/v1/learning",
    description="Your learning, author pages and tags.",
)


@paths_blp.get("")
@signed_in_required
@paths_blp.arguments(PathListArgsSchema, location="query")
@paths_blp.response(200, page_of(PathSchema))
def list_paths(args: dict[str, Any]) -> dict[str, Any]:
    """Paths, most recently changed first (``q`` searches titles)."""
    stmt = paths.paths_stmt(args.get("owner_id"), args["q"])
    result = paginate(stmt, args["page"], args["per_page"])
    result["items"] = [serialize.path(p, current_user) for p in result["items"]]
    return result


@paths_blp.post("")
@signed_in_required
@paths_blp.arguments(PathCreateSchema)
@paths_blp.response(201, PathSchema)
def create_path(body: dict[str, Any]) -> dict[str, Any]:
    """Build a path from published modules, in order."""
    path = paths.create_path(current_user, body)
    db.session.commit()
    return serialize.path(path, current_user)


@paths_blp.get("/<int:path_id>")
@signed_in_required
@paths_blp.response(200, PathSchema)
def get_path(path_id: int) -> dict[str, Any]:
    """A path with its modules and your progress."""
    return serialize.path(paths.get_path(path_id), current_user)


@paths_blp.patch("/<int:path_id>")
@signed_in_required
@paths_blp.arguments(PathWriteSchema)
@paths_blp.response(200, PathSchema)
def update_path(body: dict[str, Any], path_id: int) -> dict[str, Any]:
    """Change your path's title, description or modules."""
    path = paths.update_path(current_user, paths.get_path(path_id), body)
    db.session.commit()
    return serialize.path(path, current_user)


@paths_blp.delete("/<int:path_id>")
@signed_in_required
@paths_blp.response(204)
def delete_path(path_id: int) -> None:
    """Delete your path."""
    paths.delete_path(current_user, paths.get_path(path_id))
    db.session.commit()


@paths_blp.put("/<int:path_id>/follow")
@signed_in_required
@paths_blp.response(200, PathSchema)
def follow(path_id: int) -> dict[str, Any]:
    """Follow a path (again is harmless)."""
    path = paths.get_path(path_id)
    paths.follow_path(current_user, path)
    db.session.commit()
    return serialize.path(path, current_user)


@paths_blp.delete("/<int:path_id>/follow")
@signed_in_required
@paths_blp.response(200, PathSchema)
def unfollow(path_id: int) -> dict[str, Any]:
    """Stop following a path."""
    path = paths.get_path(path_id)
    paths.unfollow_path(current_user, path)
    db.session.commit()
    return serialize.path(path, current_user)


@learning_blp.get("/me")
@signed_in_required
@learning_blp.response(200, MyLearningSchema)
def my_learning() -> dict[str, Any]:
    """In progress, completed (dates and scores), bookmarks and followed paths."""
    completed = list(db.session.execute(queries.completed_stmt(current_user).limit(500)).scalars())
    started = queries.in_progress(current_user)
    bookmarks = queries.bookmarks_of(current_user)
    modules = (
        [c.module for c in completed] + [m for m, _ in started] + [b.module for b in bookmarks]
    )
    stats = queries.module_stats(list({m.id for m in modules}))
    summary = {m.id: serialize.module_summary(m, stats.get(m.id)) for m in modules}
    return {
        "in_progress": [
            {
                "module": summary[m.id],
                "visible_seconds": p.visible_seconds,
                "last_viewed_at": p.last_viewed_at,
            }
            for m, p in started
        ],
        "completed": [
            serialize.completion(c) | {"module": summary[c.module_id]} for c in completed
        ],
        "bookmarks": [
            {"module": summary[b.module_id], "created_at": b.created_at} for b in bookmarks
        ],
        "paths": [serialize.path(p, current_user) for p, _ in paths.followed_paths(current_user)],
    }


@learning_blp.get("/authors/<int:user_id>")
@signed_in_required
@learning_blp.response(200, AuthorSchema)
def author(user_id: int) -> dict[str, Any]:
    """An author and their totals (list their modules with ``/modules?author_id=``)."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFoundError("No such person.")
    return {"author": serialize.person(user), "totals": queries.author_totals(user)}


@learning_blp.get("/tags")
@signed_in_required
@learning_blp.response(200, TagCountSchema(many=True))
def tags() -> list[dict[str, Any]]:
    """The most used tags of published modules."""
    return [{"name": name, "modules": n} for name, n in queries.popular_tags(100)]


BLUEPRINTS: tuple[ApiBlueprint, ...] = (paths_blp, learning_blp)
