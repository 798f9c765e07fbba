"""SVG charts drawn on the server, so the page and the PDF show the same picture with no script.

A chart is built from plain numbers by a small pure-Python builder. Every chart carries its
numbers as a table (shown next to it or behind a toggle), a <title> and a <desc>, and
role="img", so it is readable without seeing the picture. Colours are SVG presentation
attributes (no style attribute: the Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from criteria.formatting import fmt_decimal, fmt_int

PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000")
WIDTH = 640
HEIGHT = 280
MARGIN_LEFT = 56
MARGIN_RIGHT = 12
MARGIN_TOP = 36
MARGIN_BOTTOM = 56
PLOT_WIDTH = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
PLOT_HEIGHT = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
Y0 = MARGIN_TOP + PLOT_HEIGHT  # the zero line
FONT = "DejaVu Sans, Arial, sans-serif"
_ids = count(1)

Number = int | Decimal | None


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Number]


@dataclass
class Chart:
    """A drawn chart with its numbers: `svg` for the picture, `headers`/`rows` for the table."""

    title: str
    desc: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)


def fmt_number(value: Number) -> str:
    """Return a number as written in Vietnamese (1.234 / 7,5), or '—' when unknown."""
    if value is None:
        return "—"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return fmt_decimal(value)
    return fmt_int(int(value))


def _nice_max(value: float) -> int:
    """Return a round upper bound for the axis whose quarters are whole numbers (4, 8, 12,
    then 2, 4, 6, 8, 10 × 10^n) at or above the value."""
    for small in (4, 8, 12):
        if value <= small:
            return small
    magnitude = 10
    while True:
        for step in (2, 4, 6, 8, 10):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def _axis(top: int, plot_height: int, y0: int, *, scale: int = 1, unit: str = "") -> list[str]:
    """Return the gridlines and tick labels of the vertical axis (five steps)."""
    parts = []
    for i in range(5):
        value = top * i / 4
        y = y0 - plot_height * i / 4
        label = fmt_number(Decimal(str(value / scale)).normalize())
        parts.append(
            f'<line x1="{MARGIN_LEFT}" y1="{y:.1f}" x2="{WIDTH - MARGIN_RIGHT}" y2="{y:.1f}" '
            f'stroke="#d9d9d9" stroke-width="1"/>'
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#333">{escape(label)}{escape(unit)}</text>'
        )
    return parts


def _legend(series: list[Series]) -> list[str]:
    """Return the legend drawn above the plot, one coloured square and name per series."""
    parts = []
    x = MARGIN_LEFT
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="10" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="20" font-size="12" fill="#222">{escape(item.name)}</text>'
        )
        x += 28 + 7 * len(item.name)
    return parts


def _frame(title: str, desc: str, body: list[str]) -> SafeString:
    """Return the SVG element: role="img", labelled by its <title> and <desc>."""
    uid = next(_ids)
    return mark_safe(  # noqa: S308 - every text part is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="chart-t{uid} chart-d{uid}" font-family="{FONT}">'
        f'<title id="chart-t{uid}">{escape(title)}</title>'
        f'<desc id="chart-d{uid}">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _table(labels: list[str], series: list[Series], label_header: str) -> tuple[list, list]:
    headers = [label_header, *(s.name for s in series)]
    rows = [[label, *(fmt_number(s.values[i]) for s in series)] for i, label in enumerate(labels)]
    return headers, rows


def _top(series: list[Series]) -> int:
    """Return the top of the value axis: a round number at or above every known value."""
    known = [float(v) for s in series for v in s.values if v is not None]
    return _nice_max(max(known, default=0))


def _chart(
    title: str, desc: str, body: list[str], labels: list[str], series: list[Series], header: str
) -> Chart:
    """Close a plot (its zero line and legend) and return it as a chart with its data table."""
    body.append(
        f'<line x1="{MARGIN_LEFT}" y1="{Y0}" x2="{WIDTH - MARGIN_RIGHT}" y2="{Y0}" '
        f'stroke="#555" stroke-width="1"/>'
    )
    body.extend(_legend(series))
    headers, rows = _table(labels, series, header)
    return Chart(title, desc, _frame(title, desc, body), headers, rows)


def bar_chart(
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[Series],
    label_header: str,
    scale: int = 1,
    unit: str = "",
) -> Chart:
    """Return a grouped bar chart: one group per label, one bar per series (None: no bar).

    `scale` divides the axis labels only (e.g. 10^9 to write money in billions).
    """
    top = _top(series)
    body = _axis(top, PLOT_HEIGHT, Y0, scale=scale, unit=unit)
    group = PLOT_WIDTH / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    for i, label in enumerate(labels):
        gx = MARGIN_LEFT + i * group + group * 0.1
        for j, item in enumerate(series):
            value = item.values[i]
            if value is None:
                continue
            h = PLOT_HEIGHT * float(value) / top
            body.append(
                f'<rect x="{gx + j * bar:.1f}" y="{Y0 - h:.1f}" width="{bar - 1:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(label)} — {escape(item.name)}: {fmt_number(value)}</title></rect>"
            )
        body.append(
            f'<text x="{gx + group * 0.4:.1f}" y="{Y0 + 16}" text-anchor="middle" '
            f'font-size="11" fill="#222">{escape(_short(label, group))}</text>'
        )
    return _chart(title, desc, body, labels, series, label_header)


def line_chart(
    *, title: str, desc: str, labels: list[str], series: list[Series], label_header: str
) -> Chart:
    """Return a line chart: one line per series over the labels; a None value breaks the line."""
    top = _top(series)
    body = _axis(top, PLOT_HEIGHT, Y0)
    step = PLOT_WIDTH / max(len(labels), 1)
    xs = [MARGIN_LEFT + step * (i + 0.5) for i in range(len(labels))]
    for i, label in enumerate(labels):
        body.append(
            f'<text x="{xs[i]:.1f}" y="{Y0 + 16}" text-anchor="middle" font-size="11" '
            f'fill="#222">{escape(label)}</text>'
        )
    for j, item in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        segment: list[str] = []
        segments = [segment]
        for i, value in enumerate(item.values):
            if value is None:
                segment = []
                segments.append(segment)
                continue
            y = Y0 - PLOT_HEIGHT * float(value) / top
            segment.append(f"{xs[i]:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{xs[i]:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(labels[i])} — {escape(item.name)}: {fmt_number(value)}</title>"
                "</circle>"
            )
        for points in segments:
            if len(points) > 1:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>'
                )
    return _chart(title, desc, body, labels, series, label_header)


def _short(label: str, width: float) -> str:
    """Return the label cut to what fits under its bar group (the table has it in full)."""
    fits = max(int(width / 6.5), 4)
    return label if len(label) <= fits else label[: fits - 1] + "…"
