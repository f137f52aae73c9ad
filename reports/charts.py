"""Server-rendered SVG charts: no script, so the strict CSP stays; shapes, patterns and printed
values tell the series apart, never colour alone, so a chart reads in greyscale and on paper.

``chart_svg(table)`` draws ``table.chart`` with the table's title and description as the SVG's
``<title>`` and ``<desc>``; the page shows the same numbers as a table beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .tables import Table

INK = "#1f3b57"
WIDTH = 640
# One fill per series: solid, diagonal lines, dots, cross-hatch (then again).
PATTERNS = [
    "",
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="{ink}" stroke-width="3"/></pattern>',
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.6" fill="{ink}"/></pattern>',
    '<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse">'
    '<rect width="6" height="6" fill="#fff"/><path d="M0 0L6 6M6 0L0 6" stroke="{ink}" stroke-width="1.2"/></pattern>',
]


TICKS = 4


def _nice_max(value: float, whole: bool = True) -> float:
    """The top of the scale: TICKS steps of 1, 2 or 5 × 10^n, whole numbers for counts."""
    if value <= 0:
        return float(TICKS)
    raw = value / TICKS
    exponent = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if whole and exponent < 10 else (1, 2, 2.5, 5, 10)
    step = next(m * exponent for m in multiples if raw <= m * exponent)
    if whole:
        step = max(1, math.ceil(step))
    return step * TICKS


def _number(value: float, unit: str) -> str:
    if unit == "percent":
        return formats.number_format(round(value * 100)) + " %"
    if value == int(value):
        return formats.number_format(int(value), force_grouping=True)
    return formats.number_format(value, 1)


@dataclass
class _Svg:
    id: str
    parts: list[str]

    def add(self, text: str) -> None:
        self.parts.append(text)


def _fills(svg: _Svg, count: int) -> list[str]:
    fills, defs = [], []
    for i in range(count):
        pattern = PATTERNS[i % len(PATTERNS)]
        if not pattern:
            fills.append(INK)
            continue
        pattern_id = f"{svg.id}-p{i}"
        defs.append(pattern.format(id=pattern_id, ink=INK))
        fills.append(f"url(#{pattern_id})")
    if defs:
        svg.add("<defs>" + "".join(defs) + "</defs>")
    return fills


def _legend(svg: _Svg, series: list[str], fills: list[str], y: int) -> None:
    x = 8
    for label, fill in zip(series, fills, strict=True):
        svg.add(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="#000"/>')
        svg.add(f'<text x="{x + 20}" y="{y + 12}" font-size="12">{escape(label)}</text>')
        x += 34 + 7 * len(label)


def _top(chart) -> float:
    values = [v for _label, series in chart.series for v in series]
    whole = chart.unit != "percent" and all(float(v).is_integer() for v in values)
    return _nice_max(max(values, default=0), whole)


def chart_svg(table: Table) -> SafeString:
    chart = table.chart
    if chart is None or not chart.categories:
        return mark_safe("")
    svg = _Svg(f"chart-{table.slug}", [])
    return _columns(svg, table) if chart.kind == "columns" else _bars(svg, table)


def _open(svg: _Svg, table: Table, height: int) -> None:
    svg.add(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{svg.id}-title {svg.id}-desc" font-family="sans-serif">'
        f'<title id="{svg.id}-title">{escape(table.title)}</title>'
        f'<desc id="{svg.id}-desc">{escape(table.description)}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>'
    )


def _columns(svg: _Svg, table: Table) -> SafeString:
    chart = table.chart
    height, top, bottom, left, right = 320, 40, 70, 56, 8
    _open(svg, table, height)
    fills = _fills(svg, len(chart.series))
    _legend(svg, [label for label, _values in chart.series], fills, 8)
    top_value = _top(chart)
    plot_h, plot_w = height - top - bottom, WIDTH - left - right
    for tick in range(TICKS + 1):
        value = top_value * tick / TICKS
        y = top + plot_h - plot_h * tick / TICKS
        svg.add(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#767676" stroke-width="0.5"/>'
        )
        svg.add(
            f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{_number(value, chart.unit)}</text>'
        )
    group = plot_w / len(chart.categories)
    bar = max(2.0, min(28.0, (group - 8) / len(chart.series)))
    rotate = len(chart.categories) > 6
    for c, category in enumerate(chart.categories):
        x0 = left + c * group + (group - bar * len(chart.series)) / 2
        for s, (_label, values) in enumerate(chart.series):
            value = values[c]
            h = plot_h * value / top_value
            x, y = x0 + s * bar, top + plot_h - h
            svg.add(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 1:.1f}" height="{h:.1f}" fill="{fills[s]}" stroke="#000" stroke-width="0.6"/>'
            )
            if value and bar >= 9:
                svg.add(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="9" text-anchor="middle">{_number(value, chart.unit)}</text>'
                )
        cx, cy = left + c * group + group / 2, top + plot_h + 14
        if rotate:
            svg.add(
                f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="11" text-anchor="end" transform="rotate(-40 {cx:.1f} {cy:.1f})">{escape(category)}</text>'
            )
        else:
            svg.add(f'<text x="{cx:.1f}" y="{cy:.1f}" font-size="11" text-anchor="middle">{escape(category)}</text>')
    svg.add(f'<line x1="{left}" y1="{top + plot_h}" x2="{WIDTH - right}" y2="{top + plot_h}" stroke="#000"/>')
    svg.add("</svg>")
    return mark_safe("".join(svg.parts))  # noqa: S308 - every text in it went through escape()


def _bars(svg: _Svg, table: Table) -> SafeString:
    chart = table.chart
    row_h, top, left, right = 26, 8, 210, 60
    per_category = row_h * len(chart.series)
    legend = 26 if len(chart.series) > 1 else 0
    height = top + legend + per_category * len(chart.categories) + 10 * len(chart.categories) + 8
    _open(svg, table, height)
    fills = _fills(svg, len(chart.series))
    if legend:
        _legend(svg, [label for label, _values in chart.series], fills, top)
    top_value = _top(chart)
    plot_w = WIDTH - left - right
    y = top + legend
    for c, category in enumerate(chart.categories):
        svg.add(
            f'<text x="{left - 8}" y="{y + per_category / 2 + 4:.1f}" font-size="12" text-anchor="end">{escape(category[:34])}</text>'
        )
        for s, (_label, values) in enumerate(chart.series):
            value = values[c]
            w = plot_w * value / top_value
            svg.add(
                f'<rect x="{left}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{fills[s]}" stroke="#000" stroke-width="0.6"/>'
            )
            svg.add(
                f'<text x="{left + w + 4:.1f}" y="{y + row_h / 2 + 3:.1f}" font-size="11">{_number(value, chart.unit)}</text>'
            )
            y += row_h
        y += 10
    svg.add(f'<line x1="{left}" y1="{top + legend}" x2="{left}" y2="{y - 6}" stroke="#000"/>')
    svg.add("</svg>")
    return mark_safe("".join(svg.parts))  # noqa: S308 - every text in it went through escape()
