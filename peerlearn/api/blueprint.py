"""``ApiBlueprint``: the flask-smorest blueprint every feature's API uses, and ``register``."""

from __future__ import annotations

from typing import Any

import flask_smorest
from flask import abort
from marshmallow import Schema
from webargs.core import missing
from webargs.flaskparser import FlaskParser

from peerlearn.extensions import api, csrf


class StrictJsonParser(FlaskParser):
    """An endpoint that declares a JSON body requires one (the OpenAPI document says so)."""

    def load_json(self, req: Any, schema: Schema) -> Any:
        data = super().load_json(req, schema)
        if data is missing:
            abort(400, "Send a JSON object in the request body.")
        return data


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictJsonParser()


def register(*blueprints: ApiBlueprint) -> None:
    """Register API blueprints on the app's ``Api``. Token requests need no CSRF token;
    session requests get theirs checked by ``accounts.auth.authenticate_api_request``."""
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
