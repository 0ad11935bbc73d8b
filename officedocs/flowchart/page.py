"""One procedure page under construction: its rows and columns in; its symbols, the ports
arrows leave and enter them by, and the arrows drawn so far out.

`route_flow` draws one flow within a page, or returns the room it needs (`NeedRoom`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .columns import Columns, Part, symbol_of, symbol_spans, verticals
from .flows import Flow
from .model import Box, FlowStep, Symbol
from .obstacles import Obstacles, Point
from .routing import Port, Route, Router, tracks
from .rows import NeedRoom, Row

TOP_PENALTY = 6.0  # a loop entering from the top would join the flow from the step above
SIDE_PENALTY = 30.0  # the next step is entered from the top unless that is impossible
BESIDE_PENALTY = 3.0  # a decision's fourth exit leaves its sides before its lower edges

# What a path drawn on the forced attempt had to break (see `Route.breaks`).
NO_PATH = "tidak ada jalur bebas"
ROUTE_BREAKS = {
    "lines": "panah digambar menempel garis tabel atau panah lain",
    "symbols": "panah digambar melewati simbol",
}


def rule_broken(sources: Sequence[int], target: int, *what: str) -> str:
    """The warning for a flow drawn against the rules: `langkah 7 -> 3: <what>; <what>`."""
    return f"langkah {', '.join(str(s) for s in sources)} -> {target}: {'; '.join(what)}"


@dataclass
class RawEdge:
    source: int | tuple  # step number or ("pair", id)
    target: int | tuple
    label: str
    points: list[Point]
    label_pos: tuple[float, float] | None = None


@dataclass
class RawConnector:
    pair: int
    role: str
    box: Box

    @property
    def owner(self) -> tuple:
        return ("c", self.pair, self.role)


class RawPage:
    """One page: its symbols, connectors and arrows, and what is in the way of the next."""

    def __init__(self, index: int, rows: list[Row], cols: Columns, forced: bool):
        self.index = index
        self.rows = {r.step: r for r in rows}
        self.order = [r.step for r in rows]
        self.cols = cols
        self.forced = forced
        self.width = cols.width
        self.height = rows[-1].bottom
        self.hgrid = [r.top for r in rows] + [self.height]
        self.obstacles = Obstacles(self.width, self.height, cols.vgrid, self.hgrid)
        self.router = Router(self.obstacles, cols.lanes, tracks(rows))
        self.parts: dict[int, list[Part]] = {}
        self._verticals: dict[int, list[tuple[int, float, float, float]]] = {}
        self.shapes: dict[int, str] = {}
        # A decision's branches other than the first leave by its sides. Until they are
        # drawn, arrows come into it by one side only while one is left (the other side stays
        # free for it), and by neither side while two or more are left.
        self.entry_side: dict[int, str] = {}
        self.branches: dict[int, int] = {}  # number of branches of each decision
        self.side_exits: dict[int, int] = {}  # branches still to leave sideways
        self.symbols: list[Symbol] = []
        self.conns: list[RawConnector] = []
        self.edges: list[RawEdge] = []
        self.warnings: list[str] = []

    def place_symbol(self, step: FlowStep, shape: str) -> None:
        row = self.rows[step.number]
        parts = []
        for x0, x1, c0, c1 in symbol_spans(step, shape, self.cols):
            box = Box(x0, row.sym_top, x1 - x0, row.sym_h)
            parts.append((box, c0, c1))
            self.obstacles.add_box(x0, box.y, x1, box.bottom, ("s", step.number, len(parts) - 1))
        for (a, _, _), (b, _, _) in zip(parts, parts[1:], strict=False):
            # The line joining the boxes of one step: nothing may run along it.
            self.obstacles.add_line(False, row.cy, a.right, b.x, ("join", step.number))
        self.parts[step.number] = parts
        self.shapes[step.number] = shape
        if step.decision:
            self.branches[step.number] = len(step.decision)
            self.side_exits[step.number] = len(step.decision) - 1
        self.symbols.append(symbol_of(step, shape, row, self.cols, parts))

    def verticals(self, step: int) -> list[tuple[int, float, float, float]]:
        # Asked for again and again while routing; a step's boxes do not move.
        if step not in self._verticals:
            self._verticals[step] = verticals(self.shapes[step], self.parts[step], self.cols)
        return self._verticals[step]

    def exits(self, step: int, bottom: float | None, side: float | None) -> list[Port]:
        ports = []
        parts = self.parts[step]
        row = self.rows[step]
        if bottom is not None:
            for i, x, _, y in self.verticals(step):
                ports.append(Port(x, y, "D", ("s", step, i), bottom))
        if side is not None:
            ports.append(Port(parts[0][0].x, row.cy, "L", ("s", step, 0), side))
            last = len(parts) - 1
            ports.append(Port(parts[-1][0].right, row.cy, "R", ("s", step, last), side))
        return ports

    def lower_edges(self, step: int) -> list[Port]:
        """Halfway down each lower edge of a diamond, leaving downwards."""
        ports = []
        for i, (box, _, _) in enumerate(self.parts[step]):
            cx, y = box.x + box.w / 2, box.y + box.h * 0.75
            for x in (cx - box.w / 4, cx + box.w / 4):
                ports.append(Port(x, y, "D", ("s", step, i), BESIDE_PENALTY))
        return ports

    def entries(self, step: int, top: float | None, side: float | None) -> list[Port]:
        ports = []
        parts = self.parts[step]
        row = self.rows[step]
        if top is not None:
            for i, x, y, _ in self.verticals(step):
                ports.append(Port(x, y, "D", ("s", step, i), top))
        if side is not None:
            last = len(parts) - 1
            sides = [
                Port(parts[0][0].x, row.cy, "R", ("s", step, 0), side),
                Port(parts[-1][0].right, row.cy, "L", ("s", step, last), side),
            ]
            left = self.side_exits.get(step, 0)
            if left > 1:
                sides = []
            elif left == 1:
                used = self.entry_side.get(step)
                sides = [p for p in sides if used is None or p.dir == used]
            ports += sides
        return ports

    def entered(self, step: int, direction: str) -> None:
        """Note that something came into `step` moving in `direction` (R: into its left
        side, L: into its right side, D: into its top)."""
        if direction != "D" and self.shapes[step] == "decision":
            self.entry_side.setdefault(step, direction)

    def left_by(self, f: Flow) -> None:
        """Note that flow `f` has been drawn out of its source."""
        if not f.main and f.source in self.side_exits:
            self.side_exits[f.source] -= 1

    def commit(
        self, pts: list[Point], key: object, source: int | tuple, target: int | tuple, label: str
    ) -> None:
        self.obstacles.add_path(pts, key)
        self.edges.append(RawEdge(source, target, label, pts))

    def note_breaks(self, route: Route, sources: Sequence[int], target: int) -> None:
        if route.breaks:
            self.warnings.append(rule_broken(sources, target, NO_PATH, ROUTE_BREAKS[route.breaks]))


def out_ports(page: RawPage, f: Flow) -> list[Port]:
    if not f.main:
        ports = page.exits(f.source, None, 0.0)
        if page.branches.get(f.source, 0) > 3:
            # Four exits, three sideways: one may leave by a lower edge instead.
            ports += page.lower_edges(f.source)
        return ports
    # Down by the bottom; by a side only when that fails, and a decision keeps its sides for
    # Tidak.
    sideways = f.sequential or page.shapes[f.source] == "decision"
    return page.exits(f.source, 0.0, SIDE_PENALTY if sideways else 3.0)


def in_ports(page: RawPage, target: int, sequential: bool) -> list[Port]:
    # The next step is entered from the top, a jump or a loop from the side.
    if sequential:
        return page.entries(target, 0.0, SIDE_PENALTY)
    return page.entries(target, TOP_PENALTY, 0.0)


def route_flow(page: RawPage, f: Flow) -> NeedRoom | None:
    """Draw a flow whose source and target are both on `page`; None when drawn."""
    sources = out_ports(page, f)
    targets = in_ports(page, f.target, f.sequential)
    found = page.router.route(sources, targets, ("s", f.target), page.forced)
    if found is None:
        return NeedRoom("lanes", flow=f)
    page.note_breaks(found, [f.source], f.target)
    page.commit(found.points, ("s", f.target), f.source, f.target, f.label)
    page.entered(f.target, found.target.dir)
    page.left_by(f)
    return None
