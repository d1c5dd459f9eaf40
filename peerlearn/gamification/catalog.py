"""The stored rules and badges: seeding from ``defaults.toml``, loading them as the core's
dataclasses, and the admin edits (validated by the core's parsers, versioned, audited).

The core reads verbs as strings (from TOML and its own tables); :func:`check_verbs` holds
them to the declared :class:`~peerlearn.events.Verb` whenever a catalog is loaded.

Services flush, never commit.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select

from peerlearn.dialect import insert_ignore
from peerlearn.errors import Conflict, NotFoundError, PermissionDenied, ServiceError
from peerlearn.events import UndeclaredVerb, Verb, utcnow
from peerlearn.extensions import db
from peerlearn.gamification.farming import FARMING_VERBS
from peerlearn.gamification.models import BadgeAward, CatalogEdit, GameBadge, GameRule
from peerlearn.gamification.rules import (
    COUNTERS,
    DEFAULTS_PATH,
    VERBS,
    BadgeDefinition,
    Level,
    PointsRule,
    Settings,
    load_defaults,
    parse_badge,
    parse_rule,
)
from peerlearn.organisation.services import get_setting
from peerlearn.permissions import can_edit_game_rules


@dataclass(frozen=True)
class ActiveCatalog:
    """What the engine evaluates with right now: the stored rules and badges, the levels
    and engine settings of ``defaults.toml``, and the organisation's streak setting."""

    rules: tuple[PointsRule, ...]
    badges: tuple[BadgeDefinition, ...]
    levels: tuple[Level, ...]
    settings: Settings
    rule_by_key: dict[str, PointsRule] = field(default_factory=dict)


def verbs_used(
    rules: Iterable[PointsRule] = (), badges: Iterable[BadgeDefinition] = ()
) -> dict[str, str]:
    """Every verb the core can meet, with where it comes from: its own tables (rule verbs,
    badge counters, farming) and the given rules and badge criteria."""
    used = {verb: "rules.VERBS" for verb in VERBS}
    used.update({verb: "farming.FARMING_VERBS" for verb in FARMING_VERBS})
    used.update({spec.verb: f"counter {name}" for name, spec in COUNTERS.items()})
    used.update({rule.verb: f"rule {rule.key}" for rule in rules})
    for badge in badges:
        counter = getattr(badge.criterion, "counter", None)
        if counter in COUNTERS:
            used[COUNTERS[counter].verb] = f"badge {badge.key}"
    return used


def check_verbs(rules: Iterable[PointsRule] = (), badges: Iterable[BadgeDefinition] = ()) -> None:
    """Raise :class:`UndeclaredVerb` naming any verb of the core, ``rules`` or ``badges`` that
    is not a declared :class:`Verb` (the core cannot import the declaration itself)."""
    declared = set(Verb)
    used = verbs_used(rules, badges)
    undeclared = {verb: where for verb, where in used.items() if verb not in declared}
    if undeclared:
        named = ", ".join(f"{verb!r} ({where})" for verb, where in sorted(undeclared.items()))
        raise UndeclaredVerb(f"gamification uses undeclared verbs: {named}")


@lru_cache(maxsize=1)
def _raw_defaults() -> dict[str, Any]:
    return tomllib.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _defaults() -> Any:
    defaults = load_defaults()
    check_verbs(defaults.rules, defaults.badges)
    return defaults


def _default_values(model: Any) -> list[dict[str, Any]]:
    """The rows of ``defaults.toml`` for ``model`` (``GameRule`` or ``GameBadge``); copies, so
    an unsaved default row can never change the parsed file everyone reads."""
    entries = _raw_defaults()["rules" if model is GameRule else "badges"]
    return [
        {
            "key": entry["key"],
            "definition": copy.deepcopy(
                {name: value for name, value in entry.items() if name != "version"}
            ),
            "version": entry.get("version", 1),
            "position": position,
            "updated_at": utcnow(),
        }
        for position, entry in enumerate(entries)
    ]


def seed_catalog() -> int:
    """Store every default rule and badge not stored yet (admins' edits are kept).
    Safe to run concurrently and repeatedly; returns how many were added. Reading never
    needs it (an unstored catalog reads as its defaults); the first edit stores it."""
    added = 0
    for model in (GameRule, GameBadge):
        for values in _default_values(model):
            added += insert_ignore(model, values, ["key"]) is not None
    return added


@lru_cache(maxsize=512)
def _parse(kind: str, key: str, version: int, definition_json: str) -> Any:
    entry = {**json.loads(definition_json), "key": key, "version": version}
    return parse_rule(entry) if kind == "rule" else parse_badge(entry)


def _as_core(kind: str, row: GameRule | GameBadge) -> Any:
    return _parse(kind, row.key, row.version, json.dumps(row.definition, sort_keys=True))


def _stored(model: Any) -> list[Any]:
    """The stored rows in display order; until a first edit stores them, the defaults as
    unsaved rows (never added to the session: reading the catalog writes nothing)."""
    rows = list(db.session.execute(select(model).order_by(model.position, model.id)).scalars())
    return rows or [model(**values) for values in _default_values(model)]


def _by_key(model: Any, key: str) -> Any | None:
    return next((row for row in _stored(model) if row.key == key), None)


_cache: dict[str, tuple[tuple[Any, ...], tuple[Any, Any]]] = {}


