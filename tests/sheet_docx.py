"""Foreign SOP sheets made the way offices make them: a Word file whose flowchart is DrawingML
shapes anchored in the table cells, joined by straight connectors with arrowheads.

`write_sheet` draws any SOP of the content model (ids already turned into step numbers by
`numbered`). Flows between pages are only drawn for the step-to-next-step case, through a pair
of off-page connectors, which is all the tests need.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import parse_xml
from docx.shared import Pt

BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
EMU = 12700  # per point
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
ROW_H = 54.0  # pt, exact: the drawing is placed on these heights
SYM_W, SYM_H, SYM_TOP = 56.0, 22.0, 17.0
WIDTHS = {"no": 24, "uraian": 160, "kelengkapan": 90, "waktu": 44, "output": 90, "keterangan": 50}
_ids = itertools.count(1)


def tanggal(value: object) -> str:
    if not value:
        return "-"
    d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{d.day:02d} {BULAN.split()[d.month - 1]} {d.year}"


def numbered(sop: dict) -> dict:
    """The SOP with step labels in keputusan/lanjut replaced by step numbers."""
    index = {s["id"]: i + 1 for i, s in enumerate(sop["kegiatan"]) if s.get("id")}
    out = dict(sop, kegiatan=[])
    for s in sop["kegiatan"]:
        s = {k: v for k, v in s.items() if k != "id"}
        if "keputusan" in s:
            s["keputusan"] = {k: index.get(v, v) for k, v in s["keputusan"].items()}
        if "lanjut" in s:
            s["lanjut"] = index.get(s["lanjut"], s["lanjut"])
        out["kegiatan"].append(s)
    return out


def write_sheet(
    path: Path,
    sop: dict,
    regulations: dict,
    signer: dict,
    *,
    per_page: int = 9,
    typed_numbers: bool = False,
    without_symbol: frozenset[int] = frozenset(),
    vml: bool = False,
    jabatan: str = "CAMAT HALONG",
    dates: dict[str, str] | None = None,
    actor_names: list[str] | None = None,
    extra=None,
    labels_above: bool = False,
    actor_width: float = 90,
) -> Path:
    """Write `sop` as an office's Word sheet. The keyword arguments spoil it the way real
    sheets are spoilt: `without_symbol` steps have no symbol, `dates` prints other date texts,
    `actor_names` other column headers, `extra(placer)` draws more on the first page;
    `labels_above` prints the six blocks as the office's own sheets do (the seed): two labels
    to a row, each block's contents in the cell below its label."""
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = Pt(842), Pt(595)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Pt(30))
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Liberation Sans", Pt(8)
    style.paragraph_format.space_after = Pt(0)
    _identity(doc, sop, regulations, signer, typed_numbers, jabatan, dates or {})
    _blocks(doc, sop, regulations, typed_numbers, labels_above)
    steps = sop["kegiatan"]
    pages = [list(range(i, min(i + per_page, len(steps)))) for i in range(0, len(steps), per_page)]
    for n, rows in enumerate(pages):
        doc.add_page_break()
        doc.add_paragraph(sop["nama"]).runs[0].bold = True
        t, put = _procedure(doc, sop, rows, n, len(pages), (without_symbol, vml, actor_width))
        if actor_names:
            for i, name in enumerate(actor_names):
                t.cell(1, 2 + i).text = name
        if extra and n == 0:
            extra(put)
    doc.save(path)
    return path


def _identity(doc, sop, regulations, signer, typed, jabatan, dates) -> None:
    t = doc.add_table(rows=6, cols=3)
    t.style = "Table Grid"
    head = t.cell(0, 0).merge(t.cell(5, 0))
    head.text = "PEMERINTAH KABUPATEN BALANGAN\nKECAMATAN HALONG"
    rows = [
        ("Nomor SOP", sop["nomor"]),
        ("Tanggal Pembuatan", dates.get("pembuatan") or tanggal(sop.get("tanggal_pembuatan"))),
        ("Tanggal Revisi", dates.get("revisi") or tanggal(sop.get("tanggal_revisi"))),
        ("Tanggal Pengesahan/Efektif", dates.get("efektif") or tanggal(sop.get("tanggal_efektif"))),
        ("Disahkan Oleh", None),
        ("Nama SOP", sop["nama"]),
    ]
    for i, (label, value) in enumerate(rows):
        t.cell(i, 1).text = label
        cell = t.cell(i, 2)
        if value is None:
            cell.text = jabatan
            for line in ("", "", signer["nama"], f"NIP. {signer['nip']}"):
                cell.add_paragraph(line)
        else:
            cell.text = f": {value}"


