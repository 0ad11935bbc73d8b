"""Read a PDF sheet with pdfplumber: words, cell borders, symbols and line segments.

The procedure table is found from its header words; its columns are the vertical borders that
cross the header's second row, its rows the horizontal borders across the Uraian column (the
one column no flowchart line ever enters). Symbols are the stroked closed paths in the
Pelaksana columns, classified by their outline; arrows are the open paths and lines there, an
end with a small filled triangle at it being an arrowhead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber

from .model import Box, Cell, ProcPage, RawSheet, Row, UnreadableSheet, box_distance
from .pdfcells import cx, cy, identity_cells, lines_of, text_lines
from .pdfdraw import drawing, table_edges
from .shapes import column_numbers, header_roles
from .text import join


def read_pdf(path: Path) -> RawSheet:
    try:
        pdf = pdfplumber.open(path)
        pages = [p.filter(_printed) for p in pdf.pages]
        words_by_page = [p.extract_words(use_text_flow=False) for p in pages]
    except Exception as exc:  # pdfminer raises many kinds for a damaged or locked file
        reason = "terkunci kata sandi" if "password" in repr(exc).lower() else "rusak"
        raise UnreadableSheet(f"PDF tidak bisa dibaca ({reason})") from None
    if not any(words_by_page):
        raise UnreadableSheet(
            "PDF tanpa teks (hasil pindaian?); ketik ulang atau pakai berkas Word"
        )
    cells: list[Cell] = []
    procs: list[ProcPage] = []
    offset = 0.0  # pages stacked: the identity cells of several pages in one frame
    with pdf:
        for page, words in zip(pages, words_by_page, strict=True):
            proc = _procedure(page, words, procs[-1] if procs else None)
            if not procs and (proc is None or not cells):
                bottom = proc.top if proc is not None else page.height
                for c in identity_cells(page, words, bottom):
                    c.box = (c.box[0], c.box[1] + offset, c.box[2], c.box[3] + offset)
                    cells.append(c)
                offset += page.height
            if proc is not None:
                procs.append(proc)
        if not procs and any(_pictured(page) for page in pages):
            procs.append(ProcPage([], [], raster=True))  # the whole table is one picture
    if not procs:
        raise UnreadableSheet(
            "bukan lembar SOP: tabel prosedur (Uraian Kegiatan, Pelaksana) tidak ada"
        )
    return RawSheet(cells, procs)


def _pictured(page, box: Box | None = None) -> bool:
    """Whether a picture covers most of `box` (the page when None): a scanned table or a
    flowchart pasted as one image."""
    x0, t, x1, b = box or (0, 0, page.width, page.height)
    covered = 0.0
    for im in page.images:
        w = min(im["x1"], x1) - max(im["x0"], x0)
        h = min(im["bottom"], b) - max(im["top"], t)
        if w > 0 and h > 0:
            covered += w * h
    return covered > (0.5 if box else 0.15) * (x1 - x0) * (b - t)


def _printed(obj: dict) -> bool:
    """Leave out a watermark (DRAF, SALINAN): huge or turned letters are not the sheet's text.
    A letter turned by a rounding error (a sheet re-written by a signing service keeps its text
    under a matrix of 1e-8 rotation) is upright: pdfplumber would read it as a vertical word."""
    if obj.get("object_type") != "char":
        return True
    a, b, c, d = (obj.get("matrix") or (1, 0, 0, 1, 0, 0))[:4]
    if abs(b) < 1e-3 and abs(c) < 1e-3 and a > 0 and d > 0:
        obj["upright"] = True
    return obj.get("size", 0) < 30 and obj.get("upright", True)


def _keys(w: dict) -> set[str]:
    """A header word's keys: `Aktivitas/Kegiatan` is both."""
    return {re.sub(r"[^a-z]", "", part) for part in w["text"].lower().split("/")} - {""}


