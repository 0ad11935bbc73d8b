"""Read a filled Renja evaluation workbook: which rows, which quarters, which numbers, where.

The layout is found, not assumed: the sheet whose column-number row reads 1, 2, 3, 4, 5 ...
as `workbook` writes it (our own export, or one made by hand in the same layout). Every value
keeps its cell (`'Evaluasi Renja'!Q14`), so each refusal names the cell to correct. Reading
is pure apart from opening the file; matching the rows to a report is `workbook_import`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .shown import shown
from .workbook import LAST_COL, PD_COLUMN, k_col, quarter_col

MAX_BYTES = 20 * 1024 * 1024  # a filled table is tens of kilobytes
MAX_UNPACKED = 200 * 1024 * 1024  # a zip that unpacks beyond this is not a table
MAX_SCAN = 40  # rows searched for the column-number row
MAX_ROWS = 5000


class WorkbookError(Exception):
    """The file cannot be read as this table at all: one line, with the cell when there is
    one."""


@dataclass(frozen=True)
class Value:
    where: str  # the cell, `'Sheet'!Q14`
    number: Decimal


@dataclass
class Row:
    """One data row: an indicator (K columns) or a budget line (Rp columns)."""

    kind: str  # "indikator" | "anggaran"
    name: str  # the indicator, or the sub kegiatan (last line of column 3)
    context: tuple[str, ...]  # the lines of column 3 before the sub kegiatan
    where: str  # the cell of the name
    values: dict[int, Value] = field(default_factory=dict)  # quarter (1..4) -> value


@dataclass
class Filled:
    sheet: str
    tahun: int
    tahun_where: str
    office: str | None
    office_where: str
    rows: list[Row]
    errors: list[str]  # one line each: `cell: what is wrong`


def cell_name(sheet: str, coordinate: str) -> str:
    """`Sheet1!J14`; a sheet name with spaces or punctuation quoted, as Excel writes it."""
    name = sheet if re.fullmatch(r"\w+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{shown(name)}!{coordinate}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open(path: Path) -> Any:
    import openpyxl

    if not path.is_file():
        raise WorkbookError(f"{shown(str(path))}: berkas tidak ada")
    if path.stat().st_size > MAX_BYTES:
        raise WorkbookError(f"{shown(str(path))}: berkas lebih dari 20 MB; bukan tabel evaluasi")
    try:
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED:
                raise WorkbookError(f"{shown(str(path))}: isi berkas terlalu besar")
        with warnings.catch_warnings():  # "extension not supported": noise to staff
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, data_only=False, keep_links=False)
    except WorkbookError:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse means: not a readable .xlsx
        raise WorkbookError(
            f"{shown(str(path))}: bukan buku kerja Excel (.xlsx) yang bisa dibaca; "
            "simpan ulang sebagai .xlsx"
        ) from None


def _expected() -> list[tuple[int, str]]:
    """(worksheet column, the number its cell in the column-number row starts with)."""
    out = [(n, str(n)) for n in range(1, 5)]
    out += [(k_col(n), str(n)) for n in range(5, 16)]
    return [*out, (LAST_COL, str(PD_COLUMN))]


def _number_row(ws: Any) -> int | None:
    for r in range(1, min(ws.max_row, MAX_SCAN) + 1):
        if _text(ws.cell(r, 1).value) == "1" and _text(ws.cell(r, 2).value) == "2":
            return r
    return None


def find_table(wb: Any) -> tuple[Any, int]:
    """The sheet and its column-number row; another layout is refused at the first cell that
    differs."""
    for ws in wb.worksheets:
        r = _number_row(ws)
        if r is None:
            continue
        for col, number in _expected():
            cell = ws.cell(r, col)
            got = _text(cell.value)
            if not re.match(rf"{number}(\D|$)", got):
                raise WorkbookError(
                    f"{cell_name(ws.title, cell.coordinate)}: kolom bernomor "
                    f"{shown(got) or '(kosong)'}, seharusnya {number}: tata letak lain, bukan "
                    "tabel Evaluasi terhadap Hasil Renja Perangkat Daerah (Permendagri 86/2017)"
                )
        return ws, r
    first = wb.worksheets[0].title
    raise WorkbookError(
        f"{cell_name(first, 'A1')}: baris nomor kolom (1, 2, 3, ...) tidak ditemukan: bukan "
        "tabel Evaluasi terhadap Hasil Renja Perangkat Daerah (Permendagri 86/2017)"
    )


def _title(wb: Any, ws: Any, number_row: int) -> tuple[int, str, str | None, str]:
    """The year (the `tahun` property of our export, else the period row) and the office."""
    tahun, office = None, None
    tahun_at, office_at = cell_name(ws.title, "A3"), cell_name(ws.title, "A2")
    for r in range(1, number_row):
        text = _text(ws.cell(r, 1).value)
        where = cell_name(ws.title, f"A{r}")
        if m := re.search(r"Periode.*Tahun\s+(\d{4})", text, re.IGNORECASE):
            tahun, tahun_at = int(m.group(1)), where
        if m := re.match(r"Perangkat Daerah\s*:\s*(.+)", text, re.IGNORECASE):
            office, office_at = m.group(1).strip(), where
    custom = {p.name: p.value for p in wb.custom_doc_props}
    if tahun is None and isinstance(custom.get("tahun"), int):
        tahun = custom["tahun"]
    if tahun is None:
        raise WorkbookError(
            f"{tahun_at}: tahun tidak ditemukan: baris judul harus memuat "
            "'Periode Pelaksanaan: Triwulan ... Tahun TTTT'"
        )
    return tahun, tahun_at, office, office_at


def number(value: Any) -> Decimal | str | None:
    """A typed number as an exact Decimal; None for an empty cell; otherwise what is wrong."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, ArrayFormula | DataTableFormula) or (
        isinstance(value, str) and value.startswith("=")
    ):
        text = value if isinstance(value, str) else str(getattr(value, "text", "rumus"))
        return f"rumus {shown(text)[:60]} di sel angka realisasi; ketik angkanya saja"
    if isinstance(value, bool):
        return "nilai benar/salah (TRUE/FALSE), bukan angka"
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "bukan angka yang terhingga"
        return Decimal(repr(value))  # the shortest text of the double: what was typed
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return "tanggal atau waktu, bukan angka; ubah format sel menjadi angka"
    return f"teks '{shown(str(value))[:60]}' di sel angka; ketik sebagai angka"


