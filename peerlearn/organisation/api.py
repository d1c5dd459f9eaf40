"""/api/v1/settings: anyone signed in reads the organisation's settings; admins change them."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from peerlearn.api.blueprint import ApiBlueprint
from peerlearn.extensions import db
from peerlearn.organisation import services
from peerlearn.organisation.schemas import OrgSettingsSchema
from peerlearn.permissions import admin_required, signed_in_required

blp = ApiBlueprint(
    "settings", __name__, url_prefix="/api/v1/settings", description="Organisation settings."
)


@blp.get("")
@signed_in_required
@blp.response(200, OrgSettingsSchema)
def get_settings() -> dict[str, Any]:
    """Every setting's current value."""
    return services.all_settings()


@blp.patch("")
@admin_required
@blp.arguments(OrgSettingsSchema)
@blp.response(200, OrgSettingsSchema)
def update_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """Change some settings (all or nothing)."""
    settings = services.update_settings(current_user, changes)
    db.session.commit()
    return settings