URAIAN = {"uraian", "kegiatan", "aktivitas", "prosedur"}
KELENGKAPAN = {"kelengkapan", "persyaratan", "perlengkapan", "input", "sumber"}
MUTU = KELENGKAPAN | {"waktu", "output", "hasil", "keluaran"}
HEADER = URAIAN | MUTU | {"no", "mutu", "baku", "buku", "pelaksana", "keterangan", "ket"}


def _headers(words: list[dict]):
    """The header words of the procedure table: its text column's (Uraian Kegiatan, Kegiatan,
    Uraian Prosedur, Aktivitas), the lowest of the Mutu Baku columns' (Kelengkapan or
    Persyaratan, Sumber Data, Input; Waktu; Output or Hasil), and Pelaksana above the actors
    when printed. Found as a text column's word with two Mutu Baku words right of it; each
    candidate in turn, since a sentence may hold the same words (`penyimpangan atas
    perlengkapan, waktu maupun output`)."""
    near = 45.0
    candidates = [w for w in words if _keys(w) & URAIAN]
    # a header word stands alone in its cell; the same word inside a sentence has neighbours
    candidates.sort(key=lambda w: not _alone(w, words))
    for uraian in candidates:
        row = [w for w in words if abs(cy(w) - cy(uraian)) < near and w["x0"] > uraian["x1"]]
        mutu = [w for w in row if _keys(w) & MUTU]
        if len({k for w in mutu for k in _keys(w) & MUTU}) < 2:
            continue
        # Waktu stands in the header's lower row on every sheet; body text may hold the words too
        waktu = [w for w in mutu if "waktu" in _keys(w)] or mutu
        low = min(waktu, key=lambda w: abs(cy(w) - cy(uraian)))
        first = min(w["x0"] for w in mutu)
        pel = [
            w for w in row
            if "pelaksana" in _keys(w) and w["x0"] < first and w["top"] < low["top"]
        ]  # fmt: skip
        yield uraian, low, pel[0] if pel else None


def _no_number(name: str) -> str:
    """An actor's name without the column number printed under it (`Peserta (4)`)."""
    return " ".join(re.sub(r"\(\s*\d{1,2}\s*\)", " ", name).split())


def _alone(word: dict, words: list[dict]) -> bool:
    """No other word on its line within a space's width, except another header word
    (`Uraian Kegiatan`, `Mutu Baku`)."""
    for w in words:
        if w is word or abs(w["top"] - word["top"]) > 2 or _keys(w) & HEADER:
            continue
        if -6 < w["x0"] - word["x1"] < 6 or -6 < word["x0"] - w["x1"] < 6:
            return False
    return True


def _procedure(page, words: list[dict], before: ProcPage | None) -> ProcPage | None:
    """The procedure table on a page: found by its header, or (after a procedure page) a page
    without a header whose column rules are the previous page's."""
    table = _table(page, words) or (_continued(page, before) if before else None)
    if table is None:
        return None
    cols, roles, actors, ys, header_bottom, table_top, ignored = table
    body = [y for y in _step_rules(page, cols, roles, ys) if y >= header_bottom - 0.5]
    rows = _rows(words, cols, roles, body)
    region: Box = (actors[0][1], header_bottom, actors[-1][2], ys[-1])
    shapes, segments = drawing(page, region, [c[0] for c in cols] + [cols[-1][1]], ys)
    for s in shapes:
        s.text = " ".join(w["text"] for w in words if box_distance(s.box, (cx(w), cy(w))) == 0)
    # A branch's word in a box of its own (`Tidak` framed) is a label, not a step's symbol.
    boxed = [
        s
        for s in shapes
        if s.kind in ("process", "unknown") and s.box[3] - s.box[1] < 12 and _short(s.text)
    ]
    shapes = [s for s in shapes if s not in boxed]
    labels = [(s.text, ((s.box[0] + s.box[2]) / 2, (s.box[1] + s.box[3]) / 2)) for s in boxed]
    labels += _labels(words, region, shapes)
    title = " ".join(w["text"] for w in words if table_top - 40 < w["bottom"] < table_top)
    page_ = ProcPage(actors, rows, shapes, segments, labels, title, ignored, table_top)
    page_.raster = not shapes and _pictured(page, region)
    page_.columns = (cols, roles)
    return page_


