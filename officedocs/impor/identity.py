"""The identity page: label : value rows and the six blocks, paired by where they stand.

Labels are found by what they say, in the spellings real sheets use (`NOMOR SOP AP`,
`TGL. EFEKTIF`, `Tanggal Pengesahan`, `Kualifikasi Pelaksanaan`, with or without `:`). A block's
content is what stands in its column below it, down to the next row of block labels: sheets
print the six blocks two (or three) to a row, with their contents in the label's own cell or in
the row below. A label : value field takes the rest of its line and the cells after it, up to
the next label.
"""

from __future__ import annotations

import re

from .model import Cell, Line
from .text import join

_TGL = r"(?:tanggal|tgl)\.?"
LABELS = [  # (key, pattern of the label's words); the first that matches wins
    ("nomor", r"(?:nomor|no)\.?\s*sop(?:\s+ap)?"),
    ("tanggal_pembuatan", _TGL + r"\s*pembuatan"),
    ("tanggal_revisi", _TGL + r"\s*revisi"),
    ("tanggal_efektif", _TGL + r"\s*(?:pengesahan\s*/\s*efektif|pengesahan|efektif|berlaku)"),
    ("disahkan", r"(?:disahkan|ditetapkan)\s+oleh|mengesahkan"),
    ("nama", r"(?:nama|judul)\s*sop"),
    ("dasar_hukum", r"dasar\s+hukum"),
    ("kualifikasi_pelaksana", r"kualifikasi\s+pelaksana(?:an)?"),
    ("keterkaitan", r"keterkaitan(?:\s+dengan\s+sop\s+lain)?"),
    ("peralatan", r"peralatan\s*/?\s*(?:perlengkapan)?|perlengkapan"),
    ("peringatan", r"peringatan"),
    ("pencatatan", r"pencatatan\s*(?:dan|&)?\s*(?:pendataan)?|pendataan"),
]
BLOCKS = {"dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan", "peringatan"}
BLOCKS |= {"pencatatan"}
_PATTERNS = [(k, re.compile(r"^\s*(?:" + p + r")(?![a-z])\s*(:?)\s*", re.I)) for k, p in LABELS]
SPANNING = "_membentang"  # the blocks given a cell that runs under the next label as well
ROW_TOLERANCE = 3.0  # pt (or a third of a Word row): labels this close in height share a row


def label(cell: Cell) -> tuple[str, list[Line]] | None:
    """(key, the rest of the cell) when the cell starts with a label. A label word that goes on
    as a sentence (`Peringatan diberikan ...`) is text, not a label: a label stands alone on its
    line, or is followed by `:`, or (Disahkan oleh) by the signer's title."""
    lines = [ln for ln in cell.lines if ln.text.strip()]
    if not lines:
        return None
    found = _label(lines)
    if found is None and len(lines) > 1:  # a label wrapped in a narrow cell: `Tanggal / Pembuatan`
        joined = Line(f"{lines[0].text.strip()} {lines[1].text.strip()}", lines[0].numbered)
        found = _label([joined, *lines[2:]])
    return found


def _label(lines: list[Line]) -> tuple[str, list[Line]] | None:
    first = lines[0].text
    for key, pattern in _PATTERNS:
        m = pattern.match(first)
        if not m:
            continue
        rest = first[m.end() :].strip()
        if rest and not m.group(1) and key != "disahkan" and not first[: m.end()].isupper():
            return None
        head = [Line(rest, lines[0].numbered)] if rest else []
        return key, head + lines[1:]
    return None


def fields(cells: list[Cell]) -> dict[str, list[Line]]:
    """Each label's lines."""
    cells = [part for c in cells for part in _split(c)]
    cells = _reading_order([c for c in cells if any(ln.text.strip() for ln in c.lines)])
    labels = {i: found for i, c in enumerate(cells) if (found := label(c)) is not None}
    out: dict[str, list[Line]] = {}
    taken = _blocks(cells, labels, out)
    current: list[Line] | None = None
    for i, cell in enumerate(cells):
        if i in labels:
            key, rest = labels[i]
            current = None
            if key not in BLOCKS and key not in out:
                current = out[key] = list(rest)
        elif current is not None and i not in taken:
            current.extend(ln for ln in cell.lines if ln.text.strip())
    return out


