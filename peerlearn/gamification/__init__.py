"""Gamification: points ledger, badges, levels, streaks, leaderboards (rules are data).

The pure core is ``rules.py``, ``evaluation.py``, ``streaks.py`` and ``farming.py``; the rest
adapts it to the database, the learning-event signal, pages, the API and the CLI.
"""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.gamification import api, handlers, openbadges, views


def init_app(app: Flask) -> None:
    """Subscribe the engine to learning events and register the pages and API."""
    handlers.connect()
    app.register_blueprint(views.bp)
    app.register_blueprint(openbadges.bp)
    register(*api.BLUEPRINTS)
