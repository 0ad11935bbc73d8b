"""Geometry of the SOP sheet's procedure pages: column widths, row heights, page breaks.

Pure: an SOP in, the measured table and its flowchart layout out. The template only places
what this computes, so the drawing sits exactly on the table's rows and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .documents import SopDoc
from .flowchart import FlowchartLayout, FlowPage, FlowStep, layout_flowchart
from .measure import FILL, PT_PER_MM, line_count, text_height_mm, text_width_mm
from .schema import UNITS

PAPERS = {"F4": (330.0, 215.0), "A4": (297.0, 210.0)}  # landscape width, height in mm
MARGIN = (10.0, 10.0, 12.0, 10.0)  # top, right, bottom, left (mm); the footer sits in the bottom
FONT_PT = 9.0
HEADER_STEPS = (8.5, 8.0, 7.5, 7.0)  # header type sizes (pt), tried largest first
TITLE_PT = 12.0
LINE = 1.25  # line-height as a multiple of the font size
PAD = 1.5  # cell padding (mm), all sides
BORDER = 0.25  # table rule width (mm), as in style.css: a collapsed row adds half of it each side
ROW_MIN = 12.0  # the smallest row still holds a symbol and its arrows
# Preferred widths (mm) of the text columns, and the least each keeps when actors need room.
TEXT_COLUMNS = {
    "no": 9.0,
    "uraian": 70.0,
    "kelengkapan": 38.0,
    "waktu": 17.0,
    "output": 38.0,
    "keterangan": 24.0,
}
TEXT_FLOOR = {"uraian": 36.0, "kelengkapan": 20.0, "output": 20.0, "keterangan": 18.0}
SHRINKABLE = tuple(TEXT_FLOOR)
HEADERS = {
    "no": "No",
    "uraian": "Uraian Kegiatan",
    "kelengkapan": "Kelengkapan",
    "waktu": "Waktu",
    "output": "Output",
    "keterangan": "Keterangan",
}
ACTOR_MIN, ACTOR_MAX = 14.0, 40.0
TOTAL_ROW = 7.0
SAFETY = 2.0  # room left unused at the foot of each page
_EPS = 1e-6


@dataclass(frozen=True)
class TableColumns:
    """The procedure table's columns: how the actors share the paper with the text."""

    text: dict[str, float]  # width (mm) of each text column
    actors: tuple[float, ...]  # width (mm) of each actor column, in order
    header_pt: float  # type size of the header row
    hyphenate: tuple[bool, ...]  # per actor: a word of the name is wider than its column


@dataclass(frozen=True)
class SheetFix:
    """What WeasyPrint measured where the plan was short: the next plan starts from these."""

    header_heights: tuple[float, float] = (0.0, 0.0)
    row_heights: tuple[tuple[int, float], ...] = ()  # (step, least height)
    title_height: float = 0.0

    def to_json(self) -> dict:
        return {
            "header": list(self.header_heights),
            "rows": [list(r) for r in self.row_heights],
            "title": self.title_height,
        }

    @classmethod
    def from_json(cls, data: dict) -> SheetFix:
        rows = tuple((int(step), float(h)) for step, h in data.get("rows", []))
        header = tuple(float(h) for h in data.get("header", (0.0, 0.0)))
        return cls((header[0], header[1]), rows, float(data.get("title", 0.0)))

    def merge(self, other: SheetFix) -> SheetFix:
        rows = dict(self.row_heights)
        for step, h in other.row_heights:
            rows[step] = max(rows.get(step, 0.0), h)
        return SheetFix(
            (
                max(self.header_heights[0], other.header_heights[0]),
                max(self.header_heights[1], other.header_heights[1]),
            ),
            tuple(sorted(rows.items())),
            max(self.title_height, other.title_height),
        )


@dataclass(frozen=True)
class ProcedureGeometry:
    paper: str
    page_size: tuple[float, float]
    columns: dict[str, float]
    actor_widths: tuple[float, ...]
    header_pt: float
    hyphenate: tuple[bool, ...]
    header_heights: tuple[float, float]
    title_height: float
    row_heights: tuple[float, ...]
    pages: tuple[FlowPage, ...]  # the procedure pages: the flowchart's own
    layout: FlowchartLayout
    text_heights: tuple[float, ...] = ()  # what each row's text needs (step i + 1 at i)


def _padded(width: float) -> float:
    """The column width that holds a word of `width` on one line: `measure.line_count` lets a
    line use 96 % of the room, a margin for WeasyPrint's shaping."""
    return width / FILL + 2 * PAD + BORDER


def _longest_word(texts: list[str], size: float, bold: bool) -> float:
    return max((text_width_mm(w, size, bold) for t in texts for w in t.split()), default=0.0)


def _text_columns(room: float, least: dict[str, float]) -> dict[str, float] | None:
    """Widths of the text columns in `room` mm: preferred widths, shrunk toward their least
    widths in proportion when short of room, the excess given to Uraian Kegiatan. None when
    even the least widths do not fit."""
    columns = dict(TEXT_COLUMNS)
    fixed = sum(w for c, w in columns.items() if c not in SHRINKABLE)
    lo = sum(least[c] for c in SHRINKABLE)
    hi = sum(columns[c] for c in SHRINKABLE)
    spare = room - fixed
    if spare < lo - _EPS:
        return None
    if spare >= hi:
        columns["uraian"] += spare - hi
        return columns
    t = (spare - lo) / (hi - lo)
    for c in SHRINKABLE:
        columns[c] = least[c] + (columns[c] - least[c]) * t
    return columns