def _split(cell: Cell) -> list[Cell]:
    """A cell holding several `label : value` lines (`Nomor SOP : ...` then `Tanggal Pembuatan
    : ...`) as one cell per label, in the same place and order."""
    parts: list[list[Line]] = [[]]
    for ln in cell.lines:
        found = _label([ln]) if parts[-1] else None
        if found is not None and ":" in ln.text:
            parts.append([])
        parts[-1].append(ln)
    x0, top, x1, bottom = cell.box
    return [Cell(lines, (x0, top + k * 1e-3, x1, bottom)) for k, lines in enumerate(parts) if lines]


def _reading_order(cells: list[Cell]) -> list[Cell]:
    """Top to bottom in bands of one row's height, left to right within a band."""
    ordered = sorted(cells, key=lambda c: c.box[1])
    bands: list[list[Cell]] = []
    for c in ordered:
        if bands and c.box[1] - bands[-1][0].box[1] <= _tolerance(c):
            bands[-1].append(c)
        else:
            bands.append([c])
    return [c for band in bands for c in sorted(band, key=lambda c: c.box[0])]


def _tolerance(c: Cell) -> float:
    return ROW_TOLERANCE if c.box[3] - c.box[1] > 1.5 else 0.3  # a Word row is 1 unit high


def _blocks(cells: list[Cell], labels: dict, out: dict[str, list[Line]]) -> set[int]:
    """Fill the six blocks: each label's own rest, then the cells in its column below it down to
    the next row of block labels. Returns the cells so taken."""
    heads = [i for i, (key, _) in labels.items() if key in BLOCKS]
    rows: list[list[int]] = []
    for i in sorted(heads, key=lambda i: cells[i].box[1]):
        if rows and cells[i].box[1] - cells[rows[-1][0]].box[1] <= _tolerance(cells[i]):
            rows[-1].append(i)
        else:
            rows.append([i])
    taken: set[int] = set()
    for r, row in enumerate(rows):
        row.sort(key=lambda i: cells[i].box[0])
        top = max(cells[i].box[1] for i in row)
        below = cells[rows[r + 1][0]].box[1] if r + 1 < len(rows) else float("inf")
        pairs = zip(row, row[1:], strict=False)
        bounds = [-float("inf")] + [(cells[a].box[2] + cells[b].box[0]) / 2 for a, b in pairs]
        for k, i in enumerate(row):
            key, rest = labels[i]
            if key in out:
                continue
            lines = out[key] = list(rest)
            right = bounds[k + 1] if k + 1 < len(row) else float("inf")
            for j, c in enumerate(cells):
                start = c.box[0] + min(2.0, (c.box[2] - c.box[0]) / 4)
                if j in labels or not (top < c.box[1] + 0.5 and c.box[1] < below - 0.5):
                    continue
                if bounds[k] <= start < right and j not in taken:
                    taken.add(j)
                    lines.extend(ln for ln in c.lines if ln.text.strip())
                    if c.box[2] > right + 5:  # runs on under the next label too
                        out.setdefault(SPANNING, []).append(Line(key))
    return taken


def value(lines: list[Line]) -> str:
    return join([ln.text.strip().lstrip(":").strip() for ln in lines])


def signer(lines: list[Line]) -> tuple[str, str, str]:
    """(jabatan, nama, NIP) from the Disahkan Oleh block: jabatan first, the name above the NIP."""
    texts = [ln.text.strip().lstrip(":").strip() for ln in lines]
    texts = [t for t in texts if t]
    nip_at = next((i for i, t in enumerate(texts) if re.match(r"NIP\b", t, re.I)), None)
    nip = re.sub(r"^NIP\.?\s*:?\s*", "", texts[nip_at], flags=re.I) if nip_at is not None else ""
    body = texts[:nip_at] if nip_at is not None else texts
    jabatan = body[0] if body else ""
    nama = body[-1] if len(body) > 1 else ""
    return jabatan, nama, nip
