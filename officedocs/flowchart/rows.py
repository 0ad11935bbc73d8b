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
from .model import CONN_BAND, EPS


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
    return pages


def paginate_with_room(
    flows: Sequence[Flow],
    shapes: Sequence[str],
    text_heights: Sequence[float],
    body: float,
    reserve: float,
    room: Room,
) -> tuple[list[float], list[list[int]], Room]:
    """Heights, pages and the room they were computed with.

    The rows at each break get room for the connector pair of the flow to the next step that
    crosses it; that room may move the break, so repeat until stable (rows only grow).
    """
    sequential = {f.source for f in flows if f.sequential}
    top, bottom = list(room.top), list(room.bottom)
    while True:
        room = replace(room, top=tuple(top), bottom=tuple(bottom))
        heights = row_heights(shapes, text_heights, room)
        pages = paginate(heights, body, reserve)
        grew = False
        for page in pages[:-1]:
            s = page[-1]  # index of the page's last step, whose number is s + 1
            if s + 1 in sequential:
                for bands, i in ((bottom, s), (top, s + 1)):
                    if bands[i] < CONN_BAND - EPS:
                        bands[i] = CONN_BAND
                        grew = True
        if not grew:
            return heights, pages, room


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