def column_widths(paper: str, actors: list[str], cells: dict[str, list[str]]) -> TableColumns:
    """The column rule, in one place (the README describes it):

    1. Every actor column is at least as wide as the longest word of its name in the header
       type, and all actor columns are equally wide (at most ACTOR_MAX, at least ACTOR_MIN).
    2. The text columns give up room first: they shrink toward their least width, which is
       TEXT_FLOOR or the longest word of their header or cells, whichever is wider.
    3. If that is not enough, the actor columns may differ in width, each just wide enough
       for its longest word; then the header type is set a step smaller (HEADER_STEPS) and
       1 to 3 are tried again.
    4. Only when the names do not fit even at the smallest type do the actor columns share
       what the text columns leave, and a word that is still too wide is hyphenated.
    """
    width = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    n = len(actors)

    def least(size: float) -> dict[str, float]:
        return {
            c: max(
                TEXT_FLOOR[c],
                _padded(_longest_word(cells.get(c, []), FONT_PT, False)),
                _padded(_longest_word([HEADERS[c]], size, True)),
            )
            for c in SHRINKABLE
        }

    preferred = min(max((width - sum(TEXT_COLUMNS.values())) / n, ACTOR_MIN), ACTOR_MAX)
    for size in HEADER_STEPS:
        need = [max(ACTOR_MIN, _padded(_longest_word([a], size, True))) for a in actors]
        for widths in ([max(preferred, *need)] * n, [max(ACTOR_MIN, *need)] * n, need):
            text = _text_columns(width - sum(widths), least(size))
            if text is not None:
                return TableColumns(text, tuple(widths), size, (False,) * n)
    text = _text_columns(width - ACTOR_MIN * n, least(HEADER_STEPS[-1])) or dict(TEXT_COLUMNS)
    share = (width - sum(text.values())) / n
    size = HEADER_STEPS[-1]
    hyphenate = tuple(_padded(_longest_word([a], size, True)) > share + _EPS for a in actors)
    return TableColumns(text, (share,) * n, size, hyphenate)


def _cell_height(text: str, width: float, size: float = FONT_PT, bold: bool = False) -> float:
    return text_height_mm(text, width - 2 * PAD - BORDER, size, LINE, bold) + 2 * PAD + BORDER


def _step_cells(step) -> list[tuple[str, str]]:  # noqa: ANN001 - content.Step
    k = step.kegiatan
    return [
        (str(step.number), "no"),
        (k.uraian, "uraian"),
        (k.kelengkapan, "kelengkapan"),
        (str(k.waktu), "waktu"),
        (k.output, "output"),
        (k.keterangan, "keterangan"),
    ]


def _header_heights(doc: SopDoc, cols: TableColumns) -> tuple[float, float]:
    size = cols.header_pt
    top = _cell_height("Pelaksana", sum(cols.actors), size, True)
    second = [
        _cell_height(name, w, size, True)
        for name, w in zip(doc.sop.pelaksana, cols.actors, strict=True)
    ]
    second += [
        _cell_height(HEADERS[c], cols.text[c], size, True) for c in ("kelengkapan", "output")
    ]
    # "Uraian Kegiatan" and "Keterangan" span both header rows.
    spans = max(
        _cell_height(HEADERS[c], cols.text[c], size, True) for c in ("uraian", "keterangan")
    )
    second_h = max(second)
    return top, max(second_h, spans - top)


def procedure_geometry(doc: SopDoc, paper: str, fix: SheetFix | None = None) -> ProcedureGeometry:
    """The plan of the procedure pages; `fix` holds what a render measured taller than planned."""
    fix = fix or SheetFix()
    cells: dict[str, list[str]] = {}
    for step in doc.steps:
        for text, c in _step_cells(step):
            cells.setdefault(c, []).append(text)
    cols = column_widths(paper, list(doc.sop.pelaksana), cells)
    measured_rows = dict(fix.row_heights)
    text_heights = [
        max(
            ROW_MIN,
            measured_rows.get(step.number, 0.0),
            *(_cell_height(t, cols.text[c]) for t, c in _step_cells(step)),
        )
        for step in doc.steps
    ]
    planned = _header_heights(doc, cols)
    header = (max(planned[0], fix.header_heights[0]), max(planned[1], fix.header_heights[1]))
    usable_w = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    title_lines = line_count(doc.sop.nama, usable_w, TITLE_PT, True)
    title_height = max(title_lines * TITLE_PT * LINE / PT_PER_MM + 4.0, fix.title_height)
    body = PAPERS[paper][1] - MARGIN[0] - MARGIN[2] - title_height - sum(header) - SAFETY
    steps = [
        FlowStep(s.number, s.actors, None if s.decision else s.next, s.decision, s.terminal)
        for s in doc.steps
    ]
    layout = layout_flowchart(steps, cols.actors, text_heights, body, TOTAL_ROW)
    return ProcedureGeometry(
        paper,
        PAPERS[paper],
        cols.text,
        cols.actors,
        cols.header_pt,
        cols.hyphenate,
        header,
        title_height,
        layout.row_heights,
        layout.pages,
        layout,
        tuple(text_heights),
    )


def total_waktu(durations: list) -> str:
    """Sum `waktu` per unit, largest first: `3 Hari 5 Jam 10 Menit`.

    Minutes roll over into hours (exact); hours are not turned into days, because an office
    day is not 24 hours and the sheets never say how long theirs is.
    """
    sums = {unit: Decimal(0) for unit in UNITS}
    for d in durations:
        sums[d.satuan] += d.jumlah
    hours, minutes = divmod(sums["Menit"], 60)
    sums["Jam"] += hours
    sums["Menit"] = minutes
    parts = []
    for unit in reversed(UNITS):
        if sums[unit]:
            parts.append(f"{format(sums[unit].normalize(), 'f').replace('.', ',')} {unit}")
    return " ".join(parts) or "-"
