"""Live-module lookups every side shares: by id, by slug, the published one, its backlinks."""

from __future__ import annotations

from sqlalchemy import select

from peerlearn.content.models import Module, ModuleLink, ModuleState
from peerlearn.errors import NotFoundError
from peerlearn.extensions import db


def get_module(module_id: int) -> Module:
    module = db.session.get(Module, module_id)
    if module is None:
        raise NotFoundError("No such module.")
    return module


def module_by_slug(slug: str) -> Module | None:
    return db.session.execute(select(Module).where(Module.slug == slug)).scalar_one_or_none()


def backlinks(module: Module) -> list[Module]:
    """Published modules whose published revision links to ``module`` ("referenced by")."""
    return list(
        db.session.execute(
            select(Module)
            .join(ModuleLink, ModuleLink.revision_id == Module.published_revision_id)
            .where(
                ModuleLink.target_slug == module.slug,
                Module.state == ModuleState.PUBLISHED,
                Module.id != module.id,
            )
            .order_by(Module.slug)
        ).scalars()
    )


def get_live_module(slug: str) -> Module:
    """A module readers may see (published), by slug."""
    module = module_by_slug(slug)
    if module is None or not module.is_live:
        raise NotFoundError("No such module, or it is not published.")
    return module


def get_live_module_by_id(module_id: int) -> Module:
    """A module readers may see (published), by id."""
    module = db.session.get(Module, module_id)
    if module is None or not module.is_live:
        raise NotFoundError("No such module, or it is not published.")
    return module
