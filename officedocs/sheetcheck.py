"""Check a laid-out SOP sheet against its plan: the drawing must sit on the rows WeasyPrint made.

The plan (`sheet.procedure_geometry`) predicts row heights, the header and the page breaks from
measured text; WeasyPrint's layout is the truth. Before a PDF is written, the boxes of every
procedure row and header are read from WeasyPrint's own layout and compared with the geometry
the flowchart was drawn on. Where WeasyPrint made something taller than planned, the measured
heights go back into the plan (`SheetFix`) and the sheet is laid out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from .sheet import ProcedureGeometry, SheetFix

PX_PER_MM = 96 / 25.4
TOLERANCE = 0.05  # mm: the drawing is placed in mm with two decimals


@dataclass(frozen=True)
class RowBox:
    step: int
    pdf_page: int  # 1-based page of the PDF
    top: float  # mm below the top of its page's flowchart cell
    height: float  # mm


@dataclass(frozen=True)
class SheetBoxes:
    """What WeasyPrint made of the procedure pages."""

    cell_pages: dict[int, int]  # procedure page -> PDF page of its flowchart cell
    rows: tuple[RowBox, ...]  # a row split over two pages appears twice
    header_heights: tuple[float, float]  # tallest of each header row over the pages


def _classes(box) -> list[str]:  # noqa: ANN001 - a WeasyPrint box
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def measure(document) -> SheetBoxes:  # noqa: ANN001 - weasyprint.Document
    """Read the procedure rows, flowchart cells and header rows from a rendered document."""
    cell_pages: dict[int, int] = {}
    rows: list[RowBox] = []
    header = [0.0, 0.0]
    for number, page in enumerate(document.pages, 1):
        cell_top = None
        found = []
        header_row = 0
        section = None
        for box in page._page_box.descendants():  # in document order
            tag = getattr(box, "element_tag", None)
            classes = _classes(box)
            if tag == "section" and "prosedur" in classes:
                section = int(box.element.get("data-page"))
            elif tag == "td" and "flowchart-cell" in classes and section is not None:
                cell_top = box.position_y
                cell_pages[section] = number
            elif tag == "tr" and "langkah" in classes:
                found.append((int(box.element.get("data-step")), box.position_y, box.height))
            elif tag == "tr" and "kepala" in classes and header_row < 2:
                header[header_row] = max(header[header_row], box.height / PX_PER_MM)
                header_row += 1
        for step, y, height in found:
            top = (y - cell_top) / PX_PER_MM if cell_top is not None else float("nan")
            rows.append(RowBox(step, number, top, height / PX_PER_MM))
    return SheetBoxes(cell_pages, tuple(rows), (header[0], header[1]))


def differences(geometry: ProcedureGeometry, boxes: SheetBoxes) -> list[str]:
    """Where the layout differs from the plan, one Indonesian line each; empty when it holds."""
    planned = {}
    for page in geometry.pages:
        top = 0.0
        for step in page.steps:
            planned[step] = (page.index, top, geometry.row_heights[step - 1])
            top += geometry.row_heights[step - 1]
    seen: dict[int, int] = {}
    problems = []
    for row in boxes.rows:
        seen[row.step] = seen.get(row.step, 0) + 1
        index, top, height = planned[row.step]
        page = boxes.cell_pages.get(index)
        if row.pdf_page != page:
            problems.append(
                f"langkah {row.step}: baris tercetak di halaman {row.pdf_page}, "
                f"gambar alurnya di halaman {page}"
            )
        elif abs(row.top - top) > TOLERANCE or abs(row.height - height) > TOLERANCE:
            why = _reason(geometry, row.step)
            problems.append(
                f"langkah {row.step}: baris di {row.top:.2f} mm setinggi {row.height:.2f} mm, "
                f"gambar alurnya di {top:.2f} mm setinggi {height:.2f} mm"
                + (f" (gambar alur meminta ruang: {why})" if why else "")
            )
    for step in sorted(planned):
        if seen.get(step, 0) != 1:
            problems.append(f"langkah {step}: baris terbagi atau hilang ({seen.get(step, 0)}x)")
    return problems


def _reason(geometry: ProcedureGeometry, step: int) -> str:
    reasons = geometry.layout.row_reasons
    return reasons[step - 1] if step <= len(reasons) else ""


def tall_rows(geometry: ProcedureGeometry) -> list[str]:
    """The rows the drawing made taller than their text, each with the reason it asked for
    the room (one Indonesian line each)."""
    return [
        f"langkah {n}: baris {h:.2f} mm, teksnya {t:.2f} mm: {_reason(geometry, n)}"
        for n, (h, t) in enumerate(zip(geometry.row_heights, geometry.text_heights, strict=True), 1)
        if _reason(geometry, n)
    ]


def fix_from(geometry: ProcedureGeometry, boxes: SheetBoxes) -> SheetFix:
    """The heights WeasyPrint needed where they exceed the plan, for the next plan."""
    rows = tuple(
        (row.step, row.height)
        for row in boxes.rows
        if row.height > geometry.row_heights[row.step - 1] + TOLERANCE
    )
    return SheetFix(boxes.header_heights, rows)
