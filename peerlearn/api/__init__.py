"""The JSON API under /api/v1: the OpenAPI document, its docs page, and shared helpers.

Feature packages register their own flask-smorest blueprints on ``peerlearn.extensions.api``
(through ``peerlearn.api.blueprint.register``); ``app.py`` binds the API to the application.
"""
