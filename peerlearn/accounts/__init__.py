"""Accounts: users, departments, roles, sign-in, API tokens and privacy settings."""

from __future__ import annotations

from flask import Flask

from peerlearn.accounts import admin_views, api, auth, views
from peerlearn.extensions import api as rest_api
from peerlearn.extensions import csrf, login_manager


def init_app(app: Flask) -> None:
    """Register the account pages, admin pages, API blueprints and request authentication."""
    login_manager.user_loader(auth.load_user)
    app.register_blueprint(views.bp)
    app.register_blueprint(admin_views.bp)
    for blueprint in api.BLUEPRINTS:
        csrf.exempt(blueprint)  # auth.authenticate_api_request applies CSRF to sessions
        rest_api.register_blueprint(blueprint)
    app.before_request(auth.authenticate_api_request)