def _blocks(doc, sop, regulations, typed: bool, labels_above: bool) -> None:
    cites = [
        "{jenis} Nomor {nomor} Tahun {tahun} tentang {tentang};".format(**regulations[r])
        for r in sop["dasar_hukum"]
    ]
    ket = [k if isinstance(k, str) else f"SOP {k['sop']}" for k in sop["keterkaitan"]]
    per = sop["peringatan"] if isinstance(sop["peringatan"], list) else [sop["peringatan"]]
    blocks = [
        ("DASAR HUKUM :", cites),
        ("KUALIFIKASI PELAKSANA :", sop["kualifikasi_pelaksana"]),
        ("KETERKAITAN :", ket),
        ("PERALATAN / PERLENGKAPAN :", sop["peralatan"]),
        ("PERINGATAN :", per),
        ("PENCATATAN DAN PENDATAAN :", sop["pencatatan"]),
    ]
    g = doc.add_table(rows=6 if labels_above else 3, cols=2)
    g.style = "Table Grid"
    for i, (title, entries) in enumerate(blocks):
        if labels_above:
            g.cell(i // 2 * 2, i % 2).text = title
            cell = g.cell(i // 2 * 2 + 1, i % 2)
            cell._tc.remove(cell.paragraphs[0]._p)  # the entries' own paragraphs only
        else:
            cell = g.cell(i // 2, i % 2)
            cell.text = title
        for k, entry in enumerate(entries or ["-"]):
            if typed:
                cell.add_paragraph(f"{k + 1}. {entry}")
            else:
                cell.add_paragraph(entry, style="List Number")


def _procedure(doc, sop, rows: list[int], page: int, pages: int, how) -> tuple:
    actors = sop["pelaksana"]
    roles = [
        "no",
        "uraian",
        *(["actor"] * len(actors)),
        "kelengkapan",
        "waktu",
        "output",
        "keterangan",
    ]
    widths = [WIDTHS.get(r, how[2]) for r in roles]
    t = doc.add_table(rows=3 + len(rows), cols=len(roles))
    t.style = "Table Grid"
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Pt(w)  # the grid, which LibreOffice follows
        for cell in t.columns[i].cells:
            cell.width = Pt(w)
    a0, a1 = 2, 2 + len(actors)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "No"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Uraian Kegiatan"
    t.cell(0, a0).merge(t.cell(0, a1 - 1)).text = "Pelaksana"
    t.cell(0, a1).merge(t.cell(0, a1 + 2)).text = "Mutu Baku"
    t.cell(0, a1 + 3).merge(t.cell(1, a1 + 3)).text = "Keterangan"
    for i, name in enumerate(actors):
        t.cell(1, a0 + i).text = name
    for i, label in enumerate(("Kelengkapan", "Waktu", "Output")):
        t.cell(1, a1 + i).text = label
    for r, h in ((0, 16), (1, 30)):
        t.rows[r].height, t.rows[r].height_rule = Pt(h), WD_ROW_HEIGHT_RULE.EXACTLY
    steps = sop["kegiatan"]
    for k, i in enumerate(rows):
        row = t.rows[2 + k]
        row.height, row.height_rule = Pt(ROW_H), WD_ROW_HEIGHT_RULE.EXACTLY
        s = steps[i]
        values = [str(i + 1), s["uraian"], *[""] * len(actors)]
        values += [
            s.get("kelengkapan", ""),
            s.get("waktu", ""),
            s.get("output", ""),
            s.get("keterangan", ""),
        ]
        for c, v in enumerate(values):
            if v:
                t.cell(2 + k, c).text = str(v)
    last = t.rows[-1]
    last.cells[0].merge(last.cells[a1]).text = "Jumlah Waktu" if page == pages - 1 else ""
    put = _flowchart(t, sop, rows, widths[a0:a1], how, first=page == 0)
    return t, put


def _actors(step: dict) -> list[str]:
    p = step["pelaksana"]
    return [p] if isinstance(p, str) else list(p)


def _flowchart(t, sop, rows, widths, how, *, first: bool):
    """Symbols, arrows and labels for the rows of one page. Coordinates: points from the top
    left of the first actor column of the first step row; each shape is anchored in the cell
    its top left corner falls in."""
    actors = sop["pelaksana"]
    steps = sop["kegiatan"]
    xs = [sum(widths[:i]) for i in range(len(widths) + 1)]
    without, vml, _ = how
    if vml:
        from sheet_vml import VmlPlacer as placer
    else:
        placer = _Placer
    put = placer(t, rows, xs)
    n = len(steps)
    boxes: dict[int, list[tuple[float, float, float, float]]] = {}
    for k, i in enumerate(rows):
        cols = [actors.index(a) for a in _actors(steps[i])]
        top = k * ROW_H + SYM_TOP
        kind = "flowChartProcess"
        if i in (0, n - 1) or steps[i].get("mulai") or steps[i].get("selesai"):
            kind = "flowChartTerminator"
        if "keputusan" in steps[i]:
            kind = "flowChartDecision"
        boxes[i] = []
        for c in cols:
            x = xs[c] + (widths[c] - SYM_W) / 2
            boxes[i].append((x, top, x + SYM_W, top + SYM_H))
            if i + 1 not in without:
                put.shape(kind, x, top, SYM_W, SYM_H)
        if len(cols) > 1 and i + 1 not in without:
            a, b = boxes[i][0], boxes[i][-1]
            put.line([(a[2], a[1] + SYM_H / 2), (b[0], b[1] + SYM_H / 2)], arrow=False)
    lanes = itertools.count()
    for i in rows:
        s = steps[i]
        src = boxes[i][0]
        dec = s.get("keputusan")
        nxt = (dec or {}).get("ya") or s.get("lanjut") or i + 2
        if i == n - 1 or s.get("selesai"):
            continue
        if dec and set(dec) - {"ya", "tidak"}:
            _named(put, src, dec, boxes, xs, lanes, i)
            continue
        if nxt - 1 in boxes and nxt == i + 2:
            _down(put, src, boxes[nxt - 1][0], label="Ya" if dec else None)
        elif nxt == i + 2:  # the next step is on the next page: an off-page connector pair
            cx = (src[0] + src[2]) / 2
            put.line([(cx, src[3]), (cx, src[3] + 3)])
            put.shape("flowChartOffpageConnector", cx - 8, src[3] + 3, 16, 11, text="A")
        else:
            _side(put, src, boxes[nxt - 1][0], xs, next(lanes), "Ya" if dec else None)
        if dec:
            _side(put, src, boxes[dec["tidak"] - 1][0], xs, next(lanes), "Tidak")
    if not first:
        b = boxes[rows[0]][0]
        cx = (b[0] + b[2]) / 2
        put.shape("flowChartOffpageConnector", cx - 8, 2, 16, 11, text="A")
        put.line([(cx, 13), (cx, b[1])])
    return put


def _down(put, a, b, label) -> None:
    ax, bx = (a[0] + a[2]) / 2, (b[0] + b[2]) / 2
    if abs(ax - bx) < 1:
        put.line([(ax, a[3]), (bx, b[1])])
    else:
        mid = b[1] - 8
        put.line([(ax, a[3]), (ax, mid), (bx, mid), (bx, b[1])])
    if label:
        put.label(label, ax + 2, a[3] + 1)


def _named(put, src, dec: dict, boxes, xs, lanes, i: int) -> None:
    """A decision with its own branch words: the branch to the next step straight down, each
    other one out of the diamond's right side at its own height, with its word above it."""
    side = 0
    for label, target in dec.items():
        word = label.capitalize() if label in ("ya", "tidak") else label
        if target == i + 2 and target - 1 in boxes:
            _down(put, src, boxes[target - 1][0], label=word)
        else:
            _side(put, src, boxes[target - 1][0], xs, next(lanes), word, dy=-6 + 8 * side)
            side += 1


def _side(put, a, b, xs, lane: int, label: str | None, dy: float = 0) -> None:
    """Leave a's right corner, run down or up a lane at the right of a's column, enter b from
    the side that faces the lane."""
    col = max(i for i, x in enumerate(xs) if x <= a[0])
    lx = xs[col + 1] - 8 - 3 * (lane % 3)
    ay, by = (a[1] + a[3]) / 2 + dy, (b[1] + b[3]) / 2 + 4 * (lane % 2)
    bx = b[2] if lx > b[2] else b[0]
    put.line([(a[2], ay), (lx, ay), (lx, by), (bx, by)])
    if label:
        put.label(label, a[2] + 1, ay - 9 if dy <= 0 else ay + 1)


class _Placer:
    def __init__(self, table, rows: list[int], xs: list[float]):
        self.t, self.rows, self.xs = table, rows, xs

    def _cell(self, x: float, y: float):
        r = min(max(int(y // ROW_H), 0), len(self.rows) - 1)
        c = min(max(i for i, v in enumerate(self.xs[:-1]) if v <= x + 0.01), len(self.xs) - 2)
        return self.t.cell(2 + r, 2 + c), x - self.xs[c], y - r * ROW_H

    def shape(self, prst: str, x, y, w, h, text: str = "", line: bool = True) -> None:
        cell, ox, oy = self._cell(x, y)
        fill = '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>' if line else "<a:noFill/>"
        ln = '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
        body = (
            f'<wps:cNvSpPr/><wps:spPr>{_xfrm(w, h)}<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom>'
            f"{fill}{ln if line else '<a:ln><a:noFill/></a:ln>'}</wps:spPr>"
        )
        if text:
            body += (
                '<wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
                f'<w:sz w:val="14"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
            )
        body += '<wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"/>'
        _anchor(cell, ox, oy, w, h, body)

    def label(self, text: str, x: float, y: float) -> None:
        self.shape("rect", x, y, max(24, 4.2 * len(text)), 10, text=text, line=False)

    def line(self, pts: list[tuple[float, float]], arrow: bool = True) -> None:
        for n, (p, q) in enumerate(zip(pts, pts[1:], strict=False)):
            x, y = min(p[0], q[0]), min(p[1], q[1])
            w, h = abs(q[0] - p[0]), abs(q[1] - p[1])
            flip = (' flipH="1"' if q[0] < p[0] else "") + (' flipV="1"' if q[1] < p[1] else "")
            tail = '<a:tailEnd type="triangle"/>' if arrow and n == len(pts) - 2 else ""
            body = (
                f"<wps:cNvCnPr/><wps:spPr>{_xfrm(w, h, flip)}"
                '<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
                f'<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>{tail}</a:ln>'
                "</wps:spPr><wps:bodyPr/>"
            )
            cell, ox, oy = self._cell(x, y)
            _anchor(cell, ox, oy, w, h, body)


def _xfrm(w: float, h: float, flip: str = "") -> str:
    return f'<a:xfrm{flip}><a:off x="0" y="0"/><a:ext cx="{int(w * EMU)}" cy="{int(h * EMU)}"/></a:xfrm>'


def _anchor(cell, x: float, y: float, w: float, h: float, body: str) -> None:
    n = next(_ids)
    xml = (
        f'<w:r {NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        f'simplePos="0" relativeHeight="{n}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{int(x * EMU)}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{int(y * EMU)}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{int(w * EMU)}" cy="{int(h * EMU)}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{n}" name="Shape {n}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp>{body}</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    cell.paragraphs[0]._p.append(parse_xml(xml))
