"""Wire HR reports into the application: pages, API and export defaults."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.reports import api, models, views  # noqa: F401  (models: tables for create_all)


def init_app(app: Flask) -> None:
    """Register the report pages and API; set the export defaults a deployment may change."""
    app.config.setdefault("REPORTS_SYNC_MAX_ROWS", 200_000)
    app.config.setdefault("REPORTS_EXPORT_THREADS", True)
    app.config.setdefault("XAPI_RETRY_DELAY", 1.0)
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS)
