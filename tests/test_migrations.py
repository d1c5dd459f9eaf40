"""Migrations: one head, and ``upgrade`` on an empty database yields the models' schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine

from peerlearn.app import create_app
from peerlearn.extensions import db
from tests.conftest import TEST_CONFIG


def test_single_head(app):
    config = app.extensions["migrate"].migrate.get_config()
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_matches_the_models(database_factory):
    url = database_factory()
    fresh = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with fresh.app_context():
        upgrade()
        engine = create_engine(url)
        with engine.connect() as conn:
            options = fresh.extensions["migrate"].configure_args
            context = MigrationContext.configure(conn, opts=options)
            diff = compare_metadata(context, db.metadata)
        engine.dispose()
        db.engine.dispose()
    assert diff == [], f"models and migrations disagree: {diff}"
