"""Search synonyms: groups of words and short phrases that mean the same to the catalog
search ("expenses, reimbursement, expense claim"). Admins edit the whole list at once (one
group a line) on **Admin → Search synonyms** or ``PUT /api/v1/search/synonyms``.

A query word that belongs to a group is searched as any member of the group, so "angry
customer" finds "De-escalating an upset client". The list is small and read on every search,
so each process keeps it for :data:`CACHE_SECONDS` (a change made here is seen at once by
this process, by the others within that time).
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from typing import Any

from sqlalchemy import String, delete, event, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from peerlearn.errors import PermissionDenied, ServiceError
from peerlearn.events import utcnow
from peerlearn.extensions import db
from peerlearn.permissions import is_admin

CACHE_SECONDS = 30.0
MAX_GROUPS = 500
MAX_GROUP_LENGTH = 300
MAX_ENTRIES = 12
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# What a new installation starts with; admins change it freely.
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("expenses", "expense", "reimbursement", "reimburse", "expense claim"),
    ("angry", "upset", "irate", "frustrated", "difficult"),
    ("customer", "client"),
    ("manager", "boss", "lead", "supervisor"),
    ("holiday", "vacation", "annual leave", "time off", "pto"),
    ("password", "credentials", "login"),
    ("hire", "new starter", "joiner", "onboarding"),
    ("spreadsheet", "excel", "sheets"),
    ("meeting", "call"),
    ("presentation", "slides", "talk"),
)


class SearchSynonym(db.Model):
    """One group of equivalent entries, stored as they are shown: ``"a, b, c"``."""

    __tablename__ = "search_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    entries: Mapped[str] = mapped_column(String(MAX_GROUP_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def _insert_defaults(target: Any, connection: Any, **_kw: Any) -> None:
    # ``create_all`` (tests, first runs) starts with the defaults, as the migration does.
    now = utcnow()
    connection.execute(
        insert(target), [{"entries": ", ".join(g), "updated_at": now} for g in DEFAULT_SYNONYMS]
    )


event.listen(SearchSynonym.__table__, "after_create", _insert_defaults)


def normalise_entry(entry: str) -> str:
    """An entry as searched: its words, lower case, single-spaced."""
    return " ".join(word.casefold() for word in _WORD.findall(entry))


def parse_groups(lines: list[str]) -> list[list[str]]:
    """Clean groups (one a line, entries separated by commas), or ``ValidationFailed``
    naming the line. Blank lines are skipped; each group needs two different entries."""
    groups: list[list[str]] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        entries: list[str] = []
        for raw in line.split(","):
            entry = normalise_entry(raw)
            if entry and entry not in entries:
                entries.append(entry)
        if len(entries) < 2:
            errors.append(f"Line {number}: give at least two different words, comma-separated.")
        elif len(entries) > MAX_ENTRIES or len(", ".join(entries)) > MAX_GROUP_LENGTH:
            errors.append(f"Line {number}: at most {MAX_ENTRIES} entries and 300 characters.")
        else:
            groups.append(entries)
    if len(groups) > MAX_GROUPS:
        errors.append(f"At most {MAX_GROUPS} groups.")
    if errors:
        raise ServiceError(" ".join(errors), "groups")
    return groups


def list_groups() -> list[list[str]]:
    """Every group, in the order they were written."""
    rows = db.session.execute(select(SearchSynonym.entries).order_by(SearchSynonym.id)).scalars()
    return [entry.split(", ") for entry in rows]


def replace_groups(actor: Any, lines: list[str]) -> list[list[str]]:
    """Replace the whole list (admins only). Flushes."""
    if not is_admin(actor):
        raise PermissionDenied("Only administrators edit the search synonyms.")
    groups = parse_groups(lines)
    db.session.execute(delete(SearchSynonym))
    now = utcnow()
    db.session.add_all(SearchSynonym(entries=", ".join(g), updated_at=now) for g in groups)
    db.session.flush()
    _cache.clear()
    return groups


_cache: dict[str, tuple[float, dict[str, list[str]]]] = {}


def synonym_map() -> dict[str, list[str]]:
    """Each entry → the other entries of its groups (cached per process, see the docstring)."""
    key = db.engine.url.render_as_string()
    cached = _cache.get(key)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    mapping: dict[str, list[str]] = {}
    for group in list_groups():
        for entry in group:
            others = mapping.setdefault(entry, [])
            others.extend(e for e in group if e != entry and e not in others)
    _cache[key] = (time.monotonic(), mapping)
    return mapping


def clear_cache() -> None:
    """Forget the cached list (tests that change the table directly)."""
    _cache.clear()
