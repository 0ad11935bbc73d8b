"""One procedure page of the flowchart as inline SVG, in millimetre user units.

The markup carries its geometry in data attributes (see interface.md, "The flowchart in the
HTML"). Everything is drawn with presentation attributes on the elements, because the page's
CSS does not reach into inline SVG shapes in WeasyPrint. Arrowheads are small filled paths
drawn after each arrow, not markers: WeasyPrint 70 turns markers on polylines the wrong way
and paints them with the line's fill.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .flowchart import (
    ARROW_HALF,
    ARROW_LEN,
    CONN_SQUARE,
    CONNECTOR_FONT,
    LABEL_FONT,
    Box,
    Connector,
    Edge,
    FlowPage,
    Symbol,
    branch_text,
)
from .flowchart.bridges import HOP, Bridge, bridges

FONT = "Office Sans, Liberation Sans, Arial, sans-serif"  # Office Sans: the shipped @font-face
GRID_WIDTH = 0.25  # the table's own rules are 0.25 mm
LINE_WIDTH = 0.3
ARROW_WIDTH = 0.25


def num(x: float) -> str:
    """Compact number: at most two decimals, no trailing zeros, no negative zero."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _box(b: Box) -> str:
    return f"{num(b.x)} {num(b.y)} {num(b.w)} {num(b.h)}"


def _attr(value: str) -> str:
    return escape(value, quote=True)


def render_svg(page: FlowPage, actor_names: Sequence[str]) -> str:
    """The `<svg class="flowchart">` of one procedure page."""
    w, h = num(page.width), num(page.height)
    out = [
        f'<svg class="flowchart" data-page="{page.index}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">'
    ]
    out.append(_grid(page))
    out.extend(_symbol(s, actor_names) for s in page.symbols)
    out.extend(_connector(c) for c in page.connectors)
    out.extend(_edge(e) for e in page.edges)
    out.extend(_bridge(b) for b in bridges(page))
    out.append("</svg>")
    return "\n".join(out)


def _bridge(b: Bridge) -> str:
    """A hop of the return line over the forward line it crosses: the return line's straight
    piece is covered in white, the forward line drawn again through it, and a half circle
    carries the return line over (upwards, or to the right when it runs vertically)."""
    x, y, r = b.x, b.y, HOP
    if b.vertical:
        cover = f"M{num(x)} {num(y - r)}V{num(y + r)}"
        crossed = f"M{num(x - r)} {num(y)}H{num(x + r)}"
        hop = f"M{num(x)} {num(y - r)}A{num(r)} {num(r)} 0 0 1 {num(x)} {num(y + r)}"
    else:
        cover = f"M{num(x - r)} {num(y)}H{num(x + r)}"
        crossed = f"M{num(x)} {num(y - r)}V{num(y + r)}"
        hop = f"M{num(x - r)} {num(y)}A{num(r)} {num(r)} 0 0 1 {num(x + r)} {num(y)}"
    line = f'fill="none" stroke="black" stroke-width="{ARROW_WIDTH}"'
    return (
        f'<g class="bridge" data-at="{num(x)} {num(y)}">'
        f'<path d="{cover}" fill="none" stroke="white" stroke-width="{num(3 * ARROW_WIDTH)}"/>'
        f'<path d="{crossed}" {line}/><path d="{hop}" {line}/></g>'
    )


def _grid(page: FlowPage) -> str:
    # Inner lines only: the table draws the outer border of the cell.
    d = [f"M{num(x)} 0V{num(page.height)}" for x in page.column_lefts[1:]]
    d += [f"M0 {num(y)}H{num(page.width)}" for y in page.row_tops[1:]]
    if not d:
        return '<g class="grid"></g>'
    return (
        f'<path class="grid" d="{"".join(d)}" fill="none" stroke="black" '
        f'stroke-width="{GRID_WIDTH}"/>'
    )


