"""Organisation-wide settings that admins change at run time (vetting policy, limits …).

Deployment settings (database, secret key …) come from the environment (``peerlearn.config``);
these live in the database so an admin can change them on a page or through the API.
"""

from __future__ import annotations

from flask import Flask

from peerlearn.api.blueprint import register
from peerlearn.organisation import api, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    register(api.blp)
