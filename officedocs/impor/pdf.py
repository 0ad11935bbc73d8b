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

from .model import Box, Cell, ProcPage, RawSheet, Row, Segment, Shape, UnreadableSheet, box_distance
from .pdfcells import cx, cy, identity_cells, text_lines
from .shapes import classify, column_numbers, header_roles
from .text import join

ARROWHEAD_MAX = 10.0  # pt: a filled path smaller than this is an arrowhead
MIN_SYMBOL = 8.0


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
            proc = _procedure(page, words)
            if not procs and (proc is None or not cells):
                bottom = proc.top if proc is not None else page.height
                for c in identity_cells(page, words, bottom):
                    c.box = (c.box[0], c.box[1] + offset, c.box[2], c.box[3] + offset)
                    cells.append(c)
                offset += page.height
            if proc is not None:
                procs.append(proc)
    if not procs:
        raise UnreadableSheet(
            "bukan lembar SOP: tabel prosedur (Uraian Kegiatan, Pelaksana) tidak ada"
        )
    return RawSheet(cells, procs)


def _printed(obj: dict) -> bool:
    """Leave out a watermark (DRAF, SALINAN): huge or turned letters are not the sheet's text."""
    if obj.get("object_type") != "char":
        return True
    return obj.get("size", 0) < 30 and obj.get("upright", True)


def _key(w: dict) -> str:
    return re.sub(r"[^a-z]", "", w["text"].lower())


URAIAN = {"uraian", "kegiatan", "aktivitas", "prosedur"}
KELENGKAPAN = {"kelengkapan", "persyaratan", "input", "sumber"}


def _header(words: list[dict]) -> tuple[dict, dict, dict | None] | None:
    """The header words of the procedure table: its text column's (Uraian Kegiatan, Kegiatan,
    Uraian Prosedur, Aktivitas), its Kelengkapan column's (or Persyaratan, Sumber Data, Input),
    and Pelaksana above the actors when printed. Found as a row holding a text column's word,
    a Kelengkapan word and Waktu, so that the same words in the identity's text do not count."""
    near = 30.0
    for kel in (w for w in words if _key(w) in KELENGKAPAN):
        row = [w for w in words if abs(cy(w) - cy(kel)) < near]
        waktu = any(_key(w) == "waktu" and w["x0"] > kel["x0"] for w in row)
        uraian = [w for w in row if _key(w) in URAIAN and w["x1"] < kel["x0"]]
        if waktu and uraian:
            pel = [
                w for w in words
                if _key(w) == "pelaksana" and uraian[0]["x1"] < w["x0"] < kel["x0"]
                and kel["top"] - 45 < w["top"] < kel["top"]
            ]  # fmt: skip
            return uraian[0], kel, pel[0] if pel else None
    return None


def _procedure(page, words: list[dict]) -> ProcPage | None:
    table = _table(page, words)
    if table is None:
        return None
    cols, roles, actors, ys, header_bottom, table_top, ignored = table
    rows = _rows(words, cols, roles, [y for y in ys if y >= header_bottom - 0.5])
    region: Box = (actors[0][1], header_bottom, actors[-1][2], ys[-1])
    shapes, segments, heads = _drawing(page, region, [c[0] for c in cols] + [cols[-1][1]], ys)
    _mark_heads(segments, heads)
    labels = [
        (w["text"], (cx(w), (w["top"] + w["bottom"]) / 2))
        for w in words
        # a label may run over the last actor column's border, never start outside the drawing
        if w["text"].lower() in ("ya", "tidak") and region[0] <= w["x0"] <= region[2]
    ]
    for s in shapes:
        s.text = " ".join(
            w["text"]
            for w in words
            if box_distance(s.box, (cx(w), (w["top"] + w["bottom"]) / 2)) == 0
        )
    title = " ".join(w["text"] for w in words if table_top - 40 < w["bottom"] < table_top)
    return ProcPage(actors, rows, shapes, segments, labels, title, ignored, table_top)


def _table(page, words: list[dict]):
    """Columns (with roles and actor names) and row borders of the procedure table, found from
    its header words; None on a page without one."""
    found = _header(words)
    if found is None:
        return None
    uraian, kel, pel = found
    edges = page.edges
    yk = (kel["top"] + kel["bottom"]) / 2
    verticals = [e for e in edges if e["orientation"] == "v" and e["top"] < yk < e["bottom"]]
    xs = _unique(e["x0"] for e in verticals)
    cols = [(xs[i], xs[i + 1]) for i in range(len(xs) - 1)]
    ux = next(((a, b) for a, b in cols if a <= uraian["x0"] < b), None)
    if len(xs) < 5 or ux is None:
        return None
    horizontals = [e for e in edges if e["orientation"] == "h"]
    ys = _unique(
        e["top"]
        for e in horizontals
        if min(e["x1"], ux[1]) - max(e["x0"], ux[0]) > 0.8 * (ux[1] - ux[0])
    )
    header_bottom = next((y for y in ys if y > kel["bottom"]), None)
    if header_bottom is None:
        return None
    table_top = min(e["top"] for e in verticals)
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
    actors = [
        (join([ln.text for ln in upper[i]]), *cols[i]) for i, r in enumerate(roles) if r == "actor"
    ]
    if not actors:
        return None
    ignored = [f for f, r in zip(full, roles, strict=True) if r == "lain" and f.strip()]
    return cols, roles, actors, ys, header_bottom, table_top, ignored


