"""Markdown → sanitized HTML, ``[[slug]]`` links between modules, and reading-time estimates.

Plain functions with no database access: services look up link titles and pass them in.
Two layers keep readers safe: markdown-it escapes raw HTML (``html=False``) and refuses
``javascript:``-style links, then nh3 (the Ammonia sanitizer) allows only the tags,
attributes and URL schemes listed here, whatever the first layer let through.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markupsafe import escape

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 0.5
WARN_MINUTES = 7
MODULE_PATH = "/m/"

ALLOWED_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote",
    "ul", "ol", "li", "strong", "em", "code", "pre", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_SCHEMES = {"http", "https"}
WIKILINK = re.compile(r"\[\[([a-z0-9][a-z0-9-]{0,79})(?:\|([^\]\n]{1,120}))?\]\]", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass
class Rendered:
    """The result of rendering a module body."""

    html: str
    links: list[str] = field(default_factory=list)  # slugs linked with [[slug]], in order
    word_count: int = 0


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = WIKILINK.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.meta = {"slug": match.group(1).lower(), "label": match.group(2)}
    state.pos = match.end()
    return True


def _render_wikilink(self: Any, tokens: list[Any], idx: int, options: Any, env: dict) -> str:
    slug, label = tokens[idx].meta["slug"], tokens[idx].meta["label"]
    env.setdefault("links", [])
    if slug not in env["links"]:
        env["links"].append(slug)
    text = label or env.get("titles", {}).get(slug) or slug
    return f'<a href="{MODULE_PATH}{slug}" class="module-link">{escape(text.strip())}</a>'


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.add_render_rule("wikilink", _render_wikilink)
    return md


_MD = _markdown()


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Images only from absolute http(s) URLs; ``start`` only as a number."""
    if tag == "img" and attribute == "src":
        parts = urlsplit(value.strip())
        return value if parts.scheme.lower() in IMAGE_SCHEMES and parts.netloc else None
    if tag == "ol" and attribute == "start":
        return value if value.isdigit() else None
    return value


def sanitize(html: str) -> str:
    """Keep only the allowed tags, attributes and URL schemes; links get rel=noopener."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        allowed_classes={"a": {"module-link"}},
        strip_comments=True,
    )


def linked_slugs(markdown: str) -> list[str]:
    """The ``[[slug]]`` targets in ``markdown`` (a quick pass, to look their titles up)."""
    seen: list[str] = []
    for match in WIKILINK.finditer(markdown or ""):
        slug = match.group(1).lower()
        if slug not in seen:
            seen.append(slug)
    return seen


def count_words(text: str) -> int:
    """Words in a piece of plain text (tags stripped)."""
    return len(_WORD.findall(nh3.clean(text, tags=set())))


def render_markdown(markdown: str, titles: Mapping[str, str] | None = None) -> Rendered:
    """Render a module body; ``titles`` maps linked slugs to module titles for link text."""
    env: dict[str, Any] = {"titles": dict(titles or {}), "links": []}
    html = sanitize(_MD.render(markdown or "", env))
    return Rendered(html=html, links=list(env["links"]), word_count=count_words(html))


def estimate_minutes(word_count: int, question_count: int) -> int:
    """Reading time: ~200 words a minute, plus half a minute per quiz question (at least 1)."""
    minutes = word_count / WORDS_PER_MINUTE + question_count * MINUTES_PER_QUESTION
    return max(1, math.ceil(minutes - 1e-9))