def _symbol(s: Symbol, actor_names: Sequence[str]) -> str:
    names = ", ".join(actor_names[a] for a in s.actors)
    shapes = []
    style = f'fill="white" stroke="black" stroke-width="{LINE_WIDTH}"'
    for p in s.parts:
        if s.shape == "decision":
            cx, cy = p.x + p.w / 2, p.y + p.h / 2
            pts = f"{num(cx)},{num(p.y)} {num(p.right)},{num(cy)} {num(cx)},{num(p.bottom)} "
            pts += f"{num(p.x)},{num(cy)}"
            shapes.append(f'<polygon points="{pts}" {style}/>')
        else:
            # A stadium: ends of radius half the smaller side, as in the layout.
            r = num(min(p.w, p.h) / 2)
            rx = f' rx="{r}" ry="{r}"' if s.shape == "terminator" else ""
            shapes.append(
                f'<rect x="{num(p.x)}" y="{num(p.y)}" width="{num(p.w)}" height="{num(p.h)}"'
                f"{rx} {style}/>"
            )
    for a, b in zip(s.parts, s.parts[1:], strict=False):
        # The line that joins the boxes of a step shared by actors who are not neighbours.
        y = num(s.bbox.y + s.bbox.h / 2)
        shapes.append(
            f'<path class="join" d="M{num(a.right)} {y}H{num(b.x)}" fill="none" '
            f'stroke="black" stroke-width="{LINE_WIDTH}"/>'
        )
    return (
        f'<g class="step" data-step="{s.step}" data-shape="{s.shape}" '
        f'data-actor="{_attr(names)}" data-bbox="{_box(s.bbox)}" '
        f'data-cell="{_box(s.cell)}">' + "".join(shapes) + "</g>"
    )


def _connector(c: Connector) -> str:
    b = c.bbox
    cx = b.x + b.w / 2
    square = b.y + CONN_SQUARE
    d = (
        f"M{num(b.x)} {num(b.y)}H{num(b.right)}V{num(square)}L{num(cx)} {num(b.bottom)}"
        f"L{num(b.x)} {num(square)}Z"
    )
    text_y = b.y + CONN_SQUARE / 2 + CONNECTOR_FONT * 0.35
    return (
        f'<g class="connector" data-label="{_attr(c.label)}" data-bbox="{_box(b)}" '
        f'data-role="{c.role}">'
        f'<path d="{d}" fill="white" stroke="black" stroke-width="{LINE_WIDTH}"/>'
        f'<text x="{num(cx)}" y="{num(text_y)}" text-anchor="middle" font-family="{FONT}" '
        f'font-size="{num(CONNECTOR_FONT)}" font-weight="bold" fill="black">'
        f"{escape(c.label)}</text></g>"
    )


def edge_path(points: Sequence[tuple[float, float]]) -> str:
    """`d` of an orthogonal path: absolute M, then H and V."""
    (x, y), *rest = points
    d = [f"M{num(x)} {num(y)}"]
    for nx, ny in rest:
        if num(nx) != num(x):
            d.append(f"H{num(nx)}")
        if num(ny) != num(y):
            d.append(f"V{num(ny)}")
        x, y = nx, ny
    return "".join(d)


def _arrowhead(points: Sequence[tuple[float, float]]) -> str:
    (x0, y0), (x1, y1) = points[-2], points[-1]
    dx = (x1 > x0) - (x1 < x0)
    dy = (y1 > y0) - (y1 < y0)
    bx, by = x1 - dx * ARROW_LEN, y1 - dy * ARROW_LEN
    # Perpendicular to the last segment: (-dy, dx).
    ax, ay = bx - dy * ARROW_HALF, by + dx * ARROW_HALF
    cx, cy = bx + dy * ARROW_HALF, by - dx * ARROW_HALF
    return f"M{num(x1)} {num(y1)}L{num(ax)} {num(ay)}L{num(cx)} {num(cy)}Z"


def _edge(e: Edge) -> str:
    parts = [
        f'<path class="edge" data-from="{_attr(str(e.source))}" data-to="{_attr(str(e.target))}" '
        f'data-label="{_attr(e.label)}" d="{edge_path(e.points)}" fill="none" stroke="black" '
        f'stroke-width="{ARROW_WIDTH}"/>',
        f'<path class="arrowhead" d="{_arrowhead(e.points)}" fill="black" stroke="none"/>',
    ]
    if e.label and e.label_pos is not None:
        text = escape(branch_text(e.label))
        x, y = e.label_pos
        parts.append(
            f'<text class="edge-label" x="{num(x)}" y="{num(y + LABEL_FONT * 0.35)}" '
            f'text-anchor="middle" font-family="{FONT}" font-size="{num(LABEL_FONT)}" '
            f'fill="black">{text}</text>'
        )
    return "\n".join(parts)
