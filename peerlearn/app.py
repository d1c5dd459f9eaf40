"""The application factory: ``create_app`` reads like a table of contents (config, extensions,
each feature's ``init_app``, error handlers, CLI commands, template helpers)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from peerlearn import cli, dialect, edge, errors, home, security_headers
from peerlearn.accounts import app as accounts
from peerlearn.api import app as api
from peerlearn.authoring import app as authoring
from peerlearn.config import load_config
from peerlearn.extensions import csrf, db, limiter, login_manager, migrate
from peerlearn.gamification import app as gamification
from peerlearn.mail import app as mail
from peerlearn.modules import app as modules
from peerlearn.modules.search import FTS_TABLE
from peerlearn.notifications import app as notifications
from peerlearn.organisation import app as organisation
from peerlearn.permissions import (
    Role,
    can_download_export,
    can_manage_users,
    can_review,
    can_see_reports,
    can_see_vetting,
)
from peerlearn.reports import app as reports
from peerlearn.tasks import app as tasks

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, CLI commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("PEERLEARN_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.request_class = edge.PeerLearnRequest
    app.config.from_mapping(load_config(app.instance_path, config))
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    register_extensions(app)
    register_blueprints(app)
    errors.register_errorhandlers(app)
    security_headers.init_app(app)
    cli.register_commands(app)
    register_template_helpers(app)
    return app


def register_extensions(app: Flask) -> None:
    # First of all before_request hooks: nothing else reads input the database cannot hold.
    app.before_request(edge.refuse_unstorable_input)
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_name=_described_by_models,
    )
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    api.init_app(app)
    dialect.init_app(app)


def _described_by_models(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """What Alembic compares: everything but SQLite's full-text index (``module_fts`` and its
    shadow tables), which the search code keeps and the migration creates by hand."""
    return not (type_ == "table" and name is not None and name.startswith(FTS_TABLE))


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(home.home_bp)
    accounts.init_app(app)
    organisation.init_app(app)
    notifications.init_app(app)
    authoring.init_app(app)
    reports.init_app(app)
    modules.init_app(app)
    gamification.init_app(app)
    tasks.init_app(app)
    mail.init_app(app)


def register_template_helpers(app: Flask) -> None:
    """What every template may use: the organisation's name and the role predicates."""

    @app.context_processor
    def inject() -> dict[str, Any]:
        return {
            "org_name": app.config["ORG_NAME"],
            "can_manage_users": can_manage_users,
            "can_review": can_review,
            "can_see_reports": can_see_reports,
            "can_see_vetting": can_see_vetting,
            "can_download_export": can_download_export,
            "Role": Role,
        }
