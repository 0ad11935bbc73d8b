"""Routing: ports to leave and enter by in; the cheapest orthogonal path that keeps clear of
a page's obstacles out.

Paths run down vertical lanes (see `columns`) and along horizontal tracks in the bands above
and under the symbols. Candidates are built fewest bends first, then sorted by length plus a
cost per bend; the first one `Obstacles.free` accepts wins.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from heapq import heappop, heappush
from operator import itemgetter
from typing import NamedTuple

from .model import ARROW_RUN, BAND_MIN, EPS, GRID_CLEAR, LANE_GAP, MIN_STUB
from .obstacles import Obstacles, Point
from .rows import Row

BEND = 3.0  # cost of a bend, in mm of path
BOUND_SLACK = 1e-6  # a lower bound of a cost is lowered by this, against rounding
SIGN = {"L": -1.0, "R": 1.0}


class Port(NamedTuple):
    x: float
    y: float
    dir: str  # direction of travel at the port: D (down), L, R
    owner: tuple  # obstacle the path may touch at this end
    penalty: float


class Route(NamedTuple):
    points: list[Point]
    source: Port
    target: Port
    # What the path had to break, on the forced attempt only: "" (nothing), "lines" (it runs
    # along a grid line or another arrow) or "symbols" (it crosses a symbol or connector).
    breaks: str = ""


def tracks(rows: Sequence[Row]) -> list[float]:
    """The y of every horizontal track of a page, sorted."""
    out = []
    for r in rows:
        y = r.sym_top - ARROW_RUN
        while y >= r.top + GRID_CLEAR - EPS:
            out.append(y)
            y -= LANE_GAP
        # Under the symbol, tracks spread from the middle of the band: a turn hugging the
        # symbol or the grid line would be hard to read.
        lo, hi = r.sym_bottom + MIN_STUB, r.bottom - GRID_CLEAR
        mid = (r.sym_bottom + r.bottom) / 2
        k = math.floor((mid - lo) / LANE_GAP + EPS)
        y = mid - k * LANE_GAP
        while y <= hi + EPS:
            out.append(y)
            y += LANE_GAP
    return sorted(out)


def points(flat: tuple[float, ...]) -> list[Point]:
    """A path from the flat (x, y, x, y, ...) tuple the candidate builders make."""
    return list(zip(flat[::2], flat[1::2], strict=True))


def length(pts: list[Point]) -> float:
    total = 0.0
    x, y = pts[0]
    for nx, ny in pts[1:]:
        total += abs(nx - x) + abs(ny - y)
        x, y = nx, ny
    return total


Candidate = tuple[float, list[Point], Port, Port]


class Router:
    """Paths on one page: its lanes and tracks, checked against its obstacles."""

    def __init__(self, obstacles: Obstacles, lanes: list[float], tracks: list[float]):
        self.obstacles = obstacles
        self.lanes = lanes
        self.tracks = tracks

    def route(
        self,
        sources: list[Port],
        targets: list[Port],
        key: object,
        last_resort: bool = False,
        bends: tuple[str, ...] = ("few", "many"),
    ) -> Route | None:
        """The cheapest free path from one of `sources` to one of `targets`, or None.

        Paths of up to two bends are tried first ("few"), then of three and four ("many").
        last_resort (only on the final, forced attempt): rather than None, the cheapest path
        that misses the symbols, or failing that the cheapest path at all.
        """
        free = self.obstacles.free
        for level in bends:
            for pts, sp, tp in self._cheapest_first(sources, targets, level):
                if free(pts, sp.owner, tp.owner, key):
                    return Route(pts, sp, tp)
        if not last_resort:
            return None
        cands = self._candidates(sources, targets, (self._simple, self._rich))
        for _, pts, sp, tp in cands:
            if free(pts, sp.owner, tp.owner, key, lenient=True):
                clean = free(pts, sp.owner, tp.owner, key)
                return Route(pts, sp, tp, "" if clean else "lines")
        if cands:
            return Route(cands[0][1], cands[0][2], cands[0][3], "symbols")
        sp, tp = sources[0], targets[0]
        return Route([(sp.x, sp.y), (sp.x, tp.y), (tp.x, tp.y)], sp, tp, "symbols")

    def _cheapest_first(
        self, sources: list[Port], targets: list[Port], level: str
    ) -> Iterator[tuple[list[Point], Port, Port]]:
        """The candidates of one level in the order of `_candidates` (by cost, ties in the
        order built), built lazily: a pair of ports builds its candidates only when the
        cheapest one waiting costs at least what any of that pair's could (a lower bound:
        port penalties, the bends the level adds, the distance between the ports). Most
        flows take one of the first few candidates, so most pairs are never built."""
        build, bends = (self._simple, 0.0) if level == "few" else (self._rich, 3 * BEND)
        pairs = []
        for sp in sources:
            for tp in targets:
                dx, dy = abs(tp.x - sp.x), abs(tp.y - sp.y)
                turn = BEND if dx > EPS and dy > EPS else 0.0
                bound = sp.penalty + tp.penalty + bends + dx + dy + turn - BOUND_SLACK
                pairs.append((bound, len(pairs), sp, tp))
        pairs.sort()  # by bound, then as built (the index is unique: ports never compared)
        waiting: list = []
        opened = 0
        while True:
            while opened < len(pairs) and (not waiting or pairs[opened][0] <= waiting[0][0]):
                _, group, sp, tp = pairs[opened]
                opened += 1
                built: list = []
                build(sp, tp, built)
                if built:
                    # A pair's candidates wait as one sorted run (ties as built: the sort is
                    # stable); the heap holds the head of each run.
                    built.sort(key=itemgetter(0))
                    heappush(waiting, (built[0][0], group, 0, built, sp, tp))
            if not waiting:
                return
            _, group, i, built, sp, tp = heappop(waiting)
            if i + 1 < len(built):
                heappush(waiting, (built[i + 1][0], group, i + 1, built, sp, tp))
            yield points(built[i][1]), sp, tp

    def _candidates(
        self,
        sources: list[Port],
        targets: list[Port],
        builds: tuple[Callable[[Port, Port, list], None], ...],
    ) -> list[Candidate]:
        cands: list = []
        for build in builds:
            for sp in sources:
                for tp in targets:
                    start = len(cands)
                    build(sp, tp, cands)
                    for i in range(start, len(cands)):
                        cost, flat = cands[i]
                        cands[i] = (cost, points(flat), sp, tp)
        cands.sort(key=lambda c: c[0])
        return cands

    def _between(self, y0: float, y1: float) -> list[float]:
        t = self.tracks
        return t[bisect_left(t, y0 + MIN_STUB - EPS) : bisect_right(t, y1 - ARROW_RUN + EPS)]

    def _below(self, y: float) -> list[float]:
        i = bisect_left(self.tracks, y + MIN_STUB - EPS)
        return self.tracks[i : i + 3]

    def _above(self, y: float) -> list[float]:
        i = bisect_right(self.tracks, y - ARROW_RUN + EPS)
        return self.tracks[max(0, i - 3) : i]

    def _simple(self, sp: Port, tp: Port, out: list) -> None:
        """Paths with up to two bends."""
        base = sp.penalty + tp.penalty
        if sp.dir == "D":
            if tp.y <= sp.y:
                return
            if tp.dir == "D":
                if abs(sp.x - tp.x) < EPS:
                    out.append((base + tp.y - sp.y, (sp.x, sp.y, sp.x, tp.y)))
                    return
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + 2 * BEND
                for y in self._between(sp.y, tp.y):
                    pts = (sp.x, sp.y, sp.x, y, tp.x, y, tp.x, tp.y)
                    # Between equal lengths, turn just under the source.
                    out.append((cost + 0.01 * abs(y - sp.y - BAND_MIN / 2), pts))
            elif (tp.x - sp.x) * SIGN[tp.dir] > 0:
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + BEND
                out.append((cost, (sp.x, sp.y, sp.x, tp.y, tp.x, tp.y)))
            return
        s = SIGN[sp.dir]
        if tp.dir == "D":
            if tp.y > sp.y and (tp.x - sp.x) * s > 0:
                cost = base + tp.y - sp.y + abs(tp.x - sp.x) + BEND
                out.append((cost, (sp.x, sp.y, tp.x, sp.y, tp.x, tp.y)))
            return
        t = SIGN[tp.dir]
        if abs(sp.y - tp.y) < EPS:
            if s == t and (tp.x - sp.x) * s > 0:
                out.append((base + abs(tp.x - sp.x), (sp.x, sp.y, tp.x, sp.y)))
            return
        dy = abs(tp.y - sp.y)
        # Lanes beyond the source in its direction, and short of the target in its own.
        lo = max(sp.x if s > 0 else -math.inf, tp.x if t < 0 else -math.inf)
        hi = min(sp.x if s < 0 else math.inf, tp.x if t > 0 else math.inf)
        lanes = self.lanes
        for x in lanes[bisect_right(lanes, lo) : bisect_left(lanes, hi)]:
            cost = base + abs(x - sp.x) + dy + abs(tp.x - x) + 2 * BEND
            # Between equal lengths, the lane nearer the source.
            pts = (sp.x, sp.y, x, sp.y, x, tp.y, tp.x, tp.y)
            out.append((cost + 0.001 * abs(x - sp.x), pts))

    def _rich(self, sp: Port, tp: Port, out: list) -> None:
        """Paths with three or four bends: out to a lane through a track, or back."""
        if sp.dir == "D":
            self._rich_down(sp, tp, out)
            return
        base = sp.penalty + tp.penalty + 3 * BEND
        lanes = self.lanes
        s = SIGN[sp.dir]
        if tp.dir == "D":
            for x in lanes:
                if (x - sp.x) * s > 0:
                    for y in self._above(tp.y):
                        run = abs(x - sp.x) + abs(y - sp.y) + abs(tp.x - x) + abs(tp.y - y)
                        out.append((base + run, (sp.x, sp.y, x, sp.y, x, y, tp.x, y, tp.x, tp.y)))
            return
        # Out to a lane, along a track near the target, down another lane, in sideways.
        t = SIGN[tp.dir]
        ys = self._above(tp.y) + self._below(tp.y)
        firsts = sorted((x for x in lanes if (x - sp.x) * s > 0), key=lambda x: abs(x - sp.x))
        seconds = sorted((x for x in lanes if (tp.x - x) * t > 0), key=lambda x: abs(x - tp.x))
        base += BEND
        for x1 in firsts[:8]:
            out1 = abs(x1 - sp.x)
            for x2 in seconds[:8]:
                if x2 == x1:
                    continue
                across, last = abs(x2 - x1), abs(tp.x - x2)
                for y in ys:
                    # The path's length, summed stretch by stretch as `length` does.
                    run = out1 + abs(y - sp.y) + across + abs(tp.y - y) + last
                    pts = (sp.x, sp.y, x1, sp.y, x1, y, x2, y, x2, tp.y, tp.x, tp.y)
                    out.append((base + run, pts))

    def _rich_down(self, sp: Port, tp: Port, out: list) -> None:
        """Three or four bends from a port leaving downwards: along a track under the source
        to a lane, then into the target from above (by another track) or from the side."""
        base = sp.penalty + tp.penalty + 3 * BEND
        lanes = self.lanes
        below = self._below(sp.y)
        if tp.dir == "D":
            above = self._above(tp.y)
            for y1 in below:
                down = abs(y1 - sp.y)
                for x in lanes:
                    across = down + abs(x - sp.x)
                    for y2 in above:
                        run = across + abs(y2 - y1) + abs(tp.x - x) + abs(tp.y - y2)
                        pts = (sp.x, sp.y, sp.x, y1, x, y1, x, y2, tp.x, y2, tp.x, tp.y)
                        out.append((base + BEND + run, pts))
            return
        t = SIGN[tp.dir]
        for y in below:
            down = abs(y - sp.y)
            for x in lanes:
                if (tp.x - x) * t > 0:
                    run = down + abs(x - sp.x) + abs(tp.y - y) + abs(tp.x - x)
                    out.append((base + run, (sp.x, sp.y, sp.x, y, x, y, x, tp.y, tp.x, tp.y)))
