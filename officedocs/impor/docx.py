"""Read a Word sheet with python-docx and lxml: table cells, and the flowchart's DrawingML shapes.

Word keeps no page geometry, so each procedure table is its own frame: columns from the table
grid, rows from their recorded heights (`w:trHeight`), and each shape placed by its anchor cell
plus its offsets. A row without a recorded height is measured from its text, which is a guess,
so the page then carries a note.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from . import vml
from .model import Cell, Line, ProcPage, RawSheet, Row, Segment, Shape, UnreadableSheet
from .shapes import column_numbers, header_roles, is_header_word

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
EMU = 12700.0
KINDS = {
    "flowChartTerminator": "terminator",
    "flowChartAlternateProcess": "terminator",
    "roundRect": "terminator",
    "flowChartProcess": "process",
    "rect": "process",
    "flowChartDecision": "decision",
    "diamond": "decision",
    "flowChartOffpageConnector": "offpage",
    "flowChartConnector": "offpage",
    "ellipse": "offpage",
}
LINES = {"line", "straightConnector1", "bentConnector2", "bentConnector3", "bentConnector4"}


def read_docx(path: Path) -> RawSheet:
    try:
        doc = Document(str(path))  # python-docx opens the package; lxml does the rest
        root = doc.element
        normal = doc.styles["Normal"].font.size
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError):
        raise UnreadableSheet(
            "bukan berkas Word (.docx) yang terbaca; terkunci kata sandi atau rusak?"
        ) from None
    body = root.find(f"{{{W}}}body")
    tables = [] if body is None else body.findall(f"{{{W}}}tbl")
    cells: list[Cell] = []
    pages: list[ProcPage] = []
    types = vml.shape_types(root)
    for tbl in tables:
        page = _procedure(tbl, types, normal.pt if normal else 11.0)
        if page is not None:
            page.title = _title(tbl)
            pages.append(page)
        elif not pages:
            cells += _identity_cells(tbl, 1 + max((c.box[3] for c in cells), default=0))
    if not pages:
        raise UnreadableSheet(
            "bukan lembar SOP: tabel prosedur (Uraian Kegiatan, Pelaksana) tidak ada"
        )
    return RawSheet(cells, pages)


def _title(tbl) -> str:
    """The procedure's title: the nearest non-empty paragraph before its table."""
    prev = tbl.getprevious()
    while prev is not None and prev.tag == f"{{{W}}}p" and not _text(prev).strip():
        prev = prev.getprevious()
    return _text(prev).strip() if prev is not None and prev.tag == f"{{{W}}}p" else ""


def _text(el) -> str:
    """A paragraph's own text, without the text inside shapes anchored in it."""
    out = []
    for node in el.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
        if any(a.tag == f"{{{W}}}txbxContent" for a in node.iterancestors()):
            continue
        out.append(node.text or "" if node.tag.endswith("}t") else " ")
    return "".join(out)


