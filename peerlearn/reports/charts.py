"""Charts as server-rendered SVG: bar, line and heatmap. No script, no CDN.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (screen readers read
them); the page puts a table with the same numbers next to every chart. Colours come from
the stylesheet's palette and pass 3:1 contrast against the white card.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

BAR = "#1f5f99"
LINE_COLOURS = ("#1f5f99", "#b3541e")
AXIS = "#4d5867"


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def _text(x: float, y: float, content: Any, anchor: str = "start", cls: str = "tick") -> str:
    """A text label (``content`` is escaped)."""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">'
        f"{escape(content)}</text>"
    )


def _axis(left: float, y: float, right: float) -> str:
    return f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="{AXIS}"/>'


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10ⁿ)."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(chart_id: str, title: str, labels: Sequence[str], values: Sequence[float]) -> Markup:
    """Vertical bars, one per label, with the value above each bar."""
    width, height, left, bottom, top = 640, 260, 48, 40, 20
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak = _nice_max(max(values, default=0))
    desc = "; ".join(f"{label}: {_number(v)}" for label, v in zip(labels, values, strict=True))
    parts = _open(chart_id, title, desc or "No data", width, height)
    parts.append(_axis(left, top + plot_h, width - 12))
    parts.append(_text(left - 6, top + 4, _number(peak), "end"))
    parts.append(_text(left - 6, top + plot_h, "0", "end"))
    slot = plot_w / max(len(values), 1)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * value / peak
        x = left + i * slot + slot * 0.15
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{bar_h:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}: {_number(value)}</title></rect>"
        )
        parts.append(_text(x + slot * 0.35, y - 4, _number(value), "middle", "value"))
        parts.append(_text(x + slot * 0.35, height - bottom + 18, label, "middle"))
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
) -> Markup:
    """One polyline per named series over shared x labels (e.g. days), with a legend."""
    width, height, left, bottom, top = 640, 260, 48, 44, 28
    plot_w, plot_h = width - left - 12, height - bottom - top
    peak = _nice_max(max((max(vs, default=0) for _, vs in series), default=0))
    totals = ", ".join(f"{name} total {_number(sum(vs))}" for name, vs in series)
    span = f"{labels[0]} to {labels[-1]}" if labels else "no days"
    parts = _open(chart_id, title, f"Daily values from {span}: {totals}.", width, height)
    parts.append(_axis(left, top + plot_h, width - 12))
    parts.append(_text(left - 6, top + 4, _number(peak), "end"))
    parts.append(_text(left - 6, top + plot_h, "0", "end"))
    step = plot_w / max(len(labels) - 1, 1)
    for index, (name, values) in enumerate(series):
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}"
            for i, v in enumerate(values)
        )
        dash = ' stroke-dasharray="6 3"' if index else ""
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
        )
        parts.append(
            f'<rect x="{left + index * 170}" y="6" width="14" height="4" fill="{colour}"/>'
            + _text(left + index * 170 + 20, 12, name)
        )
    if labels:
        parts.append(_text(left, height - 14, labels[0]))
        parts.append(_text(width - 12, height - 14, labels[-1], "end"))
    parts.append("</svg>")
    return Markup("".join(parts))


def heatmap_chart(
    chart_id: str, title: str, rows: Sequence[str], grid: Sequence[Sequence[int]]
) -> Markup:
    """A weekday × hour grid; darker cells mean more activity."""
    cell, left, top = 24, 44, 22
    width, height = left + 24 * cell + 8, top + len(rows) * cell + 8
    peak = max((max(r, default=0) for r in grid), default=0) or 1
    busiest = max(
        ((grid[d][h], rows[d], h) for d in range(len(rows)) for h in range(24)), default=(0, "", 0)
    )
    desc = (
        f"Busiest: {busiest[1]} {busiest[2]:02d}:00 with {busiest[0]}."
        if busiest[0]
        else "No reading in this period."
    )
    parts = _open(chart_id, title, desc, width, height)
    for hour in range(0, 24, 3):
        parts.append(_text(left + hour * cell + cell / 2, top - 6, f"{hour:02d}", "middle"))
    for d, name in enumerate(rows):
        parts.append(_text(left - 6, top + d * cell + cell * 0.65, name, "end"))
        for hour in range(24):
            value = grid[d][hour]
            shade = 0.08 + 0.92 * value / peak if value else 0.0
            parts.append(
                f'<rect x="{left + hour * cell}" y="{top + d * cell}" '
                f'width="{cell - 2}" height="{cell - 2}" '
                f'fill="{BAR}" fill-opacity="{shade:.2f}" stroke="#d8dee6">'
                f"<title>{escape(name)} {hour:02d}:00 — {value}</title></rect>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
