"""The figures a built report's PDF prints, read back with pdfplumber (its ruled tables)."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber

WATERMARK = re.compile(r"^[DRAF]\n")  # a letter of the DRAF watermark caught in a cell


def _clean(cell: str | None) -> str:
    text = WATERMARK.sub("", cell or "").strip()
    return "" if text in ("D", "R", "A", "F") else text


def tables(pdf: Path) -> dict[str, list[list[str]]]:
    """The rows of tables A, B and the two Renstra tables, headers left out, across pages."""
    out: dict[str, list[list[str]]] = {"A": [], "B": [], "renstra A": [], "renstra B": []}
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows = [[_clean(c) for c in row] for row in table]
                head = rows[0]
                if len(head) == 12 and head[2] == "Indikator Kinerja":
                    kind = "A"
                elif len(head) == 10 and head[1].startswith("Program /"):
                    kind = "B"
                elif head[1] == "Indikator Kinerja":
                    kind = "renstra A"
                elif head[1] == "Sub Kegiatan":
                    kind = "renstra B"
                else:
                    continue
                skip = 1 if kind.startswith("renstra") else 2
                out[kind] += rows[skip:]
    return out
