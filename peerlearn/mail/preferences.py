"""Per-person e-mail preferences: how often each kind of e-mail comes (or not at all)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from peerlearn.errors import PermissionDenied, ServiceError
from peerlearn.extensions import db
from peerlearn.mail.kinds import BY_KEY, KINDS, Cadence
from peerlearn.mail.models import EmailPreference


def _stored(user_id: int) -> dict[str, EmailPreference]:
    rows = db.session.execute(
        select(EmailPreference).where(EmailPreference.user_id == user_id)
    ).scalars()
    return {row.kind: row for row in rows}


def preferences_for(user_id: int) -> dict[str, Cadence]:
    """Every kind with this person's cadence (the kind's default where they chose none)."""
    stored = _stored(user_id)
    return {
        kind.key: Cadence(stored[kind.key].cadence) if kind.key in stored else kind.default
        for kind in KINDS
    }


def cadence_for(user_id: int, kind: str) -> Cadence:
    """How often ``kind`` goes to this person."""
    return preferences_for(user_id)[kind]


def set_preferences(actor: Any, user_id: int, changes: dict[str, str]) -> dict[str, Cadence]:
    """Set some kinds' cadences for ``user_id`` (only the person themselves). Flushes."""
    if getattr(actor, "id", None) != user_id:
        raise PermissionDenied("You can change only your own e-mail settings.")
    stored = _stored(user_id)
    for key, value in changes.items():
        kind = BY_KEY.get(key)
        if kind is None:
            raise ServiceError(f"Unknown kind of e-mail: {key}.", key)
        try:
            cadence = Cadence(value)
        except ValueError:
            raise ServiceError(f"Choose one of: {', '.join(kind.choices)}.", key) from None
        if cadence not in kind.choices:
            raise ServiceError(f"{kind.label}: choose one of {', '.join(kind.choices)}.", key)
        if key in stored:
            stored[key].cadence = cadence.value
        else:
            db.session.add(EmailPreference(user_id=user_id, kind=key, cadence=cadence.value))
    db.session.flush()
    return preferences_for(user_id)


def unsubscribe(user_id: int, kind: str) -> None:
    """Turn ``kind`` off for ``user_id`` (a signed link already proved who asks). Flushes."""
    if kind not in BY_KEY:
        raise ServiceError("This kind of e-mail no longer exists.")
    row = _stored(user_id).get(kind)
    if row is None:
        db.session.add(EmailPreference(user_id=user_id, kind=kind, cadence=Cadence.OFF.value))
    else:
        row.cadence = Cadence.OFF.value
    db.session.flush()
