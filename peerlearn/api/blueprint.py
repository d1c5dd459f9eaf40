"""``ApiBlueprint``: the flask-smorest blueprint every feature's API uses, and ``register``."""

from __future__ import annotations

from typing import Any

import flask_smorest
from flask import abort
from marshmallow import Schema, ValidationError
from webargs.core import missing
from webargs.flaskparser import FlaskParser, is_json_request

from peerlearn.edge import integer_errors
from peerlearn.extensions import api, csrf

BODY_LOCATIONS = frozenset({"json", "json_or_form"})


class StrictJsonParser(FlaskParser):
    """The API's argument parser.

    - An endpoint that declares a JSON body requires one (the OpenAPI document says so).
    - The body is parsed by the request's guarded parser (``peerlearn.edge``): deep nesting,
      NUL and lone surrogates are a 400 before any schema sees them.
    - Integer fields want JSON integers (not ``"1"``, ``1.5`` or ``true``) and, wherever
      they come from, values a database integer column holds: a 422 on the field otherwise.
    """

    def _raw_load_json(self, req: Any) -> Any:
        if not is_json_request(req) or not req.get_data(cache=True):
            return missing
        return req.get_json()

    def load_json(self, req: Any, schema: Schema) -> Any:
        data = super().load_json(req, schema)
        if data is missing:
            abort(400, "Send a JSON object in the request body.")
        return data

    def pre_load(self, location_data: Any, *, schema: Schema, req: Any, location: str) -> Any:
        errors = integer_errors(schema, location_data, strict=location in BODY_LOCATIONS)
        if errors:
            raise ValidationError(errors)
        return location_data


class ApiBlueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = StrictJsonParser()


def register(*blueprints: ApiBlueprint) -> None:
    """Register API blueprints on the app's ``Api``. Token requests need no CSRF token;
    session requests get theirs checked by ``accounts.auth.authenticate_api_request``."""
    for blueprint in blueprints:
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint)
