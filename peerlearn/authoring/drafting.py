"""Draft validation for authors: tags, slugs, field limits, rendering with link warnings, length.

Used by the services when saving, and by the preview endpoint (which saves nothing).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy import func, or_, select

from peerlearn.authoring.quiz import MAX_QUESTIONS, QuizInvalid, clean_quiz
from peerlearn.content.models import Module, ModuleRevision, Tag
from peerlearn.content.rendering import (
    WARN_MINUTES,
    Rendered,
    estimate_minutes,
    linked_slugs,
    render_markdown,
)
from peerlearn.errors import ServiceError
from peerlearn.extensions import db
from peerlearn.organisation.services import get_setting

TITLE_MAX = 120
SUMMARY_MAX = 200
BODY_MAX = 60_000
TAGS_MAX = 8
TAG_MAX = 40
SLUG_MAX = 80


def normalise_tag(name: str) -> str:
    """Lower case, single spaces, no leading ``#``: "  #SQL  Basics" → "sql basics"."""
    return " ".join((name or "").replace("#", " ").split()).casefold()


def clean_tags(names: Any) -> list[str]:
    """Normalised, de-duplicated tag names, or a field error."""
    if isinstance(names, str):
        names = names.split(",")
    tags: list[str] = []
    for name in names or []:
        tag = normalise_tag(name if isinstance(name, str) else "")
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise ServiceError(f"Keep each tag under {TAG_MAX} characters.", "tags")
        if tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise ServiceError(f"Use at most {TAGS_MAX} tags.", "tags")
    return tags


def tags_by_name(names: list[str]) -> list[Tag]:
    """The Tag rows for ``names``, creating the missing ones (create-on-type)."""
    existing = {
        t.name: t for t in db.session.execute(select(Tag).where(Tag.name.in_(names))).scalars()
    }
    for name in names:
        if name not in existing:
            existing[name] = Tag(name=name)
            db.session.add(existing[name])
    db.session.flush()
    return [existing[name] for name in names]


def suggest_tags(prefix: str, limit: int = 10) -> list[str]:
    """Existing tag names starting with ``prefix`` (for the editor's suggestions)."""
    stmt = select(Tag.name).order_by(Tag.name).limit(limit)
    if prefix.strip():
        stmt = stmt.where(Tag.name.like(normalise_tag(prefix).replace("%", "") + "%"))
    return list(db.session.execute(stmt).scalars())


def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphenated slug of ``text``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "module"


def unique_slug(base: str) -> str:
    taken = set(
        db.session.execute(
            select(Module.slug).where((Module.slug == base) | Module.slug.like(f"{base[:70]}-%"))
        ).scalars()
    )
    if base not in taken:
        return base
    n = 2
    while f"{base[:70]}-{n}" in taken:
        n += 1
    return f"{base[:70]}-{n}"


