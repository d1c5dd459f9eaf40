"""The settings document, generated from the registry so the OpenAPI spec lists every key."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from peerlearn.api.schemas import StrictBoolean
from peerlearn.organisation.registry import SETTINGS, SettingDefinition


def _field(definition: SettingDefinition) -> fields.Field:
    meta = {"description": f"{definition.label}. {definition.help}".strip()}
    if definition.kind == "bool":
        return StrictBoolean(metadata=meta)
    if definition.kind == "int":
        bounds = validate.Range(min=definition.minimum, max=definition.maximum)
        return fields.Integer(strict=True, validate=bounds, metadata=meta)
    return fields.String(validate=validate.OneOf([k for k, _ in definition.choices]), metadata=meta)


OrgSettingsSchema = Schema.from_dict({d.key: _field(d) for d in SETTINGS}, name="OrgSettings")
