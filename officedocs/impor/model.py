"""The sheet as read from a file, before interpretation: shared by the .docx and .pdf readers.

Coordinates are points, origin top left, y growing down, one frame per procedure page (a PDF
page, or one Word table).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class UnreadableSheet(Exception):
    """The file is not an SOP sheet this importer can read; the message is for the user."""


@dataclass
class Line:
    """One line of text in a cell or block; `numbered` when Word's automatic numbering marks it."""

    text: str
    numbered: bool = False


@dataclass
class Cell:
    """A block of text on the identity page and where it stands: (x0, top, x1, bottom) in the
    sheet's frame (points on a PDF page; grid columns and row numbers in a Word table)."""

    lines: list[Line]
    box: Box


@dataclass
class Shape:
    kind: str  # terminator | process | decision | offpage | unknown
    box: Box
    text: str = ""


@dataclass
class Segment:
    a: Point
    b: Point
    head_a: bool = False
    head_b: bool = False


@dataclass
class Row:
    """One table row below the header: its cells' text by column role, and its extent."""

    cells: dict[str, list[Line]]
    top: float
    bottom: float
    overflow: bool = False  # text ran past the row's border


@dataclass
class ProcPage:
    actors: list[tuple[str, float, float]]  # name, x0, x1 of each Pelaksana column
    rows: list[Row]
    shapes: list[Shape] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    labels: list[tuple[str, Point]] = field(default_factory=list)  # "Ya"/"Tidak" words
    title: str = ""
    ignored: list[str] = field(default_factory=list)  # headers of columns not understood
    top: float = 0.0  # where the procedure table starts: the identity stands above it
    raster: bool = False  # the flowchart (or the whole table) is a picture
    columns: tuple = ((), ())  # (column x ranges, their roles): a page without header goes on


@dataclass
class RawSheet:
    """Identity cells with their places, and the procedure pages."""

    cells: list[Cell]
    pages: list[ProcPage]


def center(box: Box) -> Point:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def distance(p: Point, q: Point) -> float:
    return ((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) ** 0.5


def box_distance(box: Box, p: Point) -> float:
    """Distance from p to the box (0 inside)."""
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return (dx * dx + dy * dy) ** 0.5
