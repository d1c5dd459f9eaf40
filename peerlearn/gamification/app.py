"""Wire gamification into the application: the engine's subscription, pages, Open Badges, API."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import event

from peerlearn.api.blueprint import register
from peerlearn.extensions import db
from peerlearn.gamification import api, handlers, openbadges, reward, views
from peerlearn.gamification.store import keep_listing_in_step

# Open Badges documents are gamification's: ``gamification.openbadges.*``.
views.bp.register_blueprint(openbadges.bp)


def init_app(app: Flask) -> None:
    """Subscribe the engine to learning events and register the pages and API."""
    handlers.connect()
    reward.connect()
    if not event.contains(db.session, "after_flush", keep_listing_in_step):
        event.listen(db.session, "after_flush", keep_listing_in_step)
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS)
