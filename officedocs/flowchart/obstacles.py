"""Obstacles and collision tests: what is already drawn on a page, and whether a path or a
box keeps clear of it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .model import ARROW_RUN, CLEAR, EPS, GRID_CLEAR, MIN_JOG, MIN_STUB, SEP

Point = tuple[float, float]
NEAR_SLACK = 1e-6


class Bands:
    """Boxes filed under each band of a grid (a column, or a row) their extent touches, so a
    line at coordinate c is tested only against the boxes of c's band."""

    def __init__(self, edges: list[float]):
        self.edges = edges
        self.bands: list[list[tuple]] = [[] for _ in range(max(1, len(edges) - 1))]
        self.filed: list[list[int]] = []

    def add(self, lo: float, hi: float, box: tuple) -> None:
        # Every band from the one holding `lo` to the one holding `hi` (ends included).
        last = len(self.bands) - 1
        k0 = min(max(bisect_left(self.edges, lo - NEAR_SLACK) - 1, 0), last)
        k1 = min(max(bisect_right(self.edges, hi + NEAR_SLACK) - 1, 0), last)
        ks = list(range(k0, k1 + 1))
        for k in ks:
            self.bands[k].append(box)
        self.filed.append(ks)

    def pop(self) -> None:
        for k in self.filed.pop():
            self.bands[k].pop()

    def at(self, c: float) -> list[tuple]:
        k = bisect_right(self.edges, c) - 1
        bands = self.bands
        return bands[0 if k < 0 else k if k < len(bands) else -1]


class Obstacles:
    """Boxes (symbols, connectors) with their owners, and lines (arrows, joins) with the key
    of the target they lead to, on a page with its grid."""

    def __init__(self, width: float, height: float, vgrid: list[float], hgrid: list[float]):
        self.width = width
        self.height = height
        self.vgrid = vgrid
        self.hgrid = hgrid
        self.boxes: list[tuple[float, float, float, float, tuple]] = []
        # The boxes grown by CLEAR (arrows keep that far away), by column and by row.
        self.columns = Bands(vgrid)
        self.rows = Bands(hgrid)
        self.segs: list[tuple[bool, float, float, float, object]] = []
        # The same lines by direction, sorted by coordinate, for the hot path of `free`:
        # (coordinate, lo, hi, key), and the coordinates alone to bisect.
        self.lines: dict[bool, list[tuple[float, float, float, object]]] = {True: [], False: []}
        self.coords: dict[bool, list[float]] = {True: [], False: []}

    def add_box(self, x0: float, y0: float, x1: float, y1: float, owner: tuple) -> None:
        self.boxes.append((x0, y0, x1, y1, owner))
        grown = (x0 - CLEAR, y0 - CLEAR, x1 + CLEAR, y1 + CLEAR, owner)
        self.columns.add(grown[0], grown[2], grown)
        self.rows.add(grown[1], grown[3], grown)

    def pop_box(self) -> None:
        self.boxes.pop()
        self.columns.pop()
        self.rows.pop()

    def add_line(self, vertical: bool, c: float, lo: float, hi: float, key: object) -> None:
        self.segs.append((vertical, c, lo, hi, key))
        coords = self.coords[vertical]
        i = bisect_right(coords, c)
        coords.insert(i, c)
        self.lines[vertical].insert(i, (c, lo, hi, key))

    def add_path(self, pts: list[Point], key: object) -> None:
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            if abs(x0 - x1) < EPS:
                self.add_line(True, x0, min(y0, y1), max(y0, y1), key)
            else:
                self.add_line(False, y0, min(x0, x1), max(x0, x1), key)

    def box_clear(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the rectangle overlaps no box and no line."""
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

    def free(
        self, pts: list[Point], src: tuple, dst: tuple, key: object, lenient: bool = False
    ) -> bool:
        """Whether a path keeps clear of boxes, grid lines and arrows to other targets.

        The first segment may touch `src`'s box and the last `dst`'s. lenient: only boxes
        count, not grid lines or other arrows (for the forced last attempt).
        """
        n = len(pts) - 1
        segs = []
        right, bottom = self.width + EPS, self.height + EPS
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            xlo, xhi = (x0, x1) if x0 < x1 else (x1, x0)
            ylo, yhi = (y0, y1) if y0 < y1 else (y1, y0)
            if xlo < -EPS or xhi > right or ylo < -EPS or yhi > bottom:
                return False
            vertical = abs(x0 - x1) < EPS
            if vertical:
                c, lo, hi = x0, ylo, yhi
                grid = self.vgrid
            elif abs(y0 - y1) < EPS:
                c, lo, hi = y0, xlo, xhi
                grid = self.hgrid
            else:
                return False
            need = ARROW_RUN if i == n - 1 else MIN_STUB if i == 0 else MIN_JOG
            if hi - lo < need - EPS:
                return False
            if not lenient:
                g = bisect_left(grid, c - GRID_CLEAR + EPS)
                if g < len(grid) and grid[g] < c + GRID_CLEAR - EPS:
                    return False
            for bx0, by0, bx1, by1, owner in (self.columns if vertical else self.rows).at(c):
                if vertical:
                    if not (bx0 < c < bx1 and by0 < hi and lo < by1):
                        continue
                elif not (by0 < c < by1 and bx0 < hi and lo < bx1):
                    continue
                if not ((i == 0 and owner == src) or (i == n - 1 and owner == dst)):
                    return False
            if not lenient:
                # Only lines within SEP of this one can be too near (the slack keeps every
                # line the exact test below would catch).
                coords = self.coords[vertical]
                near = self.lines[vertical][
                    bisect_left(coords, c - SEP - NEAR_SLACK) : bisect_right(
                        coords, c + SEP + NEAR_SLACK
                    )
                ]
                for sc, slo, shi, skey in near:
                    if -SEP < sc - c < SEP and slo - SEP < hi and lo < shi + SEP and skey != key:
                        return False
            segs.append((vertical, c, lo, hi))
        return not _runs_back(segs)


def _runs_back(segs: list[tuple[bool, float, float, float]]) -> bool:
    """Whether a path runs back over itself."""
    for i in range(len(segs)):
        for j in range(i + 2, len(segs)):
            a, b = segs[i], segs[j]
            if a[0] is b[0] and abs(a[1] - b[1]) < SEP and a[2] - SEP < b[3] and b[2] < a[3] + SEP:
                return True
    return False
