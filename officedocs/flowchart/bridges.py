"""Bridges: where a return line (an arrow back to an earlier step) crosses a forward line, the
return line hops over it, so a reader can tell a crossing from a junction. A finished page in;
the crossing points out (`flowchart_svg` draws the hops)."""

from __future__ import annotations

from typing import NamedTuple

from .model import EPS, Edge, FlowPage

HOP = 0.8  # half the width of a hop, in mm


class Bridge(NamedTuple):
    x: float
    y: float
    vertical: bool  # the return line runs vertically here (it hops sideways)


def _returns(e: Edge) -> bool:
    return isinstance(e.source, int) and isinstance(e.target, int) and e.target <= e.source


def _segments(e: Edge) -> list[tuple[bool, float, float, float]]:
    """(vertical, coordinate, lo, hi) of each stretch of an arrow."""
    out = []
    for (x0, y0), (x1, y1) in zip(e.points, e.points[1:], strict=False):
        if abs(x0 - x1) < EPS:
            out.append((True, x0, min(y0, y1), max(y0, y1)))
        else:
            out.append((False, y0, min(x0, x1), max(x0, x1)))
    return out


def bridges(page: FlowPage) -> tuple[Bridge, ...]:
    """Every point where a return line crosses a forward line, both well inside a stretch
    (a crossing at a bend or an end is a junction, not a crossing)."""
    forward = [s for e in page.edges if not _returns(e) for s in _segments(e)]
    found: dict[tuple[float, float], Bridge] = {}
    for e in page.edges:
        if not _returns(e):
            continue
        for vertical, c, lo, hi in _segments(e):
            for v2, c2, lo2, hi2 in forward:
                if v2 == vertical:
                    continue
                if lo + HOP < c2 < hi - HOP and lo2 + HOP < c < hi2 - HOP:
                    x, y = (c, c2) if vertical else (c2, c)
                    found.setdefault((round(x, 3), round(y, 3)), Bridge(x, y, vertical))
    return tuple(sorted(found.values()))
