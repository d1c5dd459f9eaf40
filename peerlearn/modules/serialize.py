"""Modules, comments and paths as plain dicts, for the API schemas (one shape everywhere)."""

from __future__ import annotations

from typing import Any

from peerlearn.content.models import Module
from peerlearn.content.queries import backlinks
from peerlearn.modules import paths, queries, reading, social
from peerlearn.modules.models import Completion
from peerlearn.modules.social_models import Comment, LearningPath


def person(user: Any) -> dict[str, Any]:
    return {
        "id": user.id,
        "display_name": user.display_name,
        "department": user.department.name if user.department else None,
    }


def module_summary(module: Module, stats: queries.ModuleStats | None = None) -> dict[str, Any]:
    revision = module.published_revision
    stats = stats or queries.module_stats([module.id]).get(module.id, queries.ModuleStats())
    return {
        "id": module.id,
        "slug": module.slug,
        "title": revision.title if revision else module.title,
        "summary": revision.summary if revision else "",
        "origin": module.origin,
        "tags": list(revision.tags) if revision else [],
        "estimated_minutes": revision.estimated_minutes if revision else 0,
        "has_quiz": bool(revision and revision.quiz),
        "author": person(module.author),
        "published_at": module.first_published_at,
        "stats": {
            "readers": stats.readers,
            "completions": stats.completions,
            "completions_30d": stats.completions_30d,
            "claps": stats.claps,
            "completion_rate": stats.completion_rate,
        },
    }


def module_summaries(modules: list[Module]) -> list[dict[str, Any]]:
    stats = queries.module_stats([m.id for m in modules])
    return [module_summary(m, stats.get(m.id)) for m in modules]


def module_detail(module: Module, viewer: Any) -> dict[str, Any]:
    revision = module.published_revision
    progress = reading.progress_of(viewer, module)
    completion = reading.completion_of(viewer, module)
    return {
        **module_summary(module),
        "body_html": revision.body_html if revision else "",
        "updated_at": revision.created_at if revision else module.updated_at,
        "referenced_by": [{"slug": m.slug, "title": m.title} for m in backlinks(module)],
        "comment_count": social.comment_count(module),
        "me": {
            "viewed": progress is not None,
            "visible_seconds": progress.visible_seconds if progress else 0.0,
            "completed_at": completion.completed_at if completion else None,
            "score": completion.score if completion else None,
            "claps": social.my_claps(viewer, module),
            "bookmarked": social.is_bookmarked(viewer, module),
        },
    }


def completion(row: Completion, with_module: bool = False) -> dict[str, Any]:
    data = {
        "module_id": row.module_id,
        "method": row.method,
        "completed_at": row.completed_at,
        "reading_seconds": row.reading_seconds,
        "score": row.score,
    }
    if with_module:
        data["module"] = module_summary(row.module)
    return data


def comment(row: Comment, viewer: Any, replies: list[Comment] | None = None) -> dict[str, Any]:
    data = {
        "id": row.id,
        "module_id": row.module_id,
        "parent_id": row.parent_id,
        "author": person(row.author),
        "body_html": row.body_html if social.shows_body(viewer, row) else "",
        "created_at": row.created_at,
        "edited_at": row.edited_at,
        "deleted": row.is_deleted,
        "helpful": row.is_helpful,
        "hidden": row.is_hidden,
        "hidden_reason": row.hidden_reason,
    }
    if replies is not None:
        data["replies"] = [comment(reply, viewer) for reply in replies]
    return data


def path(row: LearningPath, viewer: Any) -> dict[str, Any]:
    following = paths.follower_of(viewer, row) is not None
    state = paths.progress(viewer, row)
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "owner": person(row.owner),
        "modules": module_summaries([item.module for item in row.items if item.module.is_live]),
        "follower_count": paths.follower_count(row),
        "following": following,
        "progress": {
            "done": state.done,
            "total": state.total,
            "percent": state.percent,
            "complete": state.complete,
        },
        "updated_at": row.updated_at,
    }