def _step_rules(page, cols, roles, ys: list[float]) -> list[float]:
    """The rules between steps: those across the No column when it has its own, since a step's
    text may stand in cells stacked inside its row (rules across the text column only)."""
    if "no" not in roles:
        return ys
    a, b = cols[roles.index("no")]
    across = [
        e["top"]
        for e in table_edges(page)
        if e["orientation"] == "h" and min(e["x1"], b) - max(e["x0"], a) > 0.8 * (b - a)
    ]
    mine = [y for y in _unique(across, 4.0) if any(abs(y - u) < 4 for u in ys)]
    return mine if len(mine) >= 0.5 * len(ys) else ys


def _continued(page, before: ProcPage):
    """The previous page's table going on: its column rules at the same places."""
    cols, roles = before.columns
    xs = _unique((e["x0"] for e in table_edges(page) if e["orientation"] == "v"), BORDER)
    ux = cols[roles.index("uraian")]
    found = [any(abs(x - c) < 3 for x in xs) for c in (*(a for a, _ in cols), cols[-1][1])]
    if sum(found) < 0.6 * len(found) or not all(any(abs(x - c) < 3 for x in xs) for c in ux):
        return None
    across = [
        e["top"]
        for e in table_edges(page)
        if e["orientation"] == "h"
        and min(e["x1"], ux[1]) - max(e["x0"], ux[0]) > 0.8 * (ux[1] - ux[0])
    ]
    ys = _unique(across, 4.0)
    if len(ys) < 2:
        return None
    actors = [(a, x0, x1) for a, x0, x1 in before.actors]
    return cols, roles, actors, ys, ys[0], ys[0], []


def _short(text: str) -> bool:
    return 0 < len(text.split()) <= 2 and len(text) <= 16


def _labels(words: list[dict], region: Box, shapes: list) -> list[tuple[str, tuple]]:
    """Words in the drawing outside every symbol, as phrases: the branch labels (Ya, Tidak,
    or a decision's own words such as Teknis / Administratif). A label may run over the last
    actor column's border, never start outside the drawing."""
    free = [
        w
        for w in words
        if region[0] <= w["x0"] <= region[2]
        and region[1] <= cy(w) <= region[3]
        and all(box_distance(s.box, (cx(w), cy(w))) > 0 for s in shapes)
    ]
    out = []
    for line in lines_of(free):
        run = [line[0]]
        for a, b in zip(line, [*line[1:], None], strict=False):
            if b is not None and b["x0"] - a["x1"] < 4:
                run.append(b)
                continue
            text = " ".join(w["text"] for w in run)
            if _short(text):
                box = (run[0]["x0"], min(w["top"] for w in run), run[-1]["x1"], run[0]["bottom"])
                out.append((text, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)))
            if b is not None:
                run = [b]
    return out


def _table(page, words: list[dict]):
    """Columns (with roles and actor names) and row borders of the procedure table, found from
    its header words; None on a page without one."""
    for found in _headers(words):
        table = _table_at(page, words, *found)
        if table is not None:
            return table
    return None


