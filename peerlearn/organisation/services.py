"""Read and change organisation settings.

Reads are cached for the current transaction: the first read loads every stored setting in
one statement, later reads (the engine asks several per event) cost nothing; the cache ends
with the transaction, and a change made here clears it at once.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import event, select

from peerlearn.errors import PermissionDenied, ServiceError
from peerlearn.events import Verb, record_event
from peerlearn.extensions import db
from peerlearn.organisation.models import OrgSetting
from peerlearn.organisation.registry import BY_KEY, SETTINGS
from peerlearn.permissions import is_admin


def _default(key: str) -> Any:
    """The registry's default, unless the app's ``ORG_SETTING_DEFAULTS`` config (a mapping:
    the test suite's, or a deployment's) says otherwise."""
    overrides = current_app.config.get("ORG_SETTING_DEFAULTS") or {}
    return overrides[key] if key in overrides else BY_KEY[key].default


_CACHE_KEY = "peerlearn.org_settings"


def _stored() -> dict[str, Any]:
    cached = db.session.info.get(_CACHE_KEY)
    if cached is None:
        rows = db.session.execute(select(OrgSetting.key, OrgSetting.value))
        cached = db.session.info[_CACHE_KEY] = {key: value for key, value in rows}
    return cached


@event.listens_for(db.session, "after_transaction_end")
def _forget(session: Any, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_CACHE_KEY, None)


def forget_cached_settings() -> None:
    """Read the settings again at the next call (after ``expire_all``, as tests do)."""
    db.session.info.pop(_CACHE_KEY, None)


def get_setting(key: str) -> Any:
    """The current value of ``key`` (its default when no admin has changed it)."""
    BY_KEY[key]  # an unknown key is a bug: KeyError
    stored = _stored()
    return stored[key] if key in stored else _default(key)


def all_settings() -> dict[str, Any]:
    """Every setting's current value, in registry order."""
    stored = _stored()
    return {d.key: stored.get(d.key, _default(d.key)) for d in SETTINGS}


def update_settings(actor: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate every change first, then store them all (all or nothing)."""
    if not is_admin(actor):
        raise PermissionDenied("Only administrators change organisation settings.")
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        definition = BY_KEY.get(key)
        if definition is None:
            raise ServiceError("Unknown setting.", key)
        try:
            cleaned[key] = definition.clean(value)
        except ValueError as exc:
            raise ServiceError(str(exc), key) from None
    before = all_settings()
    for key, value in cleaned.items():
        if before[key] == value:
            continue
        stored = db.session.get(OrgSetting, key)
        if stored is None:
            db.session.add(OrgSetting(key=key, value=value, updated_by_id=actor.id))
        else:
            stored.value, stored.updated_by_id = value, actor.id
        record_event(
            Verb.SETTING_CHANGED,
            actor,
            "setting",
            None,
            {"key": key, "from": before[key], "to": value},
        )
    db.session.flush()
    forget_cached_settings()
    return all_settings()
