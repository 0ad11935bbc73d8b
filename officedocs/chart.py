"""The report's chart: capaian per indicator and per budget line against the 100 % line.

Pure: labelled values in, SVG markup out (the same drawing in the PDF and on the website).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from .formatting import persen

ROW = 6.0  # mm per bar
LABEL = 95.0  # mm of label column
FONT = 2.6  # mm (about 7.4 pt)


def _n(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def capaian_chart(items: Sequence[tuple[str, Decimal | None]], width: float) -> str:
    """Horizontal bars; a value that cannot be computed is shown as `-` with no bar."""
    values = [v for _, v in items if v is not None]
    top = max([Decimal(120), *values])
    plot = width - LABEL - 18
    scale = plot / float(top)
    height = ROW * len(items) + 10
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{_n(width)}mm" '
        f'height="{_n(height)}mm" viewBox="0 0 {_n(width)} {_n(height)}" '
        f'font-family="Office Sans, Liberation Sans, Arial, sans-serif" font-size="{FONT}">'
    ]
    for i, (label, value) in enumerate(items):
        y = 2 + i * ROW
        text = label if len(label) <= 70 else label[:69] + "…"
        parts.append(f'<text x="0" y="{_n(y + ROW * 0.62)}">{escape(text)}</text>')
        if value is not None:
            w = float(max(value, Decimal(0))) * scale
            color = "#2e7d32" if value >= 100 else "#1f5fa8"
            parts.append(
                f'<rect class="bar" data-value="{value}" x="{_n(LABEL)}" y="{_n(y + 1)}" '
                f'width="{_n(w)}" height="{_n(ROW - 2)}" fill="{color}"/>'
            )
        parts.append(
            f'<text x="{_n(LABEL + (float(value) * scale if value is not None else 0) + 1.5)}" '
            f'y="{_n(y + ROW * 0.62)}">{escape(persen(value))}</text>'
        )
    axis = LABEL + 100 * scale
    bottom = 2 + ROW * len(items)
    parts.append(
        f'<path d="M{_n(LABEL)} 1 V{_n(bottom)}" stroke="#000" stroke-width="0.3" fill="none"/>'
        f'<path d="M{_n(axis)} 1 V{_n(bottom)}" stroke="#c62828" stroke-width="0.4" '
        f'stroke-dasharray="1.5 1" fill="none"/>'
        f'<text x="{_n(axis)}" y="{_n(bottom + 4)}" text-anchor="middle" '
        f'fill="#c62828">100 %</text>'
        f'<text x="{_n(LABEL)}" y="{_n(bottom + 4)}" text-anchor="middle">0</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
