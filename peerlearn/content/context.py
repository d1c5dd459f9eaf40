"""``module_context``: what every learning event about a module carries."""

from __future__ import annotations

from typing import Any

from peerlearn.content.models import Module, ModuleRevision


def module_context(module: Module, revision: ModuleRevision | None, **extra: Any) -> dict[str, Any]:
    """What every module event carries: the gamification engine pays the author from it."""
    return {
        "author_id": module.author_id,
        "tags": list(revision.tags if revision else []),
        "revision_id": revision.id if revision else None,
        "slug": module.slug,
        "origin": module.origin,
        "title": revision.title if revision else module.title,
        **extra,
    }