def _version() -> tuple[Any, ...]:
    """What changes whenever the stored catalog does (one statement): per table the row
    count, the sum of versions (an edit bumps one) and the latest edit time."""
    parts = []
    for model in (GameRule, GameBadge):
        parts += [
            select(func.count(model.id)).scalar_subquery(),
            select(func.coalesce(func.sum(model.version), 0)).scalar_subquery(),
            select(func.max(model.updated_at)).scalar_subquery(),
        ]
    return tuple(db.session.execute(select(*parts)).one())


def active_catalog() -> ActiveCatalog:
    """The catalog to evaluate with (the defaults until an admin's first edit).

    Each process keeps the parsed rules and badges and asks the database only whether they
    changed (:func:`_version`, one statement per event instead of reading both tables);
    the streak setting comes from the settings the transaction has read anyway."""
    key = db.engine.url.render_as_string()
    version = _version()
    cached = _cache.get(key)
    if cached is not None and cached[0] == version:
        rules, badges = cached[1]
    else:
        rules = tuple(_as_core("rule", row) for row in _stored(GameRule))
        badges = tuple(_as_core("badge", row) for row in _stored(GameBadge))
        check_verbs(rules, badges)
        _cache[key] = (version, (rules, badges))
    defaults = _defaults()
    settings = Settings(
        min_reading_seconds=defaults.settings.min_reading_seconds,
        weekends_free=bool(get_setting("weekends_free_streaks")),
    )
    return ActiveCatalog(
        rules, badges, defaults.levels, settings, {rule.key: rule for rule in rules}
    )


def levels() -> tuple[Level, ...]:
    """The named levels (from ``defaults.toml``)."""
    return _defaults().levels


def list_rules() -> list[GameRule]:
    """The points rules in display order."""
    return _stored(GameRule)


def list_badges() -> list[GameBadge]:
    """The badge definitions in display order."""
    return _stored(GameBadge)


def get_rule(key: str) -> GameRule:
    row = _by_key(GameRule, key)
    if row is None:
        raise NotFoundError("No such points rule.")
    return row


def get_badge(key: str) -> GameBadge:
    row = _by_key(GameBadge, key)
    if row is None:
        raise NotFoundError("No such badge.")
    return row


_LOCKED = {"key", "version"}


def _validated(kind: str, row: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """The definition after ``changes``, checked by the core's parser (ServiceError if not)."""
    unknown = sorted(set(changes) & _LOCKED)
    if unknown:
        raise ServiceError(f"{', '.join(unknown)} cannot be changed.", unknown[0])
    merged = {**row.definition, **changes}
    merged = {name: value for name, value in merged.items() if value is not None}
    try:
        _parse(kind, row.key, row.version + 1, json.dumps(merged, sort_keys=True))
    except ValueError as exc:
        message = str(exc)
        named = next((name for name in merged if name in message.split(":")[-1]), None)
        raise ServiceError(message, named) from None
    return merged


def _edit(actor: Any, kind: str, key: str, changes: dict[str, Any]) -> Any:
    if not can_edit_game_rules(actor):
        raise PermissionDenied("Only administrators edit points rules and badges.")
    seed_catalog()  # the first edit stores the catalog it changes
    row = get_rule(key) if kind == "rule" else get_badge(key)
    definition = _validated(kind, row, changes)
    if definition == row.definition:
        return row
    db.session.add(
        CatalogEdit(
            kind=kind,
            key=row.key,
            version=row.version + 1,
            before=row.definition,
            after=definition,
            actor_id=actor.id,
        )
    )
    row.definition, row.version = definition, row.version + 1
    row.updated_at, row.updated_by_id = utcnow(), actor.id
    db.session.flush()
    _cache.clear()
    return row


def update_rule(actor: Any, key: str, changes: dict[str, Any]) -> GameRule:
    """Change a rule's fields (points, caps, conditions …): validated, version bumped,
    audited. Existing ledger entries keep the version that produced them."""
    return _edit(actor, "rule", key, changes)


def update_badge(actor: Any, key: str, changes: dict[str, Any]) -> GameBadge:
    """Change a badge's name, description, tier or criterion: validated, versioned, audited."""
    return _edit(actor, "badge", key, changes)


def audit_trail(kind: str | None = None, key: str | None = None) -> Any:
    """A select of catalog edits, newest first."""
    stmt = select(CatalogEdit).order_by(CatalogEdit.id.desc())
    if kind:
        stmt = stmt.where(CatalogEdit.kind == kind)
    if key:
        stmt = stmt.where(CatalogEdit.key == key)
    return stmt


def get_award(uid: str) -> BadgeAward:
    award = db.session.execute(select(BadgeAward).where(BadgeAward.uid == uid)).scalar_one_or_none()
    if award is None:
        raise NotFoundError("No such badge award.")
    return award


def revoke_award(actor: Any, award: BadgeAward, reason: str) -> BadgeAward:
    """Revoke a badge award (admins): it stays in the table, its Open Badges assertion
    answers as revoked, and the badge is not awarded again."""
    if not can_edit_game_rules(actor):
        raise PermissionDenied("Only administrators revoke badges.")
    if award.is_revoked:
        raise Conflict("This badge was already revoked.")
    award.revoked_at, award.revoked_by_id, award.revoked_reason = utcnow(), actor.id, reason[:300]
    db.session.flush()
    return award
