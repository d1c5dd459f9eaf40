"""Marshmallow schemas for users, departments and API tokens."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.accounts.models import LeaderboardVisibility
from peerlearn.accounts.services import PASSWORD_MAX_LENGTH, TIMEZONES
from peerlearn.api.schemas import ID_RANGE, PageArgsSchema, StrictBoolean
from peerlearn.permissions import Role

ROLES = [r.value for r in Role]
VISIBILITIES = [v.value for v in LeaderboardVisibility]


class DepartmentSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class UserSchema(Schema):
    """A user as the API shows them to themselves and to admins."""

    id = fields.Integer(dump_only=True)
    email = fields.Email(dump_only=True)
    display_name = fields.String(dump_only=True)
    role = fields.String(dump_only=True, metadata={"enum": ROLES})
    department = fields.Nested(DepartmentSchema, dump_only=True, allow_none=True)
    timezone = fields.String(dump_only=True)
    leaderboard_visibility = fields.String(dump_only=True, metadata={"enum": VISIBILITIES})
    active = fields.Boolean(dump_only=True)
    created_at = fields.DateTime(dump_only=True)
    last_sign_in_at = fields.DateTime(dump_only=True, allow_none=True)


class ProfileUpdateSchema(Schema):
    """Fields a user may change on their own profile (all optional)."""

    display_name = fields.String(validate=validate.Length(min=1, max=80))
    department_id = fields.Integer(allow_none=True, validate=ID_RANGE)
    timezone = fields.String(validate=validate.OneOf(TIMEZONES))
    leaderboard_visibility = fields.String(validate=validate.OneOf(VISIBILITIES))


class AdminUserUpdateSchema(ProfileUpdateSchema):
    """What an admin may change on any user."""

    role = fields.String(validate=validate.OneOf(ROLES))
    active = StrictBoolean()


class UserListArgsSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=100))
    role = fields.String(validate=validate.OneOf(ROLES))
    department_id = fields.Integer(validate=ID_RANGE)


class PasswordChangeSchema(Schema):
    current_password = fields.String(
        required=True, validate=validate.Length(max=PASSWORD_MAX_LENGTH), load_only=True
    )
    new_password = fields.String(
        required=True, validate=validate.Length(max=PASSWORD_MAX_LENGTH), load_only=True
    )


class TokenSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))
    prefix = fields.String(
        dump_only=True, metadata={"description": "First characters, to recognise it."}
    )
    created_at = fields.DateTime(dump_only=True)
    last_used_at = fields.DateTime(dump_only=True, allow_none=True)
    revoked_at = fields.DateTime(dump_only=True, allow_none=True)


class TokenCreatedSchema(TokenSchema):
    token = fields.String(
        dump_only=True, metadata={"description": "The secret. Shown only in this response."}
    )
