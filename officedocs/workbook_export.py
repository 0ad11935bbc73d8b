"""A report -> its Renja evaluation workbook (`output/laporan/<id>.xlsx`). The build's step
that decides which to make again is `workbook_step`.

The table itself is `workbook`; this module adds what follows it (the note on our rules, the
narrative, the signature blocks) and the file's print set-up and properties.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from .checks.registry import signer_on
from .documents import LaporanDoc, Signer, Site
from .formatting import nip, romawi, tanggal
from .views import RUMUS_NEGATIF, hasil_laporan, judul_laporan
from .workbook import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAST_COL,
    NUMBER_ROW,
    SHEET_TITLE,
    k_col,
    kabupaten,
    widths,
    write_header,
    write_summary,
    write_table,
    write_title,
)
from .workbook_file import Cells, Style, print_setup, properties, workbook_bytes

NARRATIVE = (
    ("faktor_pendorong", "Faktor pendorong keberhasilan pencapaian:"),
    ("faktor_penghambat", "Faktor penghambat pencapaian kinerja:"),
    ("tindak_lanjut", "Tindak lanjut yang diperlukan dalam triwulan berikutnya:"),
    (
        "tindak_lanjut_renja",
        "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya:",
    ),
)


def note(site: Site) -> str:
    """The sheet says where its formulas follow our rules rather than the numbering row."""
    setting = site.kantor.laporan
    batas = setting.batas_capaian
    cap = (
        f" Rata-rata capaian: capaian di atas {format(batas.normalize(), 'f')} dihitung "
        f"{format(batas.normalize(), 'f')}."
        if batas is not None
        else ""
    )
    return (
        "Catatan: kolom 12 mengikuti cara agregasi indikator (kumulatif: 8+9+10+11; posisi "
        "akhir: triwulan terakhir yang terisi; rata-rata: rata-rata triwulan yang terisi). "
        "Kolom 13 dan 15 untuk indikator negatif (makin kecil makin baik): "
        f"{RUMUS_NEGATIF[setting.rumus_negatif]}. Kolom 14 untuk indikator yang tidak "
        "kumulatif (indeks, persentase): realisasi tahun berjalan."
        + cap
        + " Sel kosong: tidak dapat dihitung (target 0, realisasi atau data Renstra belum ada)."
    )


def _narrative(cells: Cells, r: int, lap: Any) -> int:
    for key, label in NARRATIVE:
        text = getattr(lap, key).strip()
        cells.text(r, 1, label, Style.PLAIN_BOLD, to_col=4)
        cells.text(r, k_col(5), text or "-", Style.PLAIN, to_col=LAST_COL)
        r += 1
    return r


def _signature(cells: Cells, r: int, col: int, to_col: int, lines: list[tuple[str, Style]]) -> None:
    for i, (text, style) in enumerate(lines):
        cells.text(r + i, col, text, style, to_col=to_col)


def _block(head: str, place_date: str, signer: Signer | None, jabatan: str) -> list:
    blank = ("", Style.SIGN)
    if signer is None:
        who = [("(.........................................)", Style.SIGN), ("NIP. ", Style.SIGN)]
    else:
        who = [(signer.masa.nama, Style.SIGN_NAME)]
        if signer.masa.pangkat:
            who.append((signer.masa.pangkat, Style.SIGN))
        who.append((f"NIP. {nip(signer.masa.nip)}", Style.SIGN))
    title = signer.jabatan if signer else jabatan
    return [
        (head, Style.SIGN),
        (place_date, Style.SIGN),
        (f"{title},", Style.SIGN),
        blank,
        blank,
        blank,
        *who,
    ]


def write_signatures(cells: Cells, r: int, site: Site, doc: LaporanDoc) -> int:
    """Disusun: the head of the office on the report's date. Dievaluasi: the evaluating
    official (kantor.yaml `laporan.pengevaluasi`, default the head of Bappeda) on that date,
    or blank lines to fill by hand; the evaluation's place and date are theirs to write."""
    lap = doc.laporan
    kantor = site.kantor
    disusun = _block("Disusun", f"{kantor.tempat}, {tanggal(lap.tanggal)}", doc.signer, "")
    evaluator = signer_on(site.pejabat, kantor.laporan.pengevaluasi, lap.tanggal)
    dievaluasi = _block(
        "Dievaluasi",
        f"........................, .................... {lap.tahun}",
        evaluator,
        f"KEPALA BAPPEDA {kabupaten(kantor).upper()}",
    )
    _signature(cells, r, 2, 4, disusun)
    _signature(cells, r, k_col(12), LAST_COL, dievaluasi)
    return r + max(len(disusun), len(dievaluasi))


def evaluasi_workbook(site: Site, doc: LaporanDoc) -> bytes:
    """The whole workbook of one report, as bytes (the same for the same content)."""
    lap = doc.laporan
    hasil = hasil_laporan(site, doc)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    cells = Cells(ws, widths())
    write_title(cells, lap, site.kantor)
    write_header(cells, lap)
    r, total_row = write_table(cells, lap, hasil, site.kantor)
    r = write_summary(cells, r, len(hasil.indikator), total_row, site.kantor.laporan.batas_capaian)
    cells.text(r, 1, note(site), Style.PLAIN, to_col=LAST_COL)
    r = _narrative(cells, r + 2, lap)
    end = write_signatures(cells, r + 1, site, doc)
    for col, width in widths().items():
        ws.column_dimensions[get_column_letter(col)].width = width
    cells.fit_rows()
    for row, height in ((HEADER_ROW, 60), (HEADER_ROW + 1, 14), (HEADER_ROW + 2, 13)):
        ws.row_dimensions[row].height = height
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 5)
    print_setup(ws, site.kantor.kertas, (HEADER_ROW, NUMBER_ROW), end, "AA")
    title = f"{judul_laporan(doc)} - {site.kantor.nama}"
    properties(
        wb,
        f"Evaluasi Hasil Renja Triwulan {romawi(lap.triwulan)} Tahun {lap.tahun} - "
        f"{site.kantor.nama}",
        site.kantor.nama,
        lap.tanggal,
        {
            "laporan": doc.id,
            "judul": title,
            "tahun": lap.tahun,
            "triwulan": lap.triwulan,
            "perangkat_daerah": site.kantor.nama,
        },
    )
    return workbook_bytes(wb)
