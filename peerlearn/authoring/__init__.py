"""Authoring and vetting: drafts, immutable revisions, quizzes, the review queue, flags,
freshness and content requests. Models are shared with ``peerlearn.modules``."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.authoring import api, request_views, review_api, review_views, views


def init_app(app: Flask) -> None:
    """Register the authoring, review and request pages and their API blueprints."""
    app.register_blueprint(views.bp)
    app.register_blueprint(review_views.bp)
    app.register_blueprint(review_views.rubric_bp)
    app.register_blueprint(request_views.bp)
    register(*api.BLUEPRINTS, review_api.blp)
