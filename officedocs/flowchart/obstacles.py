"""Obstacles and collision tests: what is already drawn on a page, and whether a path or a
box keeps clear of it."""

from __future__ import annotations

from bisect import bisect_left

from .model import ARROW_RUN, CLEAR, EPS, GRID_CLEAR, MIN_JOG, MIN_STUB, SEP

Point = tuple[float, float]


class Obstacles:
    """Boxes (symbols, connectors) with their owners, and lines (arrows, joins) with the key
    of the target they lead to, on a page with its grid."""

    def __init__(self, width: float, height: float, vgrid: list[float], hgrid: list[float]):
        self.width = width
        self.height = height
        self.vgrid = vgrid
        self.hgrid = hgrid
        self.boxes: list[tuple[float, float, float, float, tuple]] = []
        self.segs: list[tuple[bool, float, float, float, object]] = []
        # The same lines by direction, for the hot path of `free`: (coordinate, lo, hi, key).
        self.lines: dict[bool, list[tuple[float, float, float, object]]] = {True: [], False: []}

    def add_box(self, x0: float, y0: float, x1: float, y1: float, owner: tuple) -> None:
        self.boxes.append((x0, y0, x1, y1, owner))

    def pop_box(self) -> None:
        self.boxes.pop()

    def add_line(self, vertical: bool, c: float, lo: float, hi: float, key: object) -> None:
        self.segs.append((vertical, c, lo, hi, key))
        self.lines[vertical].append((c, lo, hi, key))

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
        for i in range(n):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            vertical = abs(x0 - x1) < EPS
            if vertical:
                c, lo, hi = x0, min(y0, y1), max(y0, y1)
                grid = self.vgrid
            elif abs(y0 - y1) < EPS:
                c, lo, hi = y0, min(x0, x1), max(x0, x1)
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
            if min(x0, x1) < -EPS or max(x0, x1) > self.width + EPS:
                return False
            if min(y0, y1) < -EPS or max(y0, y1) > self.height + EPS:
                return False
            if self._hits_box(i, n, vertical, c, lo, hi, src, dst):
                return False
            if not lenient:
                for sc, slo, shi, skey in self.lines[vertical]:
                    if -SEP < sc - c < SEP and slo - SEP < hi and lo < shi + SEP and skey != key:
                        return False
            segs.append((vertical, c, lo, hi))
        return not _runs_back(segs)

    def _hits_box(
        self, i: int, n: int, vertical: bool, c: float, lo: float, hi: float, src: tuple, dst: tuple
    ) -> bool:
        for bx0, by0, bx1, by1, owner in self.boxes:
            if (i == 0 and owner == src) or (i == n - 1 and owner == dst):
                continue
            if vertical:
                hit = bx0 - CLEAR < c < bx1 + CLEAR and by0 - CLEAR < hi and lo < by1 + CLEAR
            else:
                hit = by0 - CLEAR < c < by1 + CLEAR and bx0 - CLEAR < hi and lo < bx1 + CLEAR
            if hit:
                return True
        return False


def _runs_back(segs: list[tuple[bool, float, float, float]]) -> bool:
    """Whether a path runs back over itself."""
    for i in range(len(segs)):
        for j in range(i + 2, len(segs)):
            a, b = segs[i], segs[j]
            if a[0] is b[0] and abs(a[1] - b[1]) < SEP and a[2] - SEP < b[3] and b[2] < a[3] + SEP:
                return True
    return False
