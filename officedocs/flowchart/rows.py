"""Rows and page breaks: the room each row gives its symbol in, row heights and pages out.

`Room` is what the retry loop grows when a drawing does not fit; `NeedRoom` is the request a
drawing returns instead of a layout. Both are plain values: the drawing never changes the room
it was given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .flows import Flow, symbol_height
from .model import BAND_MIN, CONN_BAND, EPS, FlowPage


@dataclass(frozen=True)
class Room:
    top: tuple[float, ...]  # band above each symbol, by step index
    bottom: tuple[float, ...]
    shrink: int  # lane widths taken from each side of every symbol slot
    # Flows within a page drawn through a connector pair, because no lane was left for them.
    paired: frozenset[Flow] = field(default_factory=frozenset)


@dataclass(frozen=True)
class NeedRoom:
    """What a drawing asks for when it does not fit.

    kind: "top" or "bottom" (a taller band above or under the symbol of `step`, numbered
    from 1 as the procedure numbers it, for a connector), or "lanes" (no free path for `flow`).
    """

    kind: str
    step: int = 0
    flow: Flow | None = None


@dataclass
class Row:
    step: int
    top: float
    height: float
    sym_top: float
    sym_h: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def sym_bottom(self) -> float:
        return self.sym_top + self.sym_h

    @property
    def cy(self) -> float:
        return self.sym_top + self.sym_h / 2


def ceil2(x: float) -> float:
    # Row heights go into the table's CSS; two decimals keep the SVG and the table exactly equal.
    return math.ceil(x * 100 - 1e-7) / 100


def row_heights(shapes: Sequence[str], text_heights: Sequence[float], room: Room) -> list[float]:
    return [
        ceil2(max(t, room.top[i] + symbol_height(shapes[i]) + room.bottom[i]))
        for i, t in enumerate(text_heights)
    ]


def paginate(heights: Sequence[float], body: float, reserve: float) -> list[list[int]]:
    """Step indices per page: greedy, breaking only between rows."""
    pages: list[list[int]] = []
    page: list[int] = []
    used = 0.0
    for i, h in enumerate(heights):
        if page and used + h > body + EPS:
            pages.append(page)
            page, used = [], 0.0
        page.append(i)
        used += h
    pages.append(page)
    last = pages[-1]
    if len(last) > 1 and sum(heights[i] for i in last) + reserve > body + EPS:
        # The total row must fit under the last step: move that step to a page of its own.
        pages[-1:] = [last[:-1], last[-1:]]
    return no_lone_rows(pages, heights, body, reserve)


def no_lone_rows(
    pages: list[list[int]], heights: Sequence[float], body: float, reserve: float
) -> list[list[int]]:
    """No page of one row where the page before can spare its last row: that row moves
    over when both fit (with the total row under them on the last page) and the page before
    keeps at least two rows. A row taller than a page keeps a page of its own."""
    for p in range(1, len(pages)):
        before, page = pages[p - 1], pages[p]
        room = body - (reserve if p == len(pages) - 1 else 0.0)
        if len(page) == 1 and len(before) > 2:
            if heights[before[-1]] + heights[page[0]] <= room + EPS:
                pages[p] = [before.pop(), *page]
    return pages


def paginate_with_room(
    flows: Sequence[Flow],
    shapes: Sequence[str],
    text_heights: Sequence[float],
    body: float,
    reserve: float,
    room: Room,
) -> tuple[list[float], list[list[int]], Room]:
    """Heights, pages and the room they were computed with: `room` and the bands of the
    page breaks.

    The rows at each break get room for the connector pair of the flow to the next step that
    crosses it; that room may move the break, so repeat until the breaks stand. Only the
    breaks of the final pages keep that room: a row keeps no band for a break that moved
    away. Should the breaks come back to a set seen before, the bands of every break seen
    are kept from then on, so rows only grow and this ends.
    """
    sequential = {f.source for f in flows if f.sequential}
    seen: set[frozenset[int]] = set()
    banded: frozenset[int] = frozenset()  # indices of the last steps of pages, with bands
    cycle = False
    while True:
        top, bottom = list(room.top), list(room.bottom)
        for s in banded:
            bottom[s] = max(bottom[s], CONN_BAND)
            top[s + 1] = max(top[s + 1], CONN_BAND)
        trial = replace(room, top=tuple(top), bottom=tuple(bottom))
        heights = row_heights(shapes, text_heights, trial)
        pages = paginate(heights, body, reserve)
        # The index of each page's last step, whose number is s + 1.
        breaks = frozenset(p[-1] for p in pages[:-1] if p[-1] + 1 in sequential)
        if breaks <= banded and (cycle or breaks == banded):
            return heights, pages, trial
        cycle = cycle or breaks in seen
        seen.add(breaks)
        banded = banded | breaks if cycle else breaks


def page_rows(
    indices: Sequence[int], heights: Sequence[float], shapes: Sequence[str], room: Room
) -> list[Row]:
    """The rows of one page, top down, each symbol centred in its row within its bands."""
    rows, top = [], 0.0
    for i in indices:
        h = heights[i]
        sym_h = symbol_height(shapes[i])
        lo, hi = top + room.top[i], top + h - room.bottom[i] - sym_h
        sym_top = min(max(top + (h - sym_h) / 2, lo), hi)
        rows.append(Row(i + 1, top, h, sym_top, sym_h))
        top += h
    return rows


def row_reasons(
    pages: Sequence[FlowPage], heights: Sequence[float], text_heights: Sequence[float]
) -> tuple[str, ...]:
    """Why the drawing made each row taller than its text, from what is drawn in it: a
    diamond is taller than a box, and a connector stacked over or under a symbol needs its
    band. "" for a row as tall as its text."""
    reasons = [""] * len(heights)
    for page in pages:
        symbols = {s.step: s for s in page.symbols}
        for step, top in zip(page.steps, page.row_tops, strict=True):
            i = step - 1
            if heights[i] <= text_heights[i] + 0.005:
                continue
            sym = symbols[step].bbox
            why = []
            if symbols[step].shape == "decision" and text_heights[i] < sym.h + 2 * BAND_MIN:
                why.append(f"belah ketupat setinggi {sym.h:g} mm dengan ruang panahnya")
            for c in page.connectors:
                if top <= c.bbox.y and c.bbox.bottom <= top + heights[i]:
                    if c.bbox.bottom <= sym.y + EPS:
                        why.append(f"konektor {c.label} di atas simbol")
                    elif c.bbox.y >= sym.bottom - EPS:
                        why.append(f"konektor {c.label} di bawah simbol")
            reasons[i] = "; ".join(why) or "ruang panah di atas dan bawah simbol"
    return tuple(reasons)