def _cell_lines(tc) -> list[Line]:
    lines = []
    for p in tc.findall(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        numbered = p.find("w:pPr/w:numPr", NS) is not None or (
            style is not None and "list" in style.get(f"{{{W}}}val", "").lower()
        )
        for part in _paragraph_lines(p):
            lines.append(Line(part, numbered))
            numbered = False
    return lines


def _paragraph_lines(p) -> list[str]:
    """A paragraph split at its manual line breaks (Shift+Enter)."""
    parts = [""]
    for node in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
        if any(a.tag == f"{{{W}}}txbxContent" for a in node.iterancestors()):
            continue
        if node.tag.endswith("}br"):
            parts.append("")
        else:
            parts[-1] += node.text or "" if node.tag.endswith("}t") else " "
    return parts


def _identity_cells(tbl, top: float) -> list[Cell]:
    """The table's cells placed on its grid: columns as x, rows as y, tables stacked."""
    out = []
    for r, tr in enumerate(tbl.findall("w:tr", NS)):
        for g, span, tc in _row_cells(tr):
            out.append(Cell(_cell_lines(tc), (g, top + r, g + span, top + r + 1)))
    return out


def _grid(tbl) -> list[float]:
    return [int(g.get(f"{{{W}}}w", "0")) / 20 for g in tbl.findall("w:tblGrid/w:gridCol", NS)]


def _row_cells(tr) -> list[tuple[int, int, object]]:
    """(first grid column, span, tc) of each cell in a row."""
    out, g = [], 0
    before = tr.find("w:trPr/w:gridBefore", NS)
    if before is not None:
        g = int(before.get(f"{{{W}}}val", "0"))
    for tc in tr.findall("w:tc", NS):
        span_el = tc.find("w:tcPr/w:gridSpan", NS)
        span = int(span_el.get(f"{{{W}}}val")) if span_el is not None else 1
        out.append((g, span, tc))
        g += span
    return out


def _procedure(tbl, types: dict[str, int], size: float) -> ProcPage | None:
    trs = tbl.findall("w:tr", NS)
    head_rows = []
    for tr in trs[:3]:
        texts = [" ".join(ln.text for ln in _cell_lines(tc)) for _, _, tc in _row_cells(tr)]
        if sum(is_header_word(t) for t in texts) >= 2:
            head_rows.append(tr)
    if not head_rows:
        return None
    grid = _grid(tbl)
    xs = [sum(grid[:i]) for i in range(len(grid) + 1)]
    last = _row_cells(head_rows[-1])
    full, lower = [], []
    for g, _span, tc in last:
        above = [
            " ".join(ln.text for ln in _cell_lines(c))
            for tr in head_rows[:-1]
            for g2, s2, c in _row_cells(tr)
            if g2 <= g < g2 + s2
        ]
        own = " ".join(ln.text for ln in _cell_lines(tc))
        full.append(" ".join([*above, own]).strip())
        lower.append(own)
    roles = header_roles(full, lower)
    if "uraian" not in roles or "actor" not in roles:
        return None
    columns = [(g, g + span, role) for (g, span, _), role in zip(last, roles, strict=True)]
    actors = [
        (" ".join(lower[i].split()), xs[g0], xs[g1])
        for i, (g0, g1, role) in enumerate(columns)
        if role == "actor"
    ]
    page = ProcPage(actors, [])
    page.ignored = [f for f, r in zip(full, roles, strict=True) if r == "lain" and f.strip()]
    pad = _left_margin(tbl)
    y = 0.0
    for tr in trs:
        h = _height(tr)
        if tr not in head_rows and not column_numbers(_texts(tr)):
            cells: dict[str, list[Line]] = {}
            for g, _, tc in _row_cells(tr):
                role = next((r for g0, g1, r in columns if g0 <= g < g1), "lain")
                if role != "actor":
                    cells.setdefault(role, []).extend(_cell_lines(tc))
            page.rows.append(Row(cells, y, y + h, _overflows(tr, xs, h, size)))
        for g, _, tc in _row_cells(tr):
            _drawings(tc, xs[g] + pad, y, page)
            vml.read(tc, xs[g] + pad, y, page, types)
        y += h
    # A flowchart pasted as a picture: the rows are read, their actors and flow are not.
    page.raster = not page.shapes and tbl.find(".//pic:pic", {"pic": PIC}) is not None
    return page


def _texts(tr) -> list[str]:
    return [" ".join(ln.text for ln in _cell_lines(tc)) for _, _, tc in _row_cells(tr)]


def _left_margin(tbl) -> float:
    """The cells' left padding: a shape's column offset counts from the cell's text."""
    mar = tbl.find("w:tblPr/w:tblCellMar", NS)
    side = None if mar is None else mar.find("w:left", NS)
    if side is None and mar is not None:
        side = mar.find("w:start", NS)
    return int(side.get(f"{{{W}}}w", "108")) / 20 if side is not None else 108 / 20


def _overflows(tr, xs: list[float], height: float, size: float) -> bool:
    """Whether a row of fixed height holds more text than fits: Word then hides the rest. An
    estimate (half the font size per character, the usual width for Arial-like type), so it
    can only cost an extra PERIKSA, never a silent loss."""
    rule = tr.find("w:trPr/w:trHeight", NS)
    if rule is None or rule.get(f"{{{W}}}hRule") != "exact":
        return False
    for g, span, tc in _row_cells(tr):
        width = max(xs[min(g + span, len(xs) - 1)] - xs[g] - 10.8, 10.0)
        needed = 0.0
        for p in tc.findall("w:p", NS):
            sz = p.find(".//w:rPr/w:sz", NS)
            pt = int(sz.get(f"{{{W}}}val")) / 2 if sz is not None else size
            for part in _paragraph_lines(p):
                needed += max(1, -(-len(part) * pt * 0.5 // width)) * pt * 1.15
        if needed > height + 2:
            return True
    return False


def _height(tr) -> float:
    h = tr.find("w:trPr/w:trHeight", NS)
    if h is not None and h.get(f"{{{W}}}val"):
        return int(h.get(f"{{{W}}}val")) / 20
    lines = max((len(_cell_lines(tc)) for tc in tr.findall("w:tc", NS)), default=1)
    return 4 + 11 * max(lines, 1)  # a guess: the flow it gives is then checked by the notes


def _drawings(tc, x0: float, y0: float, page: ProcPage) -> None:
    for anchor in tc.iter(f"{{{NS['wp']}}}anchor"):
        if any(a.tag == f"{{{NS['mc']}}}Fallback" for a in anchor.iterancestors()):
            continue
        ox = _offset(anchor, "wp:positionH")
        oy = _offset(anchor, "wp:positionV")
        ext = anchor.find("wp:extent", NS)
        w = int(ext.get("cx", "0")) / EMU if ext is not None else 0.0
        h = int(ext.get("cy", "0")) / EMU if ext is not None else 0.0
        frame = (x0 + ox, y0 + oy, w, h)
        for wsp in anchor.iter(f"{{{NS['wps']}}}wsp"):
            _shape(wsp, _place(wsp, anchor, frame), page)


def _offset(anchor, which: str) -> float:
    off = anchor.find(f"{which}/wp:posOffset", NS)
    return int(off.text) / EMU if off is not None and off.text else 0.0


def _place(wsp, anchor, frame) -> tuple[float, float, float, float]:
    """The shape's box on the page frame; a shape inside a group is mapped through the group's
    child coordinate space."""
    x, y, w, h = frame
    group = wsp.getparent()
    if group.tag != f"{{{NS['wpg']}}}wgp":
        return frame
    gx = group.find("wpg:grpSpPr/a:xfrm", NS)
    cx = wsp.find("wps:spPr/a:xfrm", NS)
    if gx is None or cx is None:
        return frame
    ch_off, ch_ext = gx.find("a:chOff", NS), gx.find("a:chExt", NS)
    sx = w / max(int(ch_ext.get("cx")), 1) if ch_ext is not None else 1 / EMU
    sy = h / max(int(ch_ext.get("cy")), 1) if ch_ext is not None else 1 / EMU
    ox = int(ch_off.get("x")) if ch_off is not None else 0
    oy = int(ch_off.get("y")) if ch_off is not None else 0
    off, ext = cx.find("a:off", NS), cx.find("a:ext", NS)
    return (
        x + (int(off.get("x")) - ox) * sx,
        y + (int(off.get("y")) - oy) * sy,
        int(ext.get("cx")) * sx,
        int(ext.get("cy")) * sy,
    )


def _shape(wsp, box4, page: ProcPage) -> None:
    x, y, w, h = box4
    geom = wsp.find("wps:spPr/a:prstGeom", NS)
    prst = geom.get("prst") if geom is not None else "custom"
    text = " ".join(
        "".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in wsp.iter(f"{{{W}}}p")
    )
    text = " ".join(text.split())
    ln = wsp.find("wps:spPr/a:ln", NS)
    outline = ln is None or ln.find("a:noFill", NS) is None
    if prst in LINES or wsp.find("wps:cNvCnPr", NS) is not None:
        page.segments.extend(_line(wsp, prst, x, y, w, h, ln))
    elif not outline and text:
        page.labels.append((text, (x + w / 2, y + h / 2)))
    else:
        page.shapes.append(Shape(KINDS.get(prst, "unknown"), (x, y, x + w, y + h), text))


def _line(wsp, prst: str, x, y, w, h, ln) -> list[Segment]:
    xfrm = wsp.find("wps:spPr/a:xfrm", NS)
    fh = xfrm is not None and xfrm.get("flipH") in ("1", "true")
    fv = xfrm is not None and xfrm.get("flipV") in ("1", "true")
    pts = [(0.0, 0.0), (1.0, 1.0)]
    if prst == "bentConnector2":
        pts = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]
    elif prst in ("bentConnector3", "bentConnector4"):
        adj = wsp.find("wps:spPr/a:prstGeom/a:avLst/a:gd", NS)
        k = int(adj.get("fmla", "val 50000").split()[-1]) / 100000 if adj is not None else 0.5
        pts = [(0.0, 0.0), (k, 0.0), (k, 1.0), (1.0, 1.0)]
    points = [(x + w * ((1 - u) if fh else u), y + h * ((1 - v) if fv else v)) for u, v in pts]

    def arrow(tag: str) -> bool:
        end = ln.find(f"a:{tag}", NS) if ln is not None else None
        return end is not None and end.get("type", "none") != "none"

    segs = [Segment(p, q) for p, q in zip(points, points[1:], strict=False)]
    segs[0].head_a = arrow("headEnd")
    segs[-1].head_b = arrow("tailEnd")
    return segs
