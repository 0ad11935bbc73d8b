"""Columns, lanes and symbol placement: actor column widths in; symbol slots, the lanes
arrows may run down, and each step's boxes out."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .model import (
    DIAMOND_MAX_W,
    EPS,
    GRID_CLEAR,
    LANE_GAP,
    SLOT_MAX,
    SLOT_MIN,
    Box,
    FlowStep,
    Symbol,
)
from .rows import Row

Part = tuple[Box, int, int]  # one box of a step, and its first and last column


def slot_width(width: float, shrink: int) -> float:
    base = min(max(min(0.6 * width, width - 7.0), SLOT_MIN), SLOT_MAX)
    return max(min(SLOT_MIN, width - 0.4), base - 2 * shrink * LANE_GAP)


@dataclass
class Columns:
    lefts: list[float]
    widths: list[float]
    slots: list[tuple[float, float]]  # symbol slot (left, right) of each column
    lanes: list[float]  # every lane x, sorted
    vgrid: list[float]  # x of every vertical grid line, the page's edges included

    @property
    def width(self) -> float:
        return self.lefts[-1] + self.widths[-1]

    def centre(self, c: int) -> float:
        return self.lefts[c] + self.widths[c] / 2

    def column_at(self, x: float) -> int:
        return max(0, bisect_right(self.lefts, x) - 1)


def columns(widths: Sequence[float], shrink: int) -> Columns:
    """Slots `shrink` lane widths narrower each side than their best width; lanes down the
    middle of each column and in its strips, `LANE_GAP` apart and clear of the grid."""
    lefts, x = [], 0.0
    for w in widths:
        lefts.append(x)
        x += w
    slots, lanes = [], []
    for left, w in zip(lefts, widths, strict=True):
        slot = slot_width(w, shrink)
        sl = left + (w - slot) / 2
        sr = sl + slot
        slots.append((sl, sr))
        lanes.append(left + w / 2)
        k = 1
        while sl - k * LANE_GAP >= left + GRID_CLEAR - EPS:
            lanes.append(sl - k * LANE_GAP)
            k += 1
        k = 1
        while sr + k * LANE_GAP <= left + w - GRID_CLEAR + EPS:
            lanes.append(sr + k * LANE_GAP)
            k += 1
    return Columns(lefts, list(widths), slots, sorted(lanes), [*lefts, x])


def symbol_spans(step: FlowStep, shape: str, cols: Columns) -> list[tuple[float, float, int, int]]:
    """(left, right, first column, last column) of each box of a step: one box per run of
    adjacent actor columns, across their slots."""
    runs: list[list[int]] = []
    for a in step.actors:
        if runs and a == runs[-1][-1] + 1:
            runs[-1].append(a)
        else:
            runs.append([a])
    spans = []
    for run in runs:
        x0, x1 = cols.slots[run[0]][0], cols.slots[run[-1]][1]
        if shape == "decision" and len(run) == 1 and x1 - x0 > DIAMOND_MAX_W:
            mid = (x0 + x1) / 2
            x0, x1 = mid - DIAMOND_MAX_W / 2, mid + DIAMOND_MAX_W / 2
        spans.append((x0, x1, run[0], run[-1]))
    return spans


def symbol_of(step: FlowStep, shape: str, row: Row, cols: Columns, parts: list[Part]) -> Symbol:
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
    return Symbol(step.number, shape, tuple(step.actors), bbox, cell, tuple(p for p, _, _ in parts))


def verticals(
    shape: str, parts: list[Part], cols: Columns
) -> list[tuple[int, float, float, float]]:
    """(part, x, top y, bottom y) where a vertical arrow may meet a step's boxes.

    The middle of each box and, for a box across columns, the middle of each column (the
    box's own middle may lie on a grid line). Off the middle of a diamond or on a round
    end of a capsule the point lies on the slanted or round outline.
    """
    vgrid = cols.vgrid
    out = []
    for i, (box, c0, c1) in enumerate(parts):
        half, r = box.w / 2, box.h / 2
        cx, cy = box.x + half, box.y + r
        xs = [cx] + [cols.centre(c) for c in range(c0, c1 + 1) if c1 > c0]
        if any(abs(cx - g) < GRID_CLEAR for g in vgrid):
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
