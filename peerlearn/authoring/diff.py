"""A readable diff between two revisions: title, summary, tags, body and quiz, line by line.

The diff is data (sections of lines); pages render it with Jinja's autoescaping and the API
also gets :func:`diff_html`, built with ``markupsafe.escape`` so no revision text is ever
interpreted as HTML.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from peerlearn.content.models import ModuleRevision

CONTEXT = 2  # unchanged lines kept around each change


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed" or "gap" (unchanged lines left out)
    text: str


@dataclass
class DiffSection:
    name: str
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(line.kind in ("added", "removed") for line in self.lines)


def _quiz_lines(quiz: dict[str, Any] | None) -> list[str]:
    if not quiz:
        return []
    lines = [f"Pass mark: {quiz.get('pass_mark')}%"]
    for number, question in enumerate(quiz.get("questions", []), start=1):
        lines.append(f"Q{number} ({question['kind']}): {question['prompt']}")
        for index, choice in enumerate(question["choices"]):
            mark = "✓" if index in question["correct"] else "·"
            lines.append(f"  {mark} {choice}")
        lines.append(f"  Why: {question['explanation']}")
    return lines


def revision_sections(revision: ModuleRevision | None) -> dict[str, list[str]]:
    """The parts of a revision a person compares, as lines of text."""
    if revision is None:
        return {"Title": [], "Summary": [], "Tags": [], "Body": [], "Quiz": []}
    return {
        "Title": [revision.title],
        "Summary": [revision.summary] if revision.summary else [],
        "Tags": [", ".join(revision.tags)] if revision.tags else [],
        "Body": revision.body_markdown.split("\n") if revision.body_markdown else [],
        "Quiz": _quiz_lines(revision.quiz),
    }


def _diff_lines(old: list[str], new: list[str]) -> list[DiffLine]:
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = old[i1:i2]
            head = same[:CONTEXT] if index > 0 else []
            tail = same[-CONTEXT:] if index < len(opcodes) - 1 else []
            if len(same) <= len(head) + len(tail) + 1:
                lines.extend(DiffLine("same", text) for text in same)
            else:
                lines.extend(DiffLine("same", text) for text in head)
                lines.append(DiffLine("gap", f"{len(same) - len(head) - len(tail)} unchanged"))
                lines.extend(DiffLine("same", text) for text in tail)
            continue
        lines.extend(DiffLine("removed", text) for text in old[i1:i2])
        lines.extend(DiffLine("added", text) for text in new[j1:j2])
    return lines


def diff_revisions(old: ModuleRevision | None, new: ModuleRevision) -> list[DiffSection]:
    """The changes from ``old`` (``None``: nothing yet) to ``new``, section by section."""
    before, after = revision_sections(old), revision_sections(new)
    return [DiffSection(name, _diff_lines(before[name], after[name])) for name in after]


_MARKERS = {"same": " ", "added": "+", "removed": "−", "gap": "…"}


def diff_html(sections: list[DiffSection]) -> Markup:
    """The diff as escaped HTML (``<ins>``/``<del>`` lines), for API clients to show."""
    parts: list[str] = []
    for section in sections:
        if not section.changed:
            continue
        parts.append(f'<section class="diff-section"><h3>{escape(section.name)}</h3><pre>')
        for line in section.lines:
            text = f"{_MARKERS[line.kind]} {escape(line.text)}"
            if line.kind == "added":
                parts.append(f'<ins class="diff-added">{text}</ins>\n')
            elif line.kind == "removed":
                parts.append(f'<del class="diff-removed">{text}</del>\n')
            else:
                parts.append(f'<span class="diff-{line.kind}">{text}</span>\n')
        parts.append("</pre></section>")
    return Markup("".join(parts) or "<p>No differences.</p>")
