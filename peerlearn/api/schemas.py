"""Schemas every API endpoint shares: the error envelope and the page of results."""

from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import Schema, fields, validate

DB_INT_MAX = 2**31 - 1
"""The largest id a database integer column holds (PostgreSQL ``integer``)."""

ID_RANGE = validate.Range(min=1, max=DB_INT_MAX)
"""Validate every id a client sends, so huge numbers are a 422 rather than a database error."""


class StrictBoolean(fields.Boolean):
    """A JSON boolean: ``true`` or ``false``, never ``0``, ``1`` or ``"yes"`` (the OpenAPI
    document says ``boolean``, and a client sending a number has a bug worth hearing about).
    Query-string flags keep ``fields.Boolean``, which reads ``?unread=true``."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"example": "not_found"})
    message = fields.String(required=True)
    fields = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "Field name → list of messages (empty when none)."},
    )


class ErrorEnvelopeSchema(Schema):
    """``{"error": {"code", "message", "fields"}}`` — every 4xx and 5xx answer."""

    error = fields.Nested(ErrorBodySchema, required=True)


class PageArgsSchema(Schema):
    """Query arguments of every list endpoint."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The schema of one page of ``item_schema`` items (one class per item schema)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            "total": fields.Integer(required=True),
            "pages": fields.Integer(required=True),
        },
        name=name,
    )
