"""/api/v1/me/email-preferences: your e-mail settings, per kind of e-mail."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from marshmallow import Schema, fields, validate

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.extensions import db
from peerlearn.mail import preferences
from peerlearn.mail.kinds import ALL, KINDS
from peerlearn.permissions import signed_in_required

blp = ApiBlueprint(
    "email_preferences",
    __name__,
    url_prefix="/api/v1/me/email-preferences",
    description="Your e-mail settings: how often each kind of e-mail comes, or not at all.",
)
CADENCES = [c.value for c in ALL]


class EmailPreferenceSchema(Schema):
    kind = fields.String(dump_only=True, metadata={"example": "reviews"})
    label = fields.String(dump_only=True)
    cadence = fields.String(dump_only=True, metadata={"enum": CADENCES})
    choices = fields.List(fields.String(), dump_only=True)


class EmailPreferencesSchema(Schema):
    preferences = fields.List(fields.Nested(EmailPreferenceSchema), dump_only=True)


class EmailPreferencesUpdateSchema(Schema):
    preferences = fields.Dict(
        keys=fields.String(validate=validate.OneOf([k.key for k in KINDS])),
        values=fields.String(validate=validate.OneOf(CADENCES)),
        required=True,
        metadata={"description": 'kind → cadence, e.g. {"community": "weekly"}'},
    )


def _listing(user_id: int) -> dict[str, Any]:
    chosen = preferences.preferences_for(user_id)
    return {
        "preferences": [
            {
                "kind": kind.key,
                "label": kind.label,
                "cadence": chosen[kind.key].value,
                "choices": [c.value for c in kind.choices],
            }
            for kind in KINDS
        ]
    }


@blp.get("")
@signed_in_required
@blp.response(200, EmailPreferencesSchema)
def get_preferences() -> dict[str, Any]:
    """Every kind of e-mail with how often it comes to you."""
    return _listing(current_user.id)


@blp.patch("")
@signed_in_required
@blp.arguments(EmailPreferencesUpdateSchema)
@blp.response(200, EmailPreferencesSchema)
def update_preferences(body: dict[str, Any]) -> dict[str, Any]:
    """Change some kinds' cadences (each kind lists the cadences it allows)."""
    preferences.set_preferences(current_user, current_user.id, body["preferences"])
    db.session.commit()
    return _listing(current_user.id)
