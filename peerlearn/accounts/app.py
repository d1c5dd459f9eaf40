"""Wire accounts into the application: pages, admin pages, API and request authentication."""

from __future__ import annotations

from flask import Flask

from peerlearn.accounts import admin_views, api, auth, password_reset_views, views
from peerlearn.api.blueprint import register
from peerlearn.extensions import login_manager

# Admin pages are part of accounts: their endpoints are ``accounts.admin.*``.
views.bp.register_blueprint(admin_views.bp)
views.bp.register_blueprint(password_reset_views.bp)


def init_app(app: Flask) -> None:
    """Register the account pages, admin pages, API blueprints and request authentication."""
    login_manager.user_loader(auth.load_user)
    app.register_blueprint(views.bp)
    register(*api.BLUEPRINTS, password_reset_views.blp)
    app.before_request(auth.authenticate_api_request)
    app.after_request(auth.commit_token_use)