def clean_content(values: dict[str, Any]) -> dict[str, Any]:
    title = " ".join((values.get("title") or "").split())
    if not title:
        raise ServiceError("Give your module a title.", "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"Keep the title under {TITLE_MAX} characters.", "title")
    summary = " ".join((values.get("summary") or "").split())
    if len(summary) > SUMMARY_MAX:
        raise ServiceError(f"Keep the summary to one line ({SUMMARY_MAX} characters).", "summary")
    body = (values.get("body_markdown") or "").replace("\r\n", "\n")
    if len(body) > BODY_MAX:
        raise ServiceError("This is far too long for a micro-module.", "body_markdown")
    return {
        "title": title,
        "summary": summary,
        "body_markdown": body,
        "tags": clean_tags(values.get("tags")),
        "quiz": clean_quiz(values.get("quiz")),
    }


def module_by_slug_exists(slug: str) -> bool:
    return db.session.execute(select(Module.id).where(Module.slug == slug)).first() is not None


def link_titles(slugs: list[str]) -> dict[str, Module]:
    """Modules by slug, for link text and warnings."""
    if not slugs:
        return {}
    rows = db.session.execute(select(Module).where(Module.slug.in_(slugs))).scalars()
    return {m.slug: m for m in rows}


def render_body(body_markdown: str) -> tuple[Rendered, list[str]]:
    """Render a body; return it and warnings about ``[[links]]`` to missing modules."""
    modules = link_titles(linked_slugs(body_markdown))
    rendered = render_markdown(body_markdown, {s: m.title for s, m in modules.items()})
    warnings = []
    for slug in rendered.links:
        target = modules.get(slug)
        if target is None:
            warnings.append(f"[[{slug}]] links to a module that does not exist.")
        elif not target.is_live:
            warnings.append(f"[[{slug}]] links to a module that is not published (yet).")
    return rendered, warnings


def length_warnings(minutes: int) -> list[str]:
    limit = get_setting("max_module_minutes")
    if minutes > limit:
        return [
            f"About {minutes} minutes: over the {limit}-minute limit, so it cannot be submitted."
        ]
    if minutes > WARN_MINUTES:
        return [f"About {minutes} minutes: micro-modules work best under {WARN_MINUTES}."]
    return []


def same_title_modules(title: str, module_id: int | None, author_id: int) -> list[Module]:
    """Other modules readers could confuse with this one: published ones with the same title
    (case and spaces ignored), and the author's own modules of that title in any state."""
    wanted = " ".join((title or "").split()).casefold()
    if not wanted:
        return []
    current = or_(
        ModuleRevision.id == Module.published_revision_id,
        (ModuleRevision.id == Module.draft_revision_id) & (Module.author_id == author_id),
    )
    rows = db.session.execute(
        select(Module, ModuleRevision.title)
        .join(ModuleRevision, ModuleRevision.module_id == Module.id)
        .where(
            current,
            func.lower(ModuleRevision.title) == (title or "").strip().lower(),
            Module.id != (module_id or -1),
            Module.state != "rejected",
        )
        .order_by(Module.id)
        .limit(10)
    ).all()
    found: dict[int, Module] = {}
    for module, other in rows:
        if " ".join(other.split()).casefold() == wanted:
            found.setdefault(module.id, module)
    return list(found.values())


def title_warnings(title: str, module_id: int | None, author_id: int) -> list[str]:
    """A warning per module with the same title: saving is allowed (titles are not unique
    addresses), but readers choose by title, so the author should hear of it."""
    return [
        f"Another module is already titled “{other.title}” (/m/{other.slug}): "
        "readers may confuse them; a more specific title helps."
        for other in same_title_modules(title, module_id, author_id)
    ]


def quiz_question_count(quiz: Any) -> int:
    """Questions a quiz will have once valid; a half-written quiz counts what it has."""
    try:
        cleaned = clean_quiz(quiz)
    except QuizInvalid:
        questions = quiz.get("questions") if isinstance(quiz, dict) else None
        return min(len(questions), MAX_QUESTIONS) if isinstance(questions, list) else 0
    return len(cleaned["questions"]) if cleaned else 0


def draft_preview(body_markdown: str, quiz: Any) -> tuple[Rendered, int, list[str]]:
    """The one place a draft's reading time is worked out, for the saved revision, the
    editor page and the preview API alike: the rendered body, its minutes (words plus quiz
    questions) and the author's warnings (length, broken ``[[links]]``)."""
    rendered, link_warnings = render_body(body_markdown or "")
    minutes = estimate_minutes(rendered.word_count, quiz_question_count(quiz))
    return rendered, minutes, length_warnings(minutes) + link_warnings


def revision_warnings(revision: ModuleRevision) -> list[str]:
    """What the author should fix or know about ``revision`` (length, broken links, a title
    that another module already has)."""
    _, link_warnings = render_body(revision.body_markdown)
    same_title = title_warnings(revision.title, revision.module_id, revision.author_id)
    return length_warnings(revision.estimated_minutes) + link_warnings + same_title
