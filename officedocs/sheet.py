"""Geometry of the SOP sheet's procedure pages: column widths, row heights, page breaks.

Pure: an SOP in, the measured table and its flowchart layout out. The template only places
what this computes, so the drawing sits exactly on the table's rows and columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .content import SopDoc
from .flowchart import FlowchartLayout, FlowStep, layout_flowchart
from .measure import PT_PER_MM, line_count, text_height_mm
from .schema import UNITS

PAPERS = {"F4": (330.0, 215.0), "A4": (297.0, 210.0)}  # landscape width, height in mm
MARGIN = (10.0, 10.0, 12.0, 10.0)  # top, right, bottom, left (mm); the footer sits in the bottom
FONT_PT = 9.0
HEADER_PT = 8.5
TITLE_PT = 12.0
LINE = 1.25  # line-height as a multiple of the font size
PAD = 1.5  # cell padding (mm), all sides
BORDER = 0.25  # table rule width (mm), as in style.css: a collapsed row adds half of it each side
ROW_MIN = 12.0  # the smallest row still holds a symbol and its arrows
# Preferred widths (mm) of the text columns; they shrink when many actors need room.
TEXT_COLUMNS = {
    "no": 9.0,
    "uraian": 70.0,
    "kelengkapan": 38.0,
    "waktu": 17.0,
    "output": 38.0,
    "keterangan": 24.0,
}
SHRINKABLE = ("uraian", "kelengkapan", "output", "keterangan")
ACTOR_MIN, ACTOR_MAX = 14.0, 40.0
TOTAL_ROW = 7.0
SAFETY = 2.0  # room left unused at the foot of each page


@dataclass(frozen=True)
class ProcedurePage:
    index: int  # 1-based among procedure pages
    steps: tuple[int, ...]
    flow_page: object  # flowchart.FlowPage


@dataclass(frozen=True)
class ProcedureGeometry:
    paper: str
    page_size: tuple[float, float]
    columns: dict[str, float]
    actor_widths: tuple[float, ...]
    header_heights: tuple[float, float]
    title_height: float
    row_heights: tuple[float, ...]
    pages: tuple[ProcedurePage, ...]
    layout: FlowchartLayout


def column_widths(paper: str, actors: int) -> tuple[dict[str, float], tuple[float, ...]]:
    width = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    columns = dict(TEXT_COLUMNS)
    room = width - sum(columns.values())
    per_actor = min(max(room / actors, ACTOR_MIN), ACTOR_MAX)
    excess = width - sum(columns.values()) - per_actor * actors
    # Too little room: shrink the text columns; too much: give it to Uraian Kegiatan.
    if excess < 0:
        shrinkable = sum(columns[c] for c in SHRINKABLE)
        for c in SHRINKABLE:
            columns[c] += excess * columns[c] / shrinkable
    else:
        columns["uraian"] += excess
    return columns, tuple(per_actor for _ in range(actors))


def _cell_height(text: str, width: float, size: float = FONT_PT, bold: bool = False) -> float:
    return text_height_mm(text, width - 2 * PAD - BORDER, size, LINE, bold) + 2 * PAD + BORDER


def procedure_geometry(doc: SopDoc, paper: str) -> ProcedureGeometry:
    columns, actor_widths = column_widths(paper, len(doc.sop.pelaksana))
    text_heights = []
    for step in doc.steps:
        k = step.kegiatan
        cells = [
            (str(step.number), "no"),
            (k.uraian, "uraian"),
            (k.kelengkapan, "kelengkapan"),
            (str(k.waktu), "waktu"),
            (k.output, "output"),
            (k.keterangan, "keterangan"),
        ]
        text_heights.append(max(ROW_MIN, *(_cell_height(t, columns[c]) for t, c in cells)))
    header_top = _cell_height("Pelaksana", columns["uraian"], HEADER_PT, True)
    names = zip(doc.sop.pelaksana, actor_widths, strict=True)
    header_actor = max(_cell_height(name, w, HEADER_PT, True) for name, w in names)
    header_actor = max(
        header_actor, _cell_height("Kelengkapan", columns["kelengkapan"], HEADER_PT, True)
    )
    usable_w = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    title_lines = line_count(doc.sop.nama, usable_w, TITLE_PT, True)
    title_height = title_lines * TITLE_PT * LINE / PT_PER_MM + 4.0
    body = (
        PAPERS[paper][1] - MARGIN[0] - MARGIN[2] - title_height - header_top - header_actor - SAFETY
    )
    steps = [
        FlowStep(s.number, s.actors, None if s.decision else s.next, s.decision) for s in doc.steps
    ]
    layout = layout_flowchart(steps, actor_widths, text_heights, body, TOTAL_ROW)
    pages = tuple(ProcedurePage(p.index, p.steps, p) for p in layout.pages)
    return ProcedureGeometry(
        paper,
        PAPERS[paper],
        columns,
        actor_widths,
        (header_top, header_actor),
        title_height,
        layout.row_heights,
        pages,
        layout,
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
