"""The sizes of the drawing and the values the layout takes and gives (public API)."""

from __future__ import annotations

from dataclasses import dataclass

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

LEVELS = 4  # rows of connectors a band may grow to hold
EPS = 1e-6


Branch = tuple[str, int]  # (label as written, target step) of one exit of a decision


def yes_no(ya: int, tidak: int) -> tuple[Branch, Branch]:
    """The branches of an ordinary decision."""
    return (("ya", ya), ("tidak", tidak))


def branch_text(label: str) -> str:
    """The printed label of a branch: `ya`/`tidak` as `Ya`/`Tidak`, others as written."""
    return label.capitalize() if label in ("ya", "tidak") else label


@dataclass(frozen=True)
class FlowStep:
    number: int  # 1-based position
    actors: tuple[int, ...]  # actor columns, sorted, non-empty, maybe non-adjacent
    next: int | None  # target of a process/terminator step; None for an end
    # The exits of a decision step, 2 to 4: the first leaves the bottom (Ya, or the branch to
    # the next step), the others the sides.
    decision: tuple[Branch, ...] | None = None
    terminal: str = ""  # "mulai" or "selesai": a start or end terminator besides the first/last


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
    label: str  # a decision's branch as written (ya, tidak, Teknis, ...) or ""
    points: tuple[tuple[float, float], ...]  # orthogonal, from outline to outline
    label_pos: tuple[float, float] | None = None  # centre of the branch label's text


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
    # Drawing rules the layout had to break, one Indonesian sentence each naming the steps;
    # empty for a clean drawing.
    warnings: tuple[str, ...] = ()
    # Why each row is taller than its text (Indonesian, "" when it is not): what the drawing
    # asked the row for room for. Index i is step i + 1.
    row_reasons: tuple[str, ...] = ()
