"""Wire reading and learning into the application: the catalog and module pages, learning
paths, their API, and the subscriber that keeps the search index current."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event as sa_event

from peerlearn.api.blueprint import register
from peerlearn.events import LearningEvent, Verb, learning_event
from peerlearn.extensions import db
from peerlearn.modules import api, learning_api, learning_views, models, social_models, views
from peerlearn.modules.search import create_fts_table, index_module

# ``models`` and ``social_models`` are exported so their tables are in the metadata (create_all).
__all__ = ["index_on_publish", "init_app", "models", "social_models"]

_PUBLICATION_VERBS = (Verb.MODULE_PUBLISHED,)


def index_on_publish(verb: str, event: LearningEvent) -> None:
    """A module went live (or live with a new revision): put it in the search index now,
    in the publishing transaction."""
    if event.object_type == "module" and event.object_id is not None:
        index_module(event.object_id)


def _create_fts(_target: Any, connection: Any, **_kw: Any) -> None:
    create_fts_table(connection)


# Paths and My learning are part of the package's one blueprint: ``modules.learning.*``.
views.bp.register_blueprint(learning_views.bp)

# ``create_all`` (tests, first runs) also creates the SQLite FTS5 table it cannot describe.
sa_event.listen(db.metadata, "after_create", _create_fts)


def init_app(app: Flask) -> None:
    """Register the catalog and reading pages, their API, and the search-index subscriber."""
    for verb in _PUBLICATION_VERBS:
        learning_event.connect(index_on_publish, sender=verb, weak=False)
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS, *learning_api.BLUEPRINTS)