def _row(ws: Any, r: int, errors: list[str]) -> Row | None:
    c, d = _text(ws.cell(r, 3).value), _text(ws.cell(r, 4).value)
    if d:
        row = Row("indikator", d.splitlines()[0].strip(), (), cell_name(ws.title, f"D{r}"))
    elif c:
        lines = [line.strip() for line in c.splitlines() if line.strip()]
        row = Row("anggaran", lines[-1], tuple(lines[:-1]), cell_name(ws.title, f"C{r}"))
    else:
        row = None
    for q in range(1, 5):
        for rupiah in (False, True):
            cell = ws.cell(r, quarter_col(q, rupiah))
            got = number(cell.value)
            if got is None:
                continue
            where = cell_name(ws.title, cell.coordinate)
            if row is None:
                errors.append(f"{where}: angka di baris tanpa indikator dan tanpa program/kegiatan")
            elif rupiah != (row.kind == "anggaran"):
                half = "Rp" if rupiah else "K"
                errors.append(
                    f"{where}: kolom {half} pada baris {row.kind} tidak diimpor (laporan mencatat "
                    "kinerja per indikator dan anggaran per sub kegiatan); kosongkan sel ini"
                )
            elif isinstance(got, str):
                errors.append(f"{where}: {got}")
            elif rupiah and got < 0:
                errors.append(f"{where}: realisasi anggaran tidak boleh negatif")
            else:
                row.values[q] = Value(where, got)
    return row


def read_filled(path: Path) -> Filled:
    """Every data row of the table, its quarter values and the problems found on the way."""
    wb = _open(path)
    ws, number_row = find_table(wb)
    tahun, tahun_at, office, office_at = _title(wb, ws, number_row)
    rows: list[Row] = []
    errors: list[str] = []
    for r in range(number_row + 1, min(ws.max_row, number_row + MAX_ROWS) + 1):
        label = _text(ws.cell(r, 1).value).lower()
        if label.startswith(("rata-rata", "predikat", "catatan")):
            break
        if label.startswith("jumlah"):
            continue
        row = _row(ws, r, errors)
        if row is not None:
            rows.append(row)
    return Filled(ws.title, tahun, tahun_at, office, office_at, rows, errors)
