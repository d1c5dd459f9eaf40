"""Wire organisation settings into the application: the admin page and the API."""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.organisation import api, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    register(api.blp)
