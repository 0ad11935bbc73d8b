"""Labels: a page with its arrows drawn in; the place of each branch label (`Ya`, `Tidak`,
`Teknis`, ...) out.

Each label goes to the first spot near the start of its arrow that overlaps nothing, or else
the spot that overlaps least (symbols and connectors worst, then other labels, then arrows,
then grid lines).
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from ..measure import text_width_em
from .model import DECISION_H, EPS, LABEL_FONT, branch_text
from .page import RawEdge, RawPage

Rect = tuple[float, float, float, float]


def text_width(text: str, size: float) -> float:
    """Width of a short label in the drawing's (shipped) font, in the units of `size`."""
    return text_width_em(text) * size


def place_labels(page: RawPage) -> None:
    """Set `label_pos` of every arrow that leaves a decision."""
    placed: list[Rect] = []
    for edge in page.edges:
        if edge.label and isinstance(edge.source, int):
            text = branch_text(edge.label)
            edge.label_pos = _label_spot(page, edge, text, placed)
            w, h = text_width(text, LABEL_FONT), LABEL_FONT
            cx, cy = edge.label_pos
            placed.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))


def _label_spot(page: RawPage, edge: RawEdge, text: str, placed: list[Rect]) -> tuple[float, float]:
    w, h = text_width(text, LABEL_FONT), LABEL_FONT
    (x0, y0), (x1, y1) = edge.points[0], edge.points[1]
    spots = []
    if abs(x0 - x1) < EPS:  # leaves downwards: beside the line, just under the symbol
        for dy in (0.2, 1.4, 2.6, 3.8, 5.0):
            for side in (1, -1):
                spots.append((x0 + side * (0.5 + w / 2), y0 + dy + h / 2))
    else:
        s = 1 if x1 > x0 else -1
        for dx in (0.4, 1.6):
            for side in (-1, 1):
                spots.append((x0 + s * (dx + w / 2), y0 + side * (0.35 + h / 2)))
        if len(edge.points) > 2:
            (x2, y2) = edge.points[2]
            t = 1 if y2 > y1 else -1
            for side in (s, -s):
                spots.append((x1 + side * (0.5 + w / 2), y1 + t * (0.8 + h / 2)))
        # A long label (a named branch) may not fit beside its line: farther over or under.
        for lift in (2.4, 4.4):
            for side in (-1, 1):
                spots.append((x0 + s * (0.4 + w / 2), y0 + side * (lift + h / 2)))
        # Or over (under) the diamond's own side, clear of its slanted edges: at a page's
        # edge there is no room on the line's side at all.
        for side in (-1, 1):
            spots.append((x0 - s * (0.4 + w / 2), y0 + side * (DECISION_H / 2 + 0.8 + h / 2)))
            spots.append((x0 - s * (w / 2 - 1.0), y0 + side * (DECISION_H / 2 + 0.8 + h / 2)))
    best, best_score = spots[0], math.inf
    for i, (cx, cy) in enumerate(spots):
        # Nearer the symbol is better: a label over a grid line reads better than one
        # drifting away from its exit.
        rect = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        clash = _label_score(page, rect, placed, best_score - 0.1 * i + EPS)
        if clash + 0.1 * i < best_score:
            best, best_score = (cx, cy), clash + 0.1 * i
        if clash == 0:
            break  # no later spot can do better
    return best


def _label_score(page: RawPage, r: Rect, placed: list[Rect], enough: float = math.inf) -> float:
    """How much a label at `r` overlaps; every term is positive, so once the score reaches
    `enough` (a spot that could not win) the rest is not counted."""
    x0, y0, x1, y1 = r
    score = 0.0
    if x0 < 0 or y0 < 0 or x1 > page.width or y1 > page.height:
        score += 1000
    for sym in page.symbols:
        if score >= enough:
            return score
        for part in sym.parts:
            if sym.shape == "decision":
                a, b = part.w / 2, part.h / 2
                cx, cy = part.x + a, part.y + b
                # How far the label is from the centre, along each axis (0 over it).
                dx = x0 - cx if x0 > cx else cx - x1 if cx > x1 else 0
                dy = y0 - cy if y0 > cy else cy - y1 if cy > y1 else 0
                if dx / a + dy / b < 1 + 0.1:
                    score += 100
            elif part.x - 0.2 < x1 and x0 < part.right + 0.2:
                if part.y - 0.2 < y1 and y0 < part.bottom + 0.2:
                    score += 100
    if score >= enough:
        return score
    for c in page.conns:
        b = c.box
        if b.x < x1 and x0 < b.right and b.y < y1 and y0 < b.bottom:
            score += 100
    for p in placed:
        if p[0] < x1 and x0 < p[2] and p[1] < y1 and y0 < p[3]:
            score += 50
    if score >= enough:
        return score
    # Lines near the label only (each adds 10, so the order they are counted in does not
    # change the sum).
    obstacles = page.obstacles
    for vertical, a, b, lo_end, hi_end in ((True, x0, x1, y0, y1), (False, y0, y1, x0, x1)):
        coords = obstacles.coords[vertical]
        i, j = bisect_left(coords, a - 0.15 - EPS), bisect_right(coords, b + 0.15 + EPS)
        for c, lo, hi, _ in obstacles.lines[vertical][i:j]:
            if a - 0.15 < c < b + 0.15 and lo < hi_end and lo_end < hi:
                score += 10
                if score >= enough:
                    return score
    for g in page.cols.vgrid[1:-1]:
        if x0 < g < x1:
            score += 0.2
    for g in page.hgrid[1:-1]:
        if y0 < g < y1:
            score += 0.5
    return score
