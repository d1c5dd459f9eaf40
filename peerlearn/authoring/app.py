"""Wire authoring into the application: writing, review, rubric and request pages, and API."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.authoring import api, request_views, review_api, review_views, views

# One blueprint per package: review, rubric and requests are ``authoring.review.*`` …
for _child in (review_views.bp, review_views.rubric_bp, request_views.bp):
    views.bp.register_blueprint(_child)


def init_app(app: Flask) -> None:
    """Register the authoring, review and request pages and their API blueprints."""
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS, review_api.blp)
