"""Wire gamification into the application: the engine's subscription, pages, Open Badges, API."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.gamification import api, handlers, openbadges, reward, views

# Open Badges documents are gamification's: ``gamification.openbadges.*``.
views.bp.register_blueprint(openbadges.bp)


def init_app(app: Flask) -> None:
    """Subscribe the engine to learning events and register the pages and API."""
    handlers.connect()
    reward.connect()
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS)
