"""The identity part of a PDF page as placed cells: the ruled table's cells when there is one,
else the page's lines cut at wide gaps.

Words are put in the cell that holds their middle (a label's letters that reach over a border
belong to the label's cell). A cell whose lines run in two columns (`1. Alat Tulis   4. Printer`)
is read column by column, left first.
"""

from __future__ import annotations

import re

from .model import Cell, Line

GAP = 14.0  # pt: a wider gap between words on a line starts another column
FURNITURE = re.compile(
    r"(?i)dokumen ini (telah )?ditandatangani secara elektronik|pindai kode qr|"
    r"balai sertifikasi elektronik|halaman \d+ dari \d+"
)


def cx(w: dict) -> float:
    return (w["x0"] + w["x1"]) / 2


def cy(w: dict) -> float:
    return (w["top"] + w["bottom"]) / 2


def lines_of(words: list[dict]) -> list[list[dict]]:
    """Words grouped into printed lines, each left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - w["top"]) < 2.5:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w["x0"]) for ln in lines]


def text_lines(words: list[dict]) -> list[Line]:
    return [Line(" ".join(w["text"] for w in ln)) for ln in lines_of(words)]


def identity_cells(page, words: list[dict], bottom: float) -> list[Cell]:
    """The cells above `bottom` (the procedure table's top, or the page's end)."""
    words = [w for w in words if cy(w) < bottom]
    words = _without_furniture(words)
    boxes = []
    for table in page.find_tables():
        # a cell reaching a little past the procedure's top rule (found at its upper edge) still
        # belongs above it
        boxes += [(*c[:3], min(c[3], bottom)) for c in table.cells if c[1] < bottom - 2]
    if not boxes:
        return _loose(words)
    out = []
    for box in boxes:
        inside = [w for w in words if box[0] <= cx(w) < box[2] and box[1] <= cy(w) < box[3]]
        for k, part in enumerate(_columns(inside)):
            x0 = box[0] if k == 0 else min(w["x0"] for w in part) - 0.01
            out.append(Cell(text_lines(part), (x0, box[1], box[2], box[3])))
    return out


def _without_furniture(words: list[dict]) -> list[dict]:
    """Leave out the lines of the signing service's footer."""
    drop = set()
    for ln in lines_of(words):
        if FURNITURE.search(" ".join(w["text"] for w in ln)):
            drop |= {id(w) for w in ln}
    return [w for w in words if id(w) not in drop]


def _columns(words: list[dict]) -> list[list[dict]]:
    """A cell's words, split into side-by-side columns where every line has a wide gap at the
    same place and the right part starts list items; one part otherwise."""
    if not words:
        return []
    lines = lines_of(words)
    cuts = None
    for ln in lines:
        gaps = {
            round(b["x0"])
            for a, b in zip(ln, ln[1:], strict=False)
            if b["x0"] - a["x1"] > GAP and re.match(r"^(\d{1,2}[.)]|[-•])", b["text"])
        }
        cuts = gaps if cuts is None else cuts | gaps
    starts = sorted(cuts or ())
    if not starts:
        return [words]
    x = starts[0] - 1
    # Every word right of the cut must start at or after it: no line runs across.
    if any(w["x0"] < x < w["x1"] for w in words):
        return [words]
    left = [w for w in words if w["x1"] <= x]
    right = [w for w in words if w["x0"] >= x]
    return [p for p in (left, right) if p]


def _loose(words: list[dict]) -> list[Cell]:
    """No ruled table: each line's runs of words, cut at wide gaps, as cells."""
    out = []
    for ln in lines_of(words):
        run = [ln[0]]
        for a, b in zip(ln, ln[1:], strict=False):
            if b["x0"] - a["x1"] > GAP:
                out.append(_cell(run))
                run = []
            run.append(b)
        out.append(_cell(run))
    return out


def _cell(words: list[dict]) -> Cell:
    box = (words[0]["x0"], min(w["top"] for w in words), words[-1]["x1"], words[0]["bottom"])
    return Cell([Line(" ".join(w["text"] for w in words))], box)
