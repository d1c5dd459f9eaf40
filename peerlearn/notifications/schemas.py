"""Marshmallow schemas for notifications."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.api.schemas import PageArgsSchema


class NotificationSchema(Schema):
    id = fields.Integer(dump_only=True)
    kind = fields.String(dump_only=True, metadata={"example": "module_approved"})
    text = fields.String(dump_only=True)
    link = fields.String(
        dump_only=True,
        attribute="url",
        metadata={"description": "A path on this site (empty when there is none)."},
    )
    created_at = fields.DateTime(dump_only=True)
    read_at = fields.DateTime(dump_only=True, allow_none=True)


class NotificationListArgsSchema(PageArgsSchema):
    unread = fields.Boolean(load_default=False, metadata={"description": "Only unread ones."})


class MarkReadSchema(Schema):
    ids = fields.List(
        fields.Integer(validate=validate.Range(min=1)),
        validate=validate.Length(max=500),
        metadata={"description": "Which to mark read; leave out to mark them all."},
    )


class MarkedSchema(Schema):
    marked = fields.Integer(required=True)
    unread = fields.Integer(required=True)
