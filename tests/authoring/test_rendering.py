"""Markdown rendering: what authors may use, what attackers may not, links and reading time."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from peerlearn.content.rendering import estimate_minutes, linked_slugs, render_markdown, sanitize

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    '<img src="https://example.com/x.png" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![x](javascript:alert(1))",
    '![x](https://example.com/a.png "title" onerror=alert(1))',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example"><input name=x></form>',
    "<details open ontoggle=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<base href='https://evil.example/'>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "[[x]]<script>alert(1)</script>",
    "[[ok|<img src=x onerror=alert(1)>]]",
    "```\n</code><script>alert(1)</script>\n```",
    "| a |\n|---|\n| <script>alert(1)</script> |",
]
SAFE_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "blockquote", "ul", "ol", "li",
    "strong", "em", "code", "pre", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "src", "alt", "title", "rel", "class", "start"}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def assert_inert(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in SAFE_TAGS, f"<{tag}> in {html!r}"
        assert set(attrs) <= SAFE_ATTRIBUTES, f"{sorted(attrs)} on <{tag}> in {html!r}"
        if "href" in attrs:
            scheme = urlsplit(attrs["href"].strip()).scheme.lower()
            assert scheme in ("", "http", "https", "mailto"), html
            assert "noopener" in attrs.get("rel", ""), html
        if "src" in attrs:
            assert urlsplit(attrs["src"]).scheme.lower() in ("http", "https"), html
        if "class" in attrs:
            assert attrs["class"] == "module-link", html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_survives_rendering(payload):
    assert_inert(render_markdown(payload).html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_sanitizer_alone_also_refuses_raw_html(payload):
    """Even if markdown-it let raw HTML through, nh3 would stop it."""
    assert_inert(sanitize(payload))


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown("<script>alert(1)</script>").html
    assert "&lt;script&gt;" in html and "<script" not in html


def test_authors_get_headings_lists_code_tables_links_and_images():
    body = (
        "# Title\n\n## Part\n\n- one\n- two\n\n1. first\n\n`code` and\n\n```sql\nSELECT 1;\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.com) [mail](mailto:a@b.co) "
        "[here](/m/other) ![chart](https://example.com/c.png)\n\n> quoted\n\n**bold** *em*"
    )
    html = render_markdown(body).html
    for fragment in (
        "<h1>Title</h1>",
        "<h2>Part</h2>",
        "<ul>",
        "<ol>",
        "<code>code</code>",
        "<pre><code>SELECT 1;",
        "<table>",
        "<td>1</td>",
        '<a href="https://example.com" rel="noopener nofollow">site</a>',
        'href="mailto:a@b.co"',
        'href="/m/other"',
        '<img src="https://example.com/c.png" alt="chart">',
        "<blockquote>",
        "<strong>bold</strong>",
        "<em>em</em>",
    ):
        assert fragment in html, fragment


def test_images_need_an_absolute_http_url():
    html = render_markdown("![a](/local.png) ![b](ftp://x.example/b.png)").html
    assert "src=" not in html


def test_wikilinks_become_module_links_with_titles():
    rendered = render_markdown(
        "See [[sql-basics]], [[SQL-Basics]] again, [[giving-feedback|how to give feedback]] "
        "and `[[in-code]]`.",
        {"sql-basics": "SQL <basics>"},
    )
    assert rendered.links == ["sql-basics", "giving-feedback"]
    assert '<a href="/m/sql-basics" class="module-link"' in rendered.html
    assert "SQL &lt;basics&gt;</a>" in rendered.html
    assert ">how to give feedback</a>" in rendered.html
    assert "<code>[[in-code]]</code>" in rendered.html
    assert linked_slugs("[[a]] [[b|x]] [[a]]") == ["a", "b"]


@pytest.mark.parametrize(
    ("words", "questions", "minutes"),
    [(0, 0, 1), (200, 0, 1), (201, 0, 2), (1000, 0, 5), (1400, 2, 8), (300, 4, 4)],
)
def test_estimated_minutes(words, questions, minutes):
    assert estimate_minutes(words, questions) == minutes


def test_word_count_ignores_markup():
    assert render_markdown("# One two\n\n**three** [four](https://x.example)").word_count == 4
