"""Bind the JSON API to the application: the ``int`` id converter, the OpenAPI document
(described with our error envelope and token authentication) and its docs page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, render_template, url_for
from werkzeug.routing import IntegerConverter

from peerlearn.api.schemas import DB_INT_MAX, ErrorEnvelopeSchema
from peerlearn.extensions import api

docs_bp = Blueprint("api", __name__)


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` in every route: at most the largest database integer, so a huge id in a
    URL is a 404 rather than a database error."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", DB_INT_MAX)
        super().__init__(map, *args, **kwargs)


@docs_bp.get("/api/v1/docs")
def docs() -> str:
    """A readable page for the OpenAPI document (Swagger UI, vendored under static/)."""
    return render_template("api/docs.html", spec_url=url_for("api-docs.openapi_json"))


def init_app(app: Flask) -> None:
    """Bind the API to ``app`` and describe its authentication in the OpenAPI document."""
    app.url_map.converters["int"] = DatabaseIdConverter
    api.ERROR_SCHEMA = ErrorEnvelopeSchema  # documents our envelope as the default error
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "PeerLearn's JSON API. Authenticate with a personal API token "
                    "(`Authorization: Bearer pl_…`, created on your Account → API tokens "
                    "page) or, from the site's own pages, with the session cookie and an "
                    "`X-CSRFToken` header. Lists take `page` and `per_page` and answer "
                    "`{items, page, per_page, total, pages}`. Every error answers "
                    '`{"error": {"code", "message", "fields"}}`.'
                )
            },
            "security": [{"bearerAuth": []}],
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "pl_…"}
    )
    app.register_blueprint(docs_bp)
