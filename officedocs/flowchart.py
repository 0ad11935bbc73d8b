"""Swimlane flowchart of an SOP procedure: row heights, page breaks, symbols and arrows.

Pure geometry in millimetres; `flowchart_svg` draws it. The drawing covers the actor columns
of the procedure table: drawing column c is actor c, drawing row i is step i + 1, so a symbol
sits in its step's row and its actor's column by construction.

How it is laid out:
- A row is a top band, the symbol, a bottom band. A column is a left strip, the symbol slot
  (every symbol of a column has the slot's width), a right strip.
- Arrows are orthogonal paths through vertical *lanes* (in the strips, or down the middle of
  a column) and horizontal *tracks* (in the bands). A candidate path is accepted only if it
  keeps clear of every symbol, connector and grid line, and of every arrow going to another
  target; candidates are tried fewest bends first, then shortest. Short flows are routed
  before long ones, so a short loop takes the lane next to the symbols and longer loops nest
  around it (greedy interval colouring of the lanes).
- The flow to the next step (`next`, `ya`) leaves the symbol's bottom and enters the next
  symbol's top; `tidak` leaves sideways, runs in a lane of its own and enters its target's
  side. Several arrows into one target may join; arrows to different targets never share a
  stretch of line.
- Pages break between rows. A flow to another page ends on an off-page connector (a
  pentagon) and starts again from its twin on the target page. Flows from one page into the
  same target share one pair. The pair for the flow to the next step sits under the last
  symbol and over the first symbol of the next page; the others sit beside their symbol.
- When something does not fit (no lane left, no room for a connector) the layout asks for
  room (narrower symbols, a taller row) and starts again. Rows only grow, so this ends.

Shapes: the first and last steps are terminators, a step with a decision is a diamond, any
other step a process box. A decision that is first or last stays a diamond: the diamond
carries the `Ya`/`Tidak` exits, a terminator could not. A step with several actors is one box
across adjacent actor columns, and one box per run of adjacent columns joined by a line when
the columns are apart.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .measure import text_width_em

# Sizes in mm.
PROCESS_H = 6.0  # process and terminator height
DECISION_H = 8.0
SLOT_MIN = 4.6  # narrowest symbol, reached only when lanes need the room
SLOT_MAX = 26.0
DIAMOND_MAX_W = 18.0  # a single-column diamond wider than this looks flat
BAND_MIN = 3.0  # free height above and below every symbol, for arrows
GRID_CLEAR = 0.8  # a line running along a grid line would vanish into it
LANE_GAP = 1.1  # spacing of neighbouring lanes and tracks
ARROW_LEN = 1.5  # arrowhead length and half width
ARROW_HALF = 0.55
ARROW_RUN = 1.9  # the last stretch of an arrow holds its head
MIN_STUB = 1.0  # the first stretch leaves its symbol visibly
MIN_JOG = 0.8
CLEAR = 0.5  # arrows pass symbols and connectors at least this far away
SEP = 0.6  # arrows to different targets stay this far apart when parallel
CONN_W = 5.0  # off-page connector: a square with a point at the bottom
CONN_SQUARE = 3.6
CONN_H = 5.0
CONN_GAP = 3.1  # arrow between a symbol and the connector stacked on it
CONN_BAND = GRID_CLEAR + CONN_H + CONN_GAP + 0.1  # band that holds a stacked connector
LABEL_FONT = 2.2  # `Ya` / `Tidak`
CONNECTOR_FONT = 2.4

_BEND = 3.0  # cost of a bend, in mm of path
_TOP_PENALTY = 6.0  # a loop entering from the top would join the flow from the step above
_SIDE_PENALTY = 30.0  # the next step is entered from the top unless that is impossible
_MAX_ATTEMPTS = 60
_LEVELS = 4  # rows of connectors a band may grow to hold
_EPS = 1e-6


@dataclass(frozen=True)
class FlowStep:
    number: int  # 1-based position
    actors: tuple[int, ...]  # actor columns, sorted, non-empty, maybe non-adjacent
    next: int | None  # target of a process/terminator step; None for the last step
    decision: tuple[int, int] | None = None  # (ya, tidak) of a decision step


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Symbol:
    step: int
    shape: str  # terminator | process | decision
    actors: tuple[int, ...]
    bbox: Box  # bounding box of the parts
    cell: Box  # the step's row across its actor columns (first to last)
    parts: tuple[Box, ...]  # one per run of adjacent actor columns, joined by a line


@dataclass(frozen=True)
class Connector:
    label: str
    bbox: Box
    role: str  # out: a flow ends here and goes on elsewhere | in: a flow comes in here


@dataclass(frozen=True)
class Edge:
    source: int | str  # step number or connector label
    target: int | str
    label: str  # ya | tidak | ""
    points: tuple[tuple[float, float], ...]  # orthogonal, from outline to outline
    label_pos: tuple[float, float] | None = None  # centre of the `Ya`/`Tidak` text


@dataclass(frozen=True)
class FlowPage:
    index: int  # 1-based among the procedure pages
    steps: tuple[int, ...]
    width: float
    height: float
    column_lefts: tuple[float, ...]
    row_tops: tuple[float, ...]
    symbols: tuple[Symbol, ...]
    connectors: tuple[Connector, ...]
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class FlowchartLayout:
    row_heights: tuple[float, ...]  # index i is step i + 1
    pages: tuple[FlowPage, ...]


def layout_flowchart(
    steps: Sequence[FlowStep],
    column_widths: Sequence[float],
    text_heights: Sequence[float],
    body_height: float,
    final_reserve: float = 0.0,
) -> FlowchartLayout:
    """Row heights, page breaks and the drawing of every procedure page.

    A row is at least its text height and tall enough for its symbol and connectors; a page
    holds at most `body_height` of rows (a taller row gets a page of its own) and the last
    page leaves `final_reserve` free under its last row.
    """
    _check_input(steps, column_widths, text_heights)
    flows = _flows(steps)
    count = len(steps)
    shapes = [_shape(s, count) for s in steps]
    room = _Room([BAND_MIN] * count, [BAND_MIN] * count, 0)
    for attempt in range(_MAX_ATTEMPTS + 1):
        heights, pages = _paginate_with_room(
            flows, shapes, text_heights, body_height, final_reserve, room
        )
        # The forced attempt never asks for room; no random procedure of the tests needs it.
        forced = attempt == _MAX_ATTEMPTS
        try:
            return _draw(steps, shapes, flows, column_widths, heights, pages, room, forced)
        except _NeedRoom as need:
            if not need.grant(room, column_widths):
                return _draw(steps, shapes, flows, column_widths, heights, pages, room, True)
    raise AssertionError("unreachable: the last attempt is forced")


def _check_input(
    steps: Sequence[FlowStep], widths: Sequence[float], text_heights: Sequence[float]
) -> None:
    if not steps:
        raise ValueError("a procedure has at least one step")
    if len(text_heights) != len(steps):
        raise ValueError(f"{len(steps)} steps but {len(text_heights)} text heights")
    if not widths:
        raise ValueError("at least one actor column")
    for i, s in enumerate(steps, 1):
        if s.number != i:
            raise ValueError(f"step {i} is numbered {s.number}")
        if not s.actors or any(not 0 <= a < len(widths) for a in s.actors):
            raise ValueError(f"step {i}: actors {s.actors} outside 0..{len(widths) - 1}")
        targets = s.decision if s.decision else (() if s.next is None else (s.next,))
        if any(not 1 <= t <= len(steps) for t in targets):
            raise ValueError(f"step {i}: target outside 1..{len(steps)}")


# -- the procedure as flows -------------------------------------------------------------------


class _Flow(NamedTuple):
    source: int
    target: int
    label: str  # ya | tidak | ""
    main: bool  # leaves the bottom (next, ya); otherwise the side (tidak)

    @property
    def sequential(self) -> bool:
        return self.main and self.target == self.source + 1


def _flows(steps: Sequence[FlowStep]) -> list[_Flow]:
    flows = []
    for s in steps:
        if s.decision:
            ya, tidak = s.decision
            flows.append(_Flow(s.number, ya, "ya", True))
            flows.append(_Flow(s.number, tidak, "tidak", False))
        elif s.next is not None:
            flows.append(_Flow(s.number, s.next, "", True))
    return flows


def _shape(step: FlowStep, count: int) -> str:
    if step.decision:
        return "decision"
    return "terminator" if step.number in (1, count) else "process"


def _symbol_height(shape: str) -> float:
    return DECISION_H if shape == "decision" else PROCESS_H


# -- room: what grows when something does not fit ---------------------------------------------


@dataclass
class _Room:
    top: list[float]  # band above each symbol, by step index
    bottom: list[float]
    shrink: int  # lane widths taken from each side of every symbol slot
    # Flows within a page drawn through a connector pair, because no lane was left for them.
    paired: set[_Flow] = field(default_factory=set)


class _NeedRoom(Exception):  # noqa: N818 - a request, not an error
    def __init__(self, kind: str, index: int = 0, flow: _Flow | None = None):
        super().__init__(kind, index, flow)
        self.kind, self.index, self.flow = kind, index, flow

    def grant(self, room: _Room, widths: Sequence[float]) -> bool:
        """Give the room asked for; False when there is none left to give."""
        if self.kind in ("top", "bottom"):
            bands = room.top if self.kind == "top" else room.bottom
            # Each level holds one more row of connectors.
            for level in (CONN_BAND + k * (CONN_H + 1.0) for k in range(_LEVELS)):
                if bands[self.index] < level - _EPS:
                    bands[self.index] = level
                    return True
        if any(_slot_width(w, room.shrink) > SLOT_MIN + _EPS for w in widths):
            room.shrink += 1
            return True
        if self.flow is not None and self.flow not in room.paired:
            room.paired.add(self.flow)
            return True
        return False


def _slot_width(width: float, shrink: int) -> float:
    base = min(max(min(0.6 * width, width - 7.0), SLOT_MIN), SLOT_MAX)
    return max(min(SLOT_MIN, width - 0.4), base - 2 * shrink * LANE_GAP)


def _ceil2(x: float) -> float:
    # Row heights go into the table's CSS; two decimals keep the SVG and the table exactly equal.
    return math.ceil(x * 100 - 1e-7) / 100


# -- rows and pages ---------------------------------------------------------------------------


def _row_heights(shapes: Sequence[str], text_heights: Sequence[float], room: _Room) -> list[float]:
    return [
        _ceil2(max(t, room.top[i] + _symbol_height(shapes[i]) + room.bottom[i]))
        for i, t in enumerate(text_heights)
    ]


def _paginate(heights: Sequence[float], body: float, reserve: float) -> list[list[int]]:
    """Step indices per page: greedy, breaking only between rows."""
    pages: list[list[int]] = []
    page: list[int] = []
    used = 0.0
    for i, h in enumerate(heights):
        if page and used + h > body + _EPS:
            pages.append(page)
            page, used = [], 0.0
        page.append(i)
        used += h
    pages.append(page)
    last = pages[-1]
    if len(last) > 1 and sum(heights[i] for i in last) + reserve > body + _EPS:
        # The total row must fit under the last step: move that step to a page of its own.
        pages[-1:] = [last[:-1], last[-1:]]
    return pages


def _paginate_with_room(
    flows: Sequence[_Flow],
    shapes: Sequence[str],
    text_heights: Sequence[float],
    body: float,
    reserve: float,
    room: _Room,
) -> tuple[list[float], list[list[int]]]:
    """Paginate, giving the rows at each break room for the connector pair of the flow that
    crosses it; that room may move the break, so repeat until stable (rows only grow)."""
    sequential = {f.source for f in flows if f.sequential}
    while True:
        heights = _row_heights(shapes, text_heights, room)
        pages = _paginate(heights, body, reserve)
        grew = False
        for page in pages[:-1]:
            s = page[-1]  # index of the page's last step, whose number is s + 1
            if s + 1 in sequential:
                for bands, i in ((room.bottom, s), (room.top, s + 1)):
                    if bands[i] < CONN_BAND - _EPS:
                        bands[i] = CONN_BAND
                        grew = True
        if not grew:
            return heights, pages


# -- one page under construction --------------------------------------------------------------


class _Port(NamedTuple):
    x: float
    y: float
    dir: str  # direction of travel at the port: D (down), L, R
    owner: tuple  # obstacle the path may touch at this end
    penalty: float


_SIGN = {"L": -1.0, "R": 1.0}


@dataclass
class _Row:
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


@dataclass
class _Conn:
    pair: int
    role: str
    box: Box

    @property
    def owner(self) -> tuple:
        return ("c", self.pair, self.role)


@dataclass
class _Pair:
    id: int
    target: int
    flows: list[_Flow]
    out: tuple[int, _Conn] | None = None  # (page index, connector)
    into: tuple[int, _Conn] | None = None


@dataclass
class _RawEdge:
    source: int | tuple  # step number or ("pair", id)
    target: int | tuple
    label: str
    points: list[tuple[float, float]]
    label_pos: tuple[float, float] | None = None


@dataclass
class _Columns:
    lefts: list[float]
    widths: list[float]
    slots: list[tuple[float, float]]  # symbol slot (left, right) of each column
    lanes: list[float]  # every lane x, sorted

    @property
    def width(self) -> float:
        return self.lefts[-1] + self.widths[-1]

    def centre(self, c: int) -> float:
        return self.lefts[c] + self.widths[c] / 2

    def column_at(self, x: float) -> int:
        return max(0, bisect_right(self.lefts, x) - 1)


def _columns(widths: Sequence[float], shrink: int) -> _Columns:
    lefts, x = [], 0.0
    for w in widths:
        lefts.append(x)
        x += w
    slots, lanes = [], []
    for left, w in zip(lefts, widths, strict=True):
        slot = _slot_width(w, shrink)
        sl = left + (w - slot) / 2
        sr = sl + slot
        slots.append((sl, sr))
        lanes.append(left + w / 2)
        k = 1
        while sl - k * LANE_GAP >= left + GRID_CLEAR - _EPS:
            lanes.append(sl - k * LANE_GAP)
            k += 1
        k = 1
        while sr + k * LANE_GAP <= left + w - GRID_CLEAR + _EPS:
            lanes.append(sr + k * LANE_GAP)
            k += 1
    return _Columns(lefts, list(widths), slots, sorted(lanes))


class _Sheet:
    """One page: its symbols, connectors and arrows, and the free-space checks."""

    def __init__(self, index: int, rows: list[_Row], cols: _Columns, forced: bool):
        self.index = index
        self.rows = {r.step: r for r in rows}
        self.order = [r.step for r in rows]
        self.cols = cols
        self.forced = forced
        self.width = cols.width
        self.height = rows[-1].bottom
        self.vgrid = [*cols.lefts, self.width]
        self.hgrid = [r.top for r in rows] + [self.height]
        self.boxes: list[tuple[float, float, float, float, tuple]] = []
        self.segs: list[tuple[bool, float, float, float, object]] = []
        # The same lines by direction, for the hot path of `free`: (coordinate, lo, hi, key).
        self.lines: dict[bool, list[tuple[float, float, float, object]]] = {True: [], False: []}
        self.parts: dict[int, list[tuple[Box, int, int]]] = {}  # box, first and last column
        self.shapes: dict[int, str] = {}
        # Until a decision's Tidak is drawn, arrows come into it from one side only: the
        # other side stays free for Tidak to leave by.
        self.entry_side: dict[int, str] = {}
        self.tidak_drawn: set[int] = set()
        self.symbols: list[Symbol] = []
        self.conns: list[_Conn] = []
        self.edges: list[_RawEdge] = []
        tracks = []
        for r in rows:
            y = r.sym_top - ARROW_RUN
            while y >= r.top + GRID_CLEAR - _EPS:
                tracks.append(y)
                y -= LANE_GAP
            # Under the symbol, tracks spread from the middle of the band: a turn hugging the
            # symbol or the grid line would be hard to read.
            lo, hi = r.sym_bottom + MIN_STUB, r.bottom - GRID_CLEAR
            mid = (r.sym_bottom + r.bottom) / 2
            k = math.floor((mid - lo) / LANE_GAP + _EPS)
            y = mid - k * LANE_GAP
            while y <= hi + _EPS:
                tracks.append(y)
                y += LANE_GAP
        self.tracks = sorted(tracks)

    # -- symbols

    def place_symbol(self, step: FlowStep, shape: str) -> None:
        row = self.rows[step.number]
        cols = self.cols
        runs: list[list[int]] = []
        for a in step.actors:
            if runs and a == runs[-1][-1] + 1:
                runs[-1].append(a)
            else:
                runs.append([a])
        parts = []
        for run in runs:
            x0, x1 = cols.slots[run[0]][0], cols.slots[run[-1]][1]
            if shape == "decision" and len(run) == 1 and x1 - x0 > DIAMOND_MAX_W:
                mid = (x0 + x1) / 2
                x0, x1 = mid - DIAMOND_MAX_W / 2, mid + DIAMOND_MAX_W / 2
            box = Box(x0, row.sym_top, x1 - x0, row.sym_h)
            parts.append((box, run[0], run[-1]))
            self.boxes.append((x0, box.y, x1, box.bottom, ("s", step.number, len(parts) - 1)))
        for (a, _, _), (b, _, _) in zip(parts, parts[1:], strict=False):
            # The line joining the boxes of one step: nothing may run along it.
            self._add_line(False, row.cy, a.right, b.x, ("join", step.number))
        self.parts[step.number] = parts
        self.shapes[step.number] = shape
        first, last = step.actors[0], step.actors[-1]
        cell = Box(
            cols.lefts[first],
            row.top,
            cols.lefts[last] + cols.widths[last] - cols.lefts[first],
            row.height,
        )
        x0 = min(p.x for p, _, _ in parts)
        x1 = max(p.right for p, _, _ in parts)
        bbox = Box(x0, row.sym_top, x1 - x0, row.sym_h)
        self.symbols.append(
            Symbol(
                step.number, shape, tuple(step.actors), bbox, cell, tuple(p for p, _, _ in parts)
            )
        )

    # -- ports

    def _verticals(self, step: int) -> list[tuple[int, float, float, float]]:
        """(part, x, top y, bottom y) where a vertical arrow may meet the step's boxes.

        The middle of each box and, for a box across columns, the middle of each column (the
        box's own middle may lie on a grid line). Off the middle of a diamond or on a round
        end of a capsule the point lies on the slanted or round outline.
        """
        shape = self.shapes[step]
        out = []
        for i, (box, c0, c1) in enumerate(self.parts[step]):
            half, r = box.w / 2, box.h / 2
            cx, cy = box.x + half, box.y + r
            xs = [cx] + [self.cols.centre(c) for c in range(c0, c1 + 1) if c1 > c0]
            if any(abs(cx - g) < GRID_CLEAR for g in self.vgrid):
                xs += [cx - GRID_CLEAR - 0.2, cx + GRID_CLEAR + 0.2]
            for x in dict.fromkeys(xs):
                off = abs(x - cx)
                if shape == "decision":
                    if off > 0.8 * half:
                        continue
                    dy = r * (1 - off / half)
                elif shape == "terminator":
                    rr = min(half, r)  # a stadium: round ends of radius rr
                    d = off - (half - rr)
                    if d > 0.8 * rr:
                        continue
                    dy = r if d <= 0 else r - rr + math.sqrt(rr * rr - d * d)
                else:
                    if off > half - 0.5:
                        continue
                    dy = r
                out.append((i, x, cy - dy, cy + dy))
        return out

    def exits(self, step: int, bottom: float | None, side: float | None) -> list[_Port]:
        ports = []
        parts = self.parts[step]
        row = self.rows[step]
        if bottom is not None:
            for i, x, _, y in self._verticals(step):
                ports.append(_Port(x, y, "D", ("s", step, i), bottom))
        if side is not None:
            ports.append(_Port(parts[0][0].x, row.cy, "L", ("s", step, 0), side))
            last = len(parts) - 1
            ports.append(_Port(parts[-1][0].right, row.cy, "R", ("s", step, last), side))
        return ports

    def entries(self, step: int, top: float | None, side: float | None) -> list[_Port]:
        ports = []
        parts = self.parts[step]
        row = self.rows[step]
        if top is not None:
            for i, x, y, _ in self._verticals(step):
                ports.append(_Port(x, y, "D", ("s", step, i), top))
        if side is not None:
            last = len(parts) - 1
            sides = [
                _Port(parts[0][0].x, row.cy, "R", ("s", step, 0), side),
                _Port(parts[-1][0].right, row.cy, "L", ("s", step, last), side),
            ]
            if self.shapes[step] == "decision" and step not in self.tidak_drawn:
                used = self.entry_side.get(step)
                sides = [p for p in sides if used is None or p.dir == used]
            ports += sides
        return ports

    def entered(self, step: int, direction: str) -> None:
        """Note that something came into `step` moving in `direction` (R: into its left
        side, L: into its right side, D: into its top)."""
        if direction != "D" and self.shapes[step] == "decision":
            self.entry_side.setdefault(step, direction)

    @staticmethod
    def conn_entries(conn: _Conn) -> list[_Port]:
        b = conn.box
        mid = b.y + CONN_SQUARE / 2
        return [
            _Port(b.x + b.w / 2, b.y, "D", conn.owner, 0.0),
            _Port(b.x, mid, "R", conn.owner, 0.0),
            _Port(b.right, mid, "L", conn.owner, 0.0),
        ]

    @staticmethod
    def conn_exits(conn: _Conn) -> list[_Port]:
        b = conn.box
        mid = b.y + CONN_SQUARE / 2
        return [
            _Port(b.x + b.w / 2, b.bottom, "D", conn.owner, 0.0),
            _Port(b.x, mid, "L", conn.owner, 0.0),
            _Port(b.right, mid, "R", conn.owner, 0.0),
        ]

    # -- routing

    def _between(self, y0: float, y1: float) -> list[float]:
        t = self.tracks
        return t[bisect_left(t, y0 + MIN_STUB - _EPS) : bisect_right(t, y1 - ARROW_RUN + _EPS)]

    def _below(self, y: float) -> list[float]:
        i = bisect_left(self.tracks, y + MIN_STUB - _EPS)
        return self.tracks[i : i + 3]

    def _above(self, y: float) -> list[float]:
        i = bisect_right(self.tracks, y - ARROW_RUN + _EPS)
        return self.tracks[max(0, i - 3) : i]

    def _simple(self, sp: _Port, tp: _Port, out: list) -> None:
        """Paths with up to two bends."""
        base = sp.penalty + tp.penalty
        if sp.dir == "D":
            if tp.y <= sp.y:
                return
            if tp.dir == "D":
                if abs(sp.x - tp.x) < _EPS:
                    out.append((base + tp.y - sp.y, [(sp.x, sp.y), (sp.x, tp.y)]))
                    return
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + 2 * _BEND
                for y in self._between(sp.y, tp.y):
                    pts = [(sp.x, sp.y), (sp.x, y), (tp.x, y), (tp.x, tp.y)]
                    # Between equal lengths, turn just under the source.
                    out.append((cost + 0.01 * abs(y - sp.y - BAND_MIN / 2), pts))
            elif (tp.x - sp.x) * _SIGN[tp.dir] > 0:
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + _BEND
                out.append((cost, [(sp.x, sp.y), (sp.x, tp.y), (tp.x, tp.y)]))
            return
        s = _SIGN[sp.dir]
        if tp.dir == "D":
            if tp.y > sp.y and (tp.x - sp.x) * s > 0:
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + _BEND
                out.append((cost, [(sp.x, sp.y), (tp.x, sp.y), (tp.x, tp.y)]))
            return
        t = _SIGN[tp.dir]
        if abs(sp.y - tp.y) < _EPS:
            if s == t and (tp.x - sp.x) * s > 0:
                out.append((base + abs(tp.x - sp.x), [(sp.x, sp.y), (tp.x, sp.y)]))
            return
        dy = abs(tp.y - sp.y)
        # Lanes beyond the source in its direction, and short of the target in its own.
        lo = max(sp.x if s > 0 else -math.inf, tp.x if t < 0 else -math.inf)
        hi = min(sp.x if s < 0 else math.inf, tp.x if t > 0 else math.inf)
        lanes = self.cols.lanes
        for x in lanes[bisect_right(lanes, lo) : bisect_left(lanes, hi)]:
            cost = base + abs(x - sp.x) + dy + abs(tp.x - x) + 2 * _BEND
            # Between equal lengths, the lane nearer the source.
            pts = [(sp.x, sp.y), (x, sp.y), (x, tp.y), (tp.x, tp.y)]
            out.append((cost + 0.001 * abs(x - sp.x), pts))

    def _rich(self, sp: _Port, tp: _Port, out: list) -> None:
        """Paths with three or four bends: out to a lane through a track, or back."""
        base = sp.penalty + tp.penalty + 3 * _BEND
        lanes = self.cols.lanes
        if sp.dir == "D":
            below = self._below(sp.y)
            if tp.dir == "D":
                above = self._above(tp.y)
                for y1 in below:
                    for x in lanes:
                        for y2 in above:
                            pts = [(sp.x, sp.y), (sp.x, y1), (x, y1), (x, y2), (tp.x, y2)]
                            pts.append((tp.x, tp.y))
                            out.append((base + _BEND + _length(pts), pts))
            else:
                t = _SIGN[tp.dir]
                for y in below:
                    for x in lanes:
                        if (tp.x - x) * t > 0:
                            pts = [(sp.x, sp.y), (sp.x, y), (x, y), (x, tp.y), (tp.x, tp.y)]
                            out.append((base + _length(pts), pts))
            return
        s = _SIGN[sp.dir]
        if tp.dir == "D":
            for x in lanes:
                if (x - sp.x) * s > 0:
                    for y in self._above(tp.y):
                        pts = [(sp.x, sp.y), (x, sp.y), (x, y), (tp.x, y), (tp.x, tp.y)]
                        out.append((base + _length(pts), pts))
        else:
            # Out to a lane, along a track near the target, down another lane, in sideways.
            t = _SIGN[tp.dir]
            ys = self._above(tp.y) + self._below(tp.y)
            firsts = sorted((x for x in lanes if (x - sp.x) * s > 0), key=lambda x: abs(x - sp.x))
            seconds = sorted((x for x in lanes if (tp.x - x) * t > 0), key=lambda x: abs(x - tp.x))
            for x1 in firsts[:8]:
                for x2 in seconds[:8]:
                    if x2 == x1:
                        continue
                    for y in ys:
                        pts = [(sp.x, sp.y), (x1, sp.y), (x1, y), (x2, y), (x2, tp.y)]
                        pts.append((tp.x, tp.y))
                        out.append((base + _BEND + _length(pts), pts))

    def _candidates(self, sources: list[_Port], targets: list[_Port], builds: tuple) -> list:
        cands: list = []
        for build in builds:
            for sp in sources:
                for tp in targets:
                    start = len(cands)
                    build(sp, tp, cands)
                    for i in range(start, len(cands)):
                        cands[i] = (*cands[i], sp, tp)
        cands.sort(key=lambda c: c[0])
        return cands

    def route(
        self,
        sources: list[_Port],
        targets: list[_Port],
        key: object,
        last_resort: bool = False,
        bends: tuple[str, ...] = ("few", "many"),
    ) -> tuple[list[tuple[float, float]], _Port, _Port] | None:
        """The cheapest free path from one of `sources` to one of `targets`, or None.

        Paths of up to two bends are tried first ("few"), then of three and four ("many").
        last_resort (only on the final, forced attempt): rather than None, the cheapest path
        that misses the symbols, or failing that the cheapest path at all.
        """
        builders = {"few": self._simple, "many": self._rich}
        for level in bends:
            for _, pts, sp, tp in self._candidates(sources, targets, (builders[level],)):
                if self.free(pts, sp.owner, tp.owner, key):
                    return pts, sp, tp
        if last_resort:
            cands = self._candidates(sources, targets, (self._simple, self._rich))
            for _, pts, sp, tp in cands:
                if self.free(pts, sp.owner, tp.owner, key, lenient=True):
                    return pts, sp, tp
            if cands:
                return cands[0][1], cands[0][2], cands[0][3]
            sp, tp = sources[0], targets[0]
            return [(sp.x, sp.y), (sp.x, tp.y), (tp.x, tp.y)], sp, tp
        return None

    def free(
        self,
        pts: list[tuple[float, float]],
        src: tuple,
        dst: tuple,
        key: object,
        lenient: bool = False,
    ) -> bool:
        """Whether a path keeps clear of symbols, connectors, grid lines and other arrows."""
        n = len(pts) - 1
        segs = []
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            vertical = abs(x0 - x1) < _EPS
            if vertical:
                c, lo, hi = x0, min(y0, y1), max(y0, y1)
                grid = self.vgrid
            elif abs(y0 - y1) < _EPS:
                c, lo, hi = y0, min(x0, x1), max(x0, x1)
                grid = self.hgrid
            else:
                return False
            need = ARROW_RUN if i == n - 1 else MIN_STUB if i == 0 else MIN_JOG
            if hi - lo < need - _EPS:
                return False
            if not lenient:
                g = bisect_left(grid, c - GRID_CLEAR + _EPS)
                if g < len(grid) and grid[g] < c + GRID_CLEAR - _EPS:
                    return False
            if min(x0, x1) < -_EPS or max(x0, x1) > self.width + _EPS:
                return False
            if min(y0, y1) < -_EPS or max(y0, y1) > self.height + _EPS:
                return False
            for bx0, by0, bx1, by1, owner in self.boxes:
                if (i == 0 and owner == src) or (i == n - 1 and owner == dst):
                    continue
                if vertical:
                    hit = bx0 - CLEAR < c < bx1 + CLEAR and by0 - CLEAR < hi and lo < by1 + CLEAR
                else:
                    hit = by0 - CLEAR < c < by1 + CLEAR and bx0 - CLEAR < hi and lo < bx1 + CLEAR
                if hit:
                    return False
            if not lenient:
                for sc, slo, shi, skey in self.lines[vertical]:
                    if -SEP < sc - c < SEP and slo - SEP < hi and lo < shi + SEP and skey != key:
                        return False
            segs.append((vertical, c, lo, hi))
        # Nor may a path run back over itself.
        for i in range(len(segs)):
            for j in range(i + 2, len(segs)):
                a, b = segs[i], segs[j]
                if (
                    a[0] is b[0]
                    and abs(a[1] - b[1]) < SEP
                    and a[2] - SEP < b[3]
                    and b[2] < a[3] + SEP
                ):
                    return False
        return True

    def _add_line(self, vertical: bool, c: float, lo: float, hi: float, key: object) -> None:
        self.segs.append((vertical, c, lo, hi, key))
        self.lines[vertical].append((c, lo, hi, key))

    def commit(
        self,
        pts: list[tuple[float, float]],
        key: object,
        source: int | tuple,
        target: int | tuple,
        label: str,
    ) -> None:
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            if abs(x0 - x1) < _EPS:
                self._add_line(True, x0, min(y0, y1), max(y0, y1), key)
            else:
                self._add_line(False, y0, min(x0, x1), max(x0, x1), key)
        self.edges.append(_RawEdge(source, target, label, pts))

    # -- connectors

    def conn_fits(self, box: Box, step: int) -> bool:
        """A connector lies inside one cell of its step's row, clear of symbols, connectors
        and arrows."""
        c = self.cols.column_at(box.x + box.w / 2)
        left, right = self.cols.lefts[c], self.cols.lefts[c] + self.cols.widths[c]
        if box.x < left + CLEAR - _EPS or box.right > right - CLEAR + _EPS:
            return False
        row = self.rows[step]
        if box.y < row.top + CLEAR - _EPS or box.bottom > row.bottom - CLEAR + _EPS:
            return False
        x0, y0, x1, y1 = box.x - CLEAR, box.y - CLEAR, box.right + CLEAR, box.bottom + CLEAR
        for bx0, by0, bx1, by1, _ in self.boxes:
            if bx0 < x1 and x0 < bx1 and by0 < y1 and y0 < by1:
                return False
        for vertical, sc, lo, hi, _ in self.segs:
            if vertical:
                if x0 < sc < x1 and lo < y1 and y0 < hi:
                    return False
            elif y0 < sc < y1 and lo < x1 and x0 < hi:
                return False
        return True

    def conn_spots(self, step: int, role: str, stacked: bool, beside: str) -> list[Box]:
        """Where a connector of `step` may go, best first.

        stacked: under (out) or over (in) the symbol, the place of the pair that carries the
        flow to the next step across a page break. Otherwise beside the symbol at its middle
        height, so the arrow is one straight line (`beside`: on which sides, "L" and/or "R"),
        then in the band over or under it.
        """
        row = self.rows[step]
        cols = self.cols
        parts = self.parts[step]
        c0, c1 = parts[0][1], parts[-1][2]
        below = row.sym_bottom + CONN_GAP
        above = row.sym_top - CONN_GAP - CONN_H
        spots = []
        # Levels of connectors under (out) or over (in) the symbol, as many as the row holds.
        level = CONN_H + 1.0
        if role == "out":
            band_ys = [y for k in range(_LEVELS) if (y := below + k * level) + CONN_H <= row.bottom]
        else:
            band_ys = [y for k in range(_LEVELS) if (y := above - k * level) >= row.top]
        band_ys = band_ys or [below if role == "out" else above]
        if stacked:
            for _, x, _, _ in self._verticals(step):
                spots.append(Box(x - CONN_W / 2, band_ys[0], CONN_W, CONN_H))
        mid = row.cy - CONN_SQUARE / 2
        others = sorted(
            (c for c in range(len(cols.widths)) if c < c0 or c > c1),
            key=lambda c: (min(abs(c - c0), abs(c - c1)), c),
        )
        # Beside the symbol in its own column's strips (near it, or against the grid line)...
        right, left = parts[-1][0].right, parts[0][0].x
        col_right = cols.lefts[c1] + cols.widths[c1]
        for x in (right + ARROW_RUN + 0.7, col_right - CLEAR - CONN_W):
            if x >= right + ARROW_RUN and "R" in beside:
                spots.append(Box(x, mid, CONN_W, CONN_H))
        for x in (left - ARROW_RUN - 0.7 - CONN_W, cols.lefts[c0] + CLEAR):
            if x + CONN_W <= left - ARROW_RUN and "L" in beside:
                spots.append(Box(x, mid, CONN_W, CONN_H))
        # ...in the middle of another column...
        for c in others:
            if ("R" if c > c1 else "L") in beside:
                spots.append(Box(cols.centre(c) - CONN_W / 2, mid, CONN_W, CONN_H))
        # ...or in the band under (out) or over (in) the symbol, anywhere across the page.
        near = list(range(c0, c1 + 1)) + others
        for y in band_ys:
            for c in near:
                sl, sr = cols.slots[c]
                centre, lo = cols.centre(c), cols.lefts[c]
                hi = lo + cols.widths[c]
                for x in (
                    centre - CONN_W / 2,
                    sl,
                    sr - CONN_W,
                    centre + CLEAR + 0.4,  # beside a line down the middle of the column
                    centre - CLEAR - 0.4 - CONN_W,
                    lo + CLEAR,
                    hi - CLEAR - CONN_W,
                ):
                    spots.append(Box(x, y, CONN_W, CONN_H))
        return spots

    def add_conn(self, conn: _Conn) -> None:
        b = conn.box
        self.boxes.append((b.x, b.y, b.right, b.bottom, conn.owner))
        self.conns.append(conn)

    def drop_conn(self, conn: _Conn) -> None:
        self.boxes.pop()
        self.conns.remove(conn)

    # -- labels

    def place_labels(self) -> None:
        placed: list[tuple[float, float, float, float]] = []
        for edge in self.edges:
            if edge.label and isinstance(edge.source, int):
                text = "Ya" if edge.label == "ya" else "Tidak"
                edge.label_pos = self._label_spot(edge, text, placed)
                w, h = text_width(text, LABEL_FONT), LABEL_FONT
                cx, cy = edge.label_pos
                placed.append((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2))

    def _label_spot(self, edge: _RawEdge, text: str, placed: list) -> tuple[float, float]:
        w, h = text_width(text, LABEL_FONT), LABEL_FONT
        (x0, y0), (x1, y1) = edge.points[0], edge.points[1]
        spots = []
        if abs(x0 - x1) < _EPS:  # leaves downwards: beside the line, just under the symbol
            for dy in (0.2, 1.4, 2.6):
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
        best, best_score = spots[0], math.inf
        for i, (cx, cy) in enumerate(spots):
            # Nearer the symbol is better: a label over a grid line reads better than one
            # drifting away from its exit.
            clash = self._label_score((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), placed)
            if clash + 0.1 * i < best_score:
                best, best_score = (cx, cy), clash + 0.1 * i
            if clash == 0:
                break  # no later spot can do better
        return best

    def _label_score(self, r: tuple[float, float, float, float], placed: list) -> float:
        x0, y0, x1, y1 = r
        score = 0.0
        if x0 < 0 or y0 < 0 or x1 > self.width or y1 > self.height:
            score += 1000
        for sym in self.symbols:
            for part in sym.parts:
                if sym.shape == "decision":
                    a, b = part.w / 2, part.h / 2
                    cx, cy = part.x + a, part.y + b
                    dx = max(x0 - cx, 0, cx - x1)
                    dy = max(y0 - cy, 0, cy - y1)
                    if dx / a + dy / b < 1 + 0.1:
                        score += 100
                elif part.x - 0.2 < x1 and x0 < part.right + 0.2:
                    if part.y - 0.2 < y1 and y0 < part.bottom + 0.2:
                        score += 100
        for c in self.conns:
            b = c.box
            if b.x < x1 and x0 < b.right and b.y < y1 and y0 < b.bottom:
                score += 100
        for p in placed:
            if p[0] < x1 and x0 < p[2] and p[1] < y1 and y0 < p[3]:
                score += 50
        for vertical, c, lo, hi, _ in self.segs:
            if vertical:
                if x0 - 0.15 < c < x1 + 0.15 and lo < y1 and y0 < hi:
                    score += 10
            elif y0 - 0.15 < c < y1 + 0.15 and lo < x1 and x0 < hi:
                score += 10
        for g in self.vgrid[1:-1]:
            if x0 < g < x1:
                score += 0.2
        for g in self.hgrid[1:-1]:
            if y0 < g < y1:
                score += 0.5
        return score


def _length(pts: list[tuple[float, float]]) -> float:
    total = 0.0
    x, y = pts[0]
    for nx, ny in pts[1:]:
        total += abs(nx - x) + abs(ny - y)
        x, y = nx, ny
    return total


# -- text widths -----------------------------------------------------------------------------


def text_width(text: str, size: float) -> float:
    """Width of a short label in the drawing's (shipped) font, in the units of `size`."""
    return text_width_em(text) * size


def connector_label(n: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the label of the n-th (0-based) connector pair."""
    label = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        label = chr(65 + r) + label
    return label


# -- the whole drawing ------------------------------------------------------------------------


def _draw(
    steps: Sequence[FlowStep],
    shapes: Sequence[str],
    flows: Sequence[_Flow],
    widths: Sequence[float],
    heights: Sequence[float],
    pages: Sequence[Sequence[int]],
    room: _Room,
    forced: bool,
) -> FlowchartLayout:
    cols = _columns(widths, room.shrink)
    page_of: dict[int, int] = {}
    sheets: list[_Sheet] = []
    for p, indices in enumerate(pages):
        rows, top = [], 0.0
        for i in indices:
            h = heights[i]
            sym_h = _symbol_height(shapes[i])
            lo, hi = top + room.top[i], top + h - room.bottom[i] - sym_h
            sym_top = min(max(top + (h - sym_h) / 2, lo), hi)
            rows.append(_Row(i + 1, top, h, sym_top, sym_h))
            page_of[i + 1] = p
            top += h
        sheet = _Sheet(p + 1, rows, cols, forced)
        for i in indices:
            sheet.place_symbol(steps[i], shapes[i])
        sheets.append(sheet)

    local = [f for f in flows if page_of[f.source] == page_of[f.target] and f not in room.paired]
    # 1. The flow to the next step on the same page: straight down, or down-across-down.
    for f in local:
        if f.sequential:
            _route_flow(sheets[page_of[f.source]], f)

    # 2. Flows to other pages: connector pairs, one per source page and target, the pair of the
    # flow to the next step first (its place under and over the symbols was reserved).
    pairs: list[_Pair] = []
    groups: dict[tuple[int, int], list[_Flow]] = {}
    for f in flows:
        if page_of[f.source] != page_of[f.target] or f in room.paired:
            groups.setdefault((page_of[f.source], f.target), []).append(f)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (
            not any(f.sequential for f in kv[1]),
            kv[0][0],
            min(f.source for f in kv[1]),
        ),
    )
    for (p, target), group in ordered:
        group.sort(key=lambda f: (not f.sequential, f.source, f.label))
        sheet = sheets[p]
        pair: _Pair | None = None
        for f in group:
            if pair is not None and _join_out(sheet, pair, f):
                continue
            pair = _Pair(len(pairs), target, [f])
            pairs.append(pair)
            _place_out(sheet, pair, f)
    for pair in sorted(pairs, key=lambda pr: (not pr.flows[0].sequential, pr.id)):
        _place_in(sheets[page_of[pair.target]], pair)

    # 3. Jumps and loops within a page, shortest first: they take the inner lanes.
    rest = [f for f in local if not f.sequential]
    rest.sort(key=lambda f: (abs(f.target - f.source), f.source, f.label))
    for f in rest:
        _route_flow(sheets[page_of[f.source]], f)

    for sheet in sheets:
        sheet.place_labels()
    return _finish(sheets, pairs, heights)


def _route_flow(sheet: _Sheet, f: _Flow) -> None:
    sources = _out_ports(sheet, f)
    targets = _in_ports(sheet, f.target, f.sequential)
    found = sheet.route(sources, targets, ("s", f.target), sheet.forced)
    if found is None:
        raise _NeedRoom("lanes", flow=f)
    sheet.commit(found[0], ("s", f.target), f.source, f.target, f.label)
    sheet.entered(f.target, found[2].dir)
    if f.label == "tidak":
        sheet.tidak_drawn.add(f.source)


def _out_ports(sheet: _Sheet, f: _Flow) -> list[_Port]:
    if not f.main:
        return sheet.exits(f.source, None, 0.0)
    # Down by the bottom; by a side only when that fails, and a decision keeps its sides for
    # Tidak.
    sideways = f.sequential or sheet.shapes[f.source] == "decision"
    return sheet.exits(f.source, 0.0, _SIDE_PENALTY if sideways else 3.0)


def _in_ports(sheet: _Sheet, target: int, sequential: bool) -> list[_Port]:
    # The next step is entered from the top, a jump or a loop from the side.
    if sequential:
        return sheet.entries(target, 0.0, _SIDE_PENALTY)
    return sheet.entries(target, _TOP_PENALTY, 0.0)


def _place_out(sheet: _Sheet, pair: _Pair, f: _Flow) -> None:
    sources = _out_ports(sheet, f)
    # A decision keeps its sides for Tidak: its Ya connector goes under it.
    beside = "" if f.main and sheet.shapes[f.source] == "decision" else "LR"
    conn, (pts, _, _) = _place_conn(
        sheet, pair, "out", f.source, f.sequential, beside, sources, None
    )
    sheet.commit(pts, conn.owner, f.source, ("pair", pair.id), f.label)
    pair.out = (sheet.index - 1, conn)
    if f.label == "tidak":
        sheet.tidak_drawn.add(f.source)


def _place_conn(
    sheet: _Sheet,
    pair: _Pair,
    role: str,
    step: int,
    stacked: bool,
    beside: str,
    sources: list[_Port] | None,
    targets: list[_Port] | None,
) -> tuple[_Conn, tuple[list[tuple[float, float]], _Port, _Port]]:
    """Put a connector in the first free spot to which (out) or from which (in) the arrow
    can be routed. No spot: ask for a taller band, or on the forced attempt take the first."""
    spots = sheet.conn_spots(step, role, stacked, beside)
    fitting: list[Box] = []

    def attempt(box: Box, bends: tuple[str, ...], last_resort: bool = False) -> tuple | None:
        conn = _Conn(pair.id, role, box)
        sheet.add_conn(conn)
        if role == "out":
            ends = sources, sheet.conn_entries(conn), conn.owner
        else:
            ends = sheet.conn_exits(conn), targets, ("s", step)
        found = sheet.route(*ends, last_resort, bends)
        if found is None:
            sheet.drop_conn(conn)
            return None
        return conn, found

    # Every spot with a simple arrow before any spot with a winding one; most connectors
    # find a simple arrow at one of the first spots, so spots are checked as they come.
    for box in spots:
        if sheet.conn_fits(box, step):
            fitting.append(box)
            if placed := attempt(box, ("few",)):
                return placed
    for box in fitting:
        if placed := attempt(box, ("many",)):
            return placed
    if not sheet.forced:
        raise _NeedRoom("bottom" if role == "out" else "top", step - 1)
    placed = attempt((fitting or spots)[0], (), last_resort=True)
    if placed:
        return placed
    raise AssertionError("unreachable: the last resort always routes")


def _join_out(sheet: _Sheet, pair: _Pair, f: _Flow) -> bool:
    """Route another flow of the same page and target onto the pair's existing connector."""
    _, conn = pair.out
    found = sheet.route(_out_ports(sheet, f), sheet.conn_entries(conn), conn.owner)
    if found is None:
        return False
    sheet.commit(found[0], conn.owner, f.source, ("pair", pair.id), f.label)
    pair.flows.append(f)
    if f.label == "tidak":
        sheet.tidak_drawn.add(f.source)
    return True


def _place_in(sheet: _Sheet, pair: _Pair) -> None:
    t = pair.target
    sequential = any(f.sequential for f in pair.flows)
    targets = _in_ports(sheet, t, sequential)
    beside = "LR"
    if sheet.shapes[t] == "decision" and t not in sheet.tidak_drawn:
        # A connector beside the decision takes that side, as an arrow into it would.
        side = sheet.entry_side.get(t)
        beside = "LR" if side is None else "L" if side == "R" else "R"
    conn, (pts, _, port) = _place_conn(sheet, pair, "in", t, sequential, beside, None, targets)
    sheet.commit(pts, ("s", t), ("pair", pair.id), t, "")
    sheet.entered(t, port.dir)
    if abs(conn.box.y - (sheet.rows[t].cy - CONN_SQUARE / 2)) < _EPS:
        # Beside the symbol: the connector takes that side even if its arrow goes round.
        sheet.entered(t, "L" if conn.box.x >= sheet.parts[t][-1][0].right else "R")
    pair.into = (sheet.index - 1, conn)


def _finish(sheets: list[_Sheet], pairs: list[_Pair], heights: Sequence[float]) -> FlowchartLayout:
    # Letters in reading order: page, then top to bottom, then left to right.
    def first_seen(pair: _Pair) -> tuple:
        return min((p, c.box.y, c.box.x) for p, c in (pair.out, pair.into))

    labels = {}
    for n, pair in enumerate(sorted(pairs, key=first_seen)):
        labels[pair.id] = connector_label(n)

    def name(end: int | tuple) -> int | str:
        return labels[end[1]] if isinstance(end, tuple) else end

    pages = []
    for sheet in sheets:
        connectors = tuple(
            Connector(labels[c.pair], c.box, c.role)
            for c in sorted(sheet.conns, key=lambda c: (c.box.y, c.box.x))
        )
        edges = tuple(
            Edge(
                name(e.source),
                name(e.target),
                e.label,
                tuple(e.points),
                e.label_pos,
            )
            for e in sheet.edges
        )
        rows = [sheet.rows[s] for s in sheet.order]
        pages.append(
            FlowPage(
                index=sheet.index,
                steps=tuple(sheet.order),
                width=sheet.width,
                height=sheet.height,
                column_lefts=tuple(sheet.cols.lefts),
                row_tops=tuple(r.top for r in rows),
                symbols=tuple(sorted(sheet.symbols, key=lambda s: s.step)),
                connectors=connectors,
                edges=edges,
            )
        )
    return FlowchartLayout(tuple(heights), tuple(pages))


__all__ = [
    "Box",
    "Connector",
    "Edge",
    "FlowPage",
    "FlowStep",
    "FlowchartLayout",
    "Symbol",
    "connector_label",
    "layout_flowchart",
    "text_width",
]