def _unique(values, tol: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
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


def _drawing(page, region: Box, xs, ys):
    def inside(x: float, y: float) -> bool:
        return region[0] - 2 <= x <= region[2] + 2 and region[1] - 2 <= y <= region[3] + 2

    shapes: list[Shape] = []
    segments: list[Segment] = []
    heads: list[tuple[Box, list]] = []
    for r in page.rects:
        box = (r["x0"], r["top"], r["x1"], r["bottom"])
        w, h = box[2] - box[0], box[3] - box[1]
        if not inside((box[0] + box[2]) / 2, (box[1] + box[3]) / 2):
            continue
        if r.get("stroke") and w >= MIN_SYMBOL and h >= MIN_SYMBOL and w < region[2] - region[0]:
            shapes.append(Shape("process", box))
        elif r.get("fill") and w < ARROWHEAD_MAX and h < ARROWHEAD_MAX:
            heads.append((box, [(box[0], box[1]), (box[2], box[3])]))
    for c in page.curves:
        box = (c["x0"], c["top"], c["x1"], c["bottom"])
        w, h = box[2] - box[0], box[3] - box[1]
        pts = [(float(x), float(y)) for x, y in c["pts"]]
        if not pts or not inside((box[0] + box[2]) / 2, (box[1] + box[3]) / 2):
            continue
        closed = box_distance((*pts[0], *pts[0]), pts[-1]) < 0.5
        if c.get("fill") and w < ARROWHEAD_MAX and h < ARROWHEAD_MAX:
            heads.append((box, pts))
        elif c.get("stroke") and (closed or c.get("fill")) and w >= MIN_SYMBOL and h >= MIN_SYMBOL:
            shapes.append(Shape(classify(pts, box), box))
        elif c.get("stroke"):
            segments += [Segment(p, q) for p, q in zip(pts, pts[1:], strict=False) if p != q]
    for ln in page.lines:
        p, q = ln["pts"][0], ln["pts"][-1]
        p, q = (float(p[0]), float(p[1])), (float(q[0]), float(q[1]))
        if inside(*p) and inside(*q) and not _border(p, q, xs, ys):
            segments.append(Segment(p, q))
    return shapes, segments, heads


def _border(p, q, xs, ys) -> bool:
    # The table's own lines sit exactly on the borders found from them; a flowchart line may
    # run close beside one.
    if abs(p[0] - q[0]) < 0.5:
        return any(abs(p[0] - x) < 0.6 for x in xs)
    if abs(p[1] - q[1]) < 0.5:
        return any(abs(p[1] - y) < 0.6 for y in ys)
    return False


def _mark_heads(segments: list[Segment], heads: list[tuple[Box, list]]) -> None:
    """An end at a small filled triangle is an arrowhead; the end moves to the triangle's tip,
    since LibreOffice stops the line at the triangle's base. An arrowhead with no line at it
    (an arrow shorter than its head) is an arrow of its own, from its base to its tip."""
    for s in segments:
        at_a = [h for h in heads if box_distance(h[0], s.a) <= 1.0]
        at_b = [h for h in heads if box_distance(h[0], s.b) <= 1.0]
        if at_b and not at_a:
            s.head_b, s.b = True, _tip(at_b[0][1])[0]
        elif at_a and not at_b:
            s.head_a, s.a = True, _tip(at_a[0][1])[0]
    for box, pts in heads:
        if not any(box_distance(box, p) <= 1.0 for s in segments for p in (s.a, s.b)):
            tip, base = _tip(pts)
            segments.append(Segment(base, tip, head_b=True))


def _tip(pts: list) -> tuple[tuple[float, float], tuple[float, float]]:
    """The tip of an arrowhead triangle (the corner opposite its shortest side) and the middle
    of its base."""
    corners = []
    for p in pts:
        if not any(abs(p[0] - q[0]) < 0.05 and abs(p[1] - q[1]) < 0.05 for q in corners):
            corners.append(p)
    if len(corners) != 3:
        c = (
            (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2,
            (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2,
        )
        return c, c

    def side(i: int) -> float:
        p, q = corners[(i + 1) % 3], corners[(i + 2) % 3]
        return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2

    k = min(range(3), key=side)
    p, q = corners[(k + 1) % 3], corners[(k + 2) % 3]
    return corners[k], ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