def _table_at(page, words: list[dict], uraian: dict, kel: dict, pel: dict | None):
    edges = table_edges(page)
    yk = (kel["top"] + kel["bottom"]) / 2
    verticals = _crossing(edges, yk)
    if len(verticals) < 5:  # a header without its own column rules: the body's below it
        below = [e["top"] for e in edges if e["orientation"] == "v" and e["top"] > kel["top"]]
        verticals = _crossing(edges, min(below) + 2) if below else []
    xs = _unique((e["x0"] for e in verticals), BORDER)
    cols = [(xs[i], xs[i + 1]) for i in range(len(xs) - 1)]
    ux = next(((a, b) for a, b in cols if a <= uraian["x0"] < b), None)
    if len(xs) < 5 or ux is None:
        return None
    horizontals = [e for e in edges if e["orientation"] == "h"]
    across = [
        e["top"]
        for e in horizontals
        if min(e["x1"], ux[1]) - max(e["x0"], ux[0]) > 0.8 * (ux[1] - ux[0])
    ]
    ys = _unique(across, 4.0)
    header_bottom = next((y for y in ys if y > kel["bottom"]), None)
    if header_bottom is None:
        return None
    # The rule above the header: a sheet whose borders run the page's height has its identity
    # above the procedure in the same columns.
    heads = [
        w["top"]
        for w in words
        if _keys(w) & HEADER and uraian["top"] - 30 < w["top"] <= uraian["top"]
        and ux[0] - 5 <= w["x0"] and _alone(w, words)
    ]  # fmt: skip
    above = [y for y in ys if y < min(heads, default=uraian["top"]) - 0.5]
    table_top = max(above) if above else min(e["top"] for e in verticals)
    split = table_top - 1
    if pel is not None:
        split = min(
            (e["top"] for e in horizontals if pel["bottom"] <= e["top"] <= kel["top"]),
            default=pel["bottom"] + 1,
        )
    full, upper = [], []
    for a, b in cols:
        inside = [w for w in words if a <= cx(w) < b and table_top <= cy(w) < header_bottom]
        full.append(" ".join(ln.text for ln in text_lines(inside)))
        upper.append(text_lines([w for w in inside if w["top"] > split] or inside))
    roles = header_roles(full, [" ".join(ln.text for ln in u) for u in upper])
    _split_number(cols, roles, full, upper, [e for e in edges if e["orientation"] == "v"], ys)
    actors = [
        (_no_number(join([ln.text for ln in upper[i]])), *cols[i])
        for i, r in enumerate(roles)
        if r == "actor"
    ]
    if not actors:
        return None
    ignored = [f for f, r in zip(full, roles, strict=True) if r == "lain" and f.strip()]
    return cols, roles, actors, ys, header_bottom, table_top, ignored


def _crossing(edges: list[dict], y: float) -> list[dict]:
    return [e for e in edges if e["orientation"] == "v" and e["top"] < y < e["bottom"]]


def _split_number(cols, roles, full, upper, verticals, ys) -> None:
    """A header (`Uraian Prosedur`) spanning the No column: the body's own border inside the
    text column splits the number off."""
    if "no" in roles or "uraian" not in roles:
        return
    u = roles.index("uraian")
    a, b = cols[u]
    inner = _unique(
        e["x0"]
        for e in verticals
        if a + BORDER < e["x0"] < min(b - 3, a + 60)
        and e["top"] >= ys[0] - 2
        and e["bottom"] > e["top"]
    )
    if inner:
        cols[u : u + 1] = [(a, inner[0]), (inner[0], b)]
        roles[u : u + 1] = ["no", "uraian"]
        full.insert(u, "No")
        upper.insert(u, [])


BORDER = 7.0  # pt: edges this close are one border (a thick rule has two edges)


def _unique(values, tol: float = 1.5) -> list[float]:
    """Sorted values, each run of values closer than `tol` to the one before as its first."""
    out: list[float] = []
    last = None
    for v in sorted(values):
        if last is None or v - last > tol:
            out.append(v)
        last = v
    return out


def _rows(words, cols, roles, ys) -> list[Row]:
    rows = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        cells: dict[str, list] = {}
        overflow = False
        for (a, b), role in zip(cols, roles, strict=True):
            if role == "actor":
                continue
            inside = [
                w for w in words if a <= cx(w) < b and top <= (w["top"] + w["bottom"]) / 2 < bottom
            ]
            # A flowchart's Ya/Tidak reaching over the border is the drawing's, not the cell's.
            inside = [
                w for w in inside if w["x0"] >= a - 1 or w["text"].lower() not in ("ya", "tidak")
            ]
            overflow |= any(
                w["top"] < top - 1 or w["bottom"] > bottom + 1 or w["x0"] < a - 1 or w["x1"] > b + 1
                for w in inside
            )
            cells[role] = text_lines(inside)
        if not column_numbers([ln.text for lines in cells.values() for ln in lines]):
            rows.append(Row(cells, top, bottom, overflow))
    return rows
