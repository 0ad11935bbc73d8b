"""The report's chart: capaian per indicator and per budget line against the 100 % line.

Pure: labelled values in, SVG markup out. The wide drawing (labels beside their bars) is the
same in the PDF and on a wide screen; the narrow one (each label above its bar, larger type) is
what a phone shows. Labels wrap, never cut; a value is written where no rule crosses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from .formatting import persen
from .measure import PT_PER_MM, text_width_mm

GREEN = "#2e7d32"  # capaian of at least 100 %
BLUE = "#1f5fa8"  # capaian under 100 %
RED = "#c62828"  # the 100 % line
GAP = 1.5  # mm between a bar's end (or a rule) and its value


@dataclass(frozen=True)
class Style:
    """One of the two drawings: where labels go and how large the type is (user units = mm)."""

    font: float  # type size
    label: float  # width of the label column beside the bars; 0: labels above their bars
    bar: float  # bar thickness
    value_room: float  # room right of the longest bar for its value


WIDE = Style(font=2.6, label=95.0, bar=4.0, value_room=18.0)
NARROW = Style(font=3.6, label=0.0, bar=4.5, value_room=20.0)
NARROW_WIDTH = 96.0  # user units of the phone drawing (it is scaled to the screen's width)


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _width(text: str, font: float) -> float:
    return text_width_mm(text, font * PT_PER_MM)


def wrap(text: str, width: float, font: float) -> list[str]:
    """Greedy word wrap of a label to `width`; a word longer than a line stays whole."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(f"{lines[-1]} {word}", font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def value_x(bar_end: float, text_width: float, rules: Sequence[float]) -> float:
    """Where a value's text starts: just after its bar, or after any rule it would touch."""
    x = bar_end + GAP
    for rule in sorted(rules):
        if x - GAP / 2 <= rule <= x + text_width + GAP:
            x = rule + GAP
    return x


def _legend(y: float, font: float, width: float) -> tuple[str, float]:
    """The key to the colours and the dashed line, wrapped to `width`; also its bottom."""
    size = font * 0.9
    parts, x, line = [], 0.0, font * 1.6
    for kind, text in (
        (GREEN, "Capaian 100 % atau lebih"),
        (BLUE, "Capaian di bawah 100 %"),
        (RED, "Garis 100 % (target)"),
    ):
        room = size * 1.5 + _width(text, font)
        if x and x + room > width:
            x, y = 0.0, y + line
        if kind == RED:
            parts.append(
                f'<path d="M{_n(x + size / 2)} {_n(y - size)} V{_n(y + size * 0.2)}" '
                f'stroke="{RED}" stroke-width="0.4" stroke-dasharray="1.5 1" fill="none"/>'
            )
        else:
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(y - size * 0.85)}" width="{_n(size)}" '
                f'height="{_n(size)}" fill="{kind}"/>'
            )
        parts.append(f'<text class="legenda" x="{_n(x + size * 1.5)}" y="{_n(y)}">{text}</text>')
        x += room + size * 2.5
    return "".join(parts), y


def _item(
    label: str, value: Decimal | None, y: float, style: Style, geo: tuple[float, float, float]
) -> tuple[list[str], float, tuple[float, float]]:
    """One label, its bar and its value from `y` down: markup, height, the bar's span."""
    width, scale, axis = geo
    left, line = style.label, style.font * 1.2
    lines = wrap(label, (left or width) - 2, style.font)
    if left:  # beside the bar, both centred on the row
        height = max(style.bar + 2, len(lines) * line + 1.4)
        bar_y = y + (height - style.bar) / 2
        text_top = y + (height - len(lines) * line) / 2
    else:  # above the bar
        text_top = y + 0.5
        bar_y = y + len(lines) * line + 0.8
        height = bar_y - y + style.bar + 1.6
    spans = "".join(
        f'<tspan x="0" dy="{_n(line if i else 0)}">{escape(t)}</tspan>' for i, t in enumerate(lines)
    )
    parts = [f'<text class="label" y="{_n(text_top + style.font * 0.85)}">{spans}</text>']
    end = left
    if value is not None:
        w = float(max(value, Decimal(0))) * scale
        end = left + w
        fill = GREEN if value >= 100 else BLUE
        parts.append(
            f'<rect class="bar" data-value="{value}" x="{_n(left)}" y="{_n(bar_y)}" '
            f'width="{_n(w)}" height="{_n(style.bar)}" fill="{fill}"/>'
        )
    text = persen(value)
    x = value_x(end, _width(text, style.font), [left, axis])
    parts.append(
        f'<text class="nilai" x="{_n(x)}" y="{_n(bar_y + style.bar / 2 + style.font * 0.35)}">'
        f"{escape(text)}</text>"
    )
    return parts, height, (bar_y - 0.6, bar_y + style.bar + 0.6)


def capaian_chart(
    items: Sequence[tuple[str, Decimal | None]], width: float, style: Style = WIDE
) -> str:
    """Horizontal bars; a value that cannot be computed is shown as `-` with no bar."""
    values = [v for _, v in items if v is not None]
    top = max([Decimal(120), *values])
    left = style.label
    scale = (width - left - style.value_room) / float(top)
    axis = left + 100 * scale
    body: list[str] = []
    spans = []  # each bar's (top, bottom)
    y = 1.0
    for label, value in items:
        parts, height, span = _item(label, value, y, style, (width, scale, axis))
        body += parts
        spans.append(span)
        y += height
    bottom = y
    # Beside the labels: one rule down the plot. Above them: a rule through each bar only, so
    # no rule ever crosses a label.
    for a, b in [(1.0, bottom)] if left else spans:
        body.append(
            f'<path d="M{_n(left)} {_n(a)} V{_n(b)}" stroke="#000" stroke-width="0.3" fill="none"/>'
            f'<path class="garis-100" d="M{_n(axis)} {_n(a)} V{_n(b)}" stroke="{RED}" '
            f'stroke-width="0.4" stroke-dasharray="1.5 1" fill="none"/>'
        )
    below = bottom + style.font * 1.4
    body.append(
        f'<text x="{_n(axis)}" y="{_n(below)}" text-anchor="middle" fill="{RED}">100 %</text>'
        f'<text x="{_n(left + 0.3)}" y="{_n(below)}" '
        f'text-anchor="{"middle" if left else "start"}">0</text>'
    )
    legend, last = _legend(bottom + style.font * 3.4, style.font, width)
    body.append(legend)
    height = last + style.font * 0.8
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{_n(width)}mm" '
        f'height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="Office Sans, Liberation Sans, Arial, sans-serif" '
        f'font-size="{_n(style.font)}">' + "".join(body) + "</svg>"
    )


def phone_chart(items: Sequence[tuple[str, Decimal | None]]) -> str:
    """The same chart for a phone: each label above its bar, type readable at 390 px."""
    return capaian_chart(items, NARROW_WIDTH, NARROW)
