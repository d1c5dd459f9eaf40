"""Wire reading and learning into the application: the catalog and module pages, learning
paths, their API, search synonyms, and the subscriber that keeps the search index current."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event as sa_event

from peerlearn.api.blueprint import register
from peerlearn.events import LearningEvent, Verb, learning_event
from peerlearn.extensions import db
from peerlearn.modules import (
    api,
    learning_api,
    learning_views,
    models,
    search_admin,
    search_synonyms,
    social_models,
    views,
)
from peerlearn.modules.search_index import create_search_index, index_module

# ``models`` and ``social_models`` are exported so their tables are in the metadata (create_all).
__all__ = ["index_on_publish", "init_app", "models", "search_synonyms", "social_models"]

# What can put a module in front of readers, change what they see, or take it away.
_INDEX_VERBS = (
    Verb.MODULE_PUBLISHED,
    Verb.MODULE_ARCHIVED,
    Verb.MODULE_RESTORED,
    Verb.REVIEW_DECIDED,
)


def index_on_publish(verb: str, event: LearningEvent) -> None:
    """A module went live, live with a new revision, or away: bring its search index entry
    in step now, in the same transaction (a review decision only when it unpublished)."""
    if event.object_type != "module" or event.object_id is None:
        return
    if verb == Verb.REVIEW_DECIDED and not (event.context or {}).get("unpublished"):
        return
    index_module(event.object_id)


def _create_search_index(_target: Any, connection: Any, **_kw: Any) -> None:
    create_search_index(connection)


# Paths and My learning are part of the package's one blueprint: ``modules.learning.*``.
views.bp.register_blueprint(learning_views.bp)

# ``create_all`` (tests, first runs) also creates the SQLite FTS5 table it cannot describe.
sa_event.listen(db.metadata, "after_create", _create_search_index)


def init_app(app: Flask) -> None:
    """Register the catalog and reading pages, their API, and the search-index subscriber."""
    for verb in _INDEX_VERBS:
        learning_event.connect(index_on_publish, sender=verb, weak=False)
    app.register_blueprint(views.bp)
    app.register_blueprint(search_admin.bp)
    register(*api.BLUEPRINTS, *learning_api.BLUEPRINTS, search_admin.api_blp)
