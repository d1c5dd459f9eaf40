"""Organisation-wide settings that admins change at run time (vetting policy, limits …).

Deployment settings (database, secret key …) come from the environment (``peerlearn.config``);
these live in the database so an admin can change them on a page or through the API.
"""

from __future__ import annotations

from flask import Flask

from peerlearn.extensions import api as rest_api
from peerlearn.extensions import csrf
from peerlearn.organisation import api, views


def init_app(app: Flask) -> None:
    app.register_blueprint(views.bp)
    csrf.exempt(api.blp)
    rest_api.register_blueprint(api.blp)
