"""The workbook's formulas, recalculated by LibreOffice, give what the PDF prints, cell by cell.

Every number LibreOffice computes (and every number we wrote) is compared with the figure the
report's PDF prints for it, at the PDF's precision; every numeric cell of the sheet must be
among those compared. Run for the example report and for an unseen office's report (another
paper, `t_per_r` for negative indicators, a cap of 120, Renstra figures, rupiah with sen).
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from laporan_pdf import tables
from pypdf import PdfReader

from officedocs.cli import main
from officedocs.formatting import angka

ROOT = Path(__file__).resolve().parent.parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice; Debian: libreoffice-calc-nogui) is not installed",
    ),
]
CASES = {
    "contoh": (ROOT / "content", "kinerja-triwulan-iii-2023", (936, 612)),  # F4 landscape
    "kantor lain": (
        ROOT / "tests/fixtures/kantor_lain",
        "kinerja-triwulan-ii-2024",
        (842, 595),  # A4 landscape
    ),
}


def soffice(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    profile = (tmp / "lo-profile").as_uri()  # its own profile: no clash with a running one
    cmd = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)


@pytest.fixture(scope="module", params=sorted(CASES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    content, report, paper = CASES[request.param]
    tmp = tmp_path_factory.mktemp("calc")
    out = tmp / "out"
    assert main(["--content", str(content), "--output", str(out), "--drafts", "--quiet"]) == 0
    xlsx = out / f"laporan/{report}.xlsx"
    done = soffice(["--convert-to", "xlsx", "--outdir", str(tmp / "calc"), str(xlsx)], tmp)
    assert done.returncode == 0, done.stderr
    ws = openpyxl.load_workbook(tmp / f"calc/{report}.xlsx", data_only=True).active
    return ws, tables(out / f"laporan/{report}.pdf"), xlsx, tmp, paper


def test_saved_by_libreoffice_it_reads_the_same(built) -> None:  # noqa: ANN001
    """A workbook a seksi opened and saved in LibreOffice is the same table to `impor`."""
    from officedocs.workbook_read import read_filled

    _, _, xlsx, tmp, _ = built
    ours, saved = read_filled(xlsx), read_filled(tmp / f"calc/{xlsx.name}")
    assert saved.errors == [] and (saved.tahun, saved.office) == (ours.tahun, ours.office)
    assert [(r.kind, r.name, r.values) for r in saved.rows] == [
        (r.kind, r.name, r.values) for r in ours.rows
    ]
    assert sum(len(r.values) for r in ours.rows) >= 7  # every quarter value reported


def _rows(ws) -> dict[str, int]:  # noqa: ANN001
    """Row of each labelled line: A.1.., B.1.., the total, the average, the predikat."""
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


class Compared:
    def __init__(self, ws) -> None:  # noqa: ANN001
        self.ws = ws
        self.cells: set[str] = set()
        self.mismatch: list[str] = []

    def check(self, cell: str, printed: str, places: int) -> None:
        value = self.ws[cell].value
        if value in (None, ""):
            shown = None
        elif isinstance(value, str):
            shown = value  # a predikat
        else:
            # As a spreadsheet shows a double: 15 significant digits first (72.77499999999999
            # is 72,78 on screen, as the exact 72.775 is in the PDF), then half-up.
            shown = angka(Decimal(f"{value:.15g}"), places)
        expected = None if printed in ("", "-") else printed
        if shown != expected:
            self.mismatch.append(f"{cell}: buku kerja {shown!r}, PDF {expected!r}")
        self.cells.add(cell)


def _compare(ws, pdf: dict) -> Compared:  # noqa: ANN001
    rows, c = _rows(ws), Compared(ws)
    indikator = [r for r in pdf["A"] if r[3]]  # rows with a satuan
    for n, r in enumerate(indikator, 1):
        row = rows[f"A.{n}"]
        for col, i in zip("IKMOQSU", (4, 5, 6, 7, 8, 9, 10), strict=True):
            c.check(f"{col}{row}", r[i], 2)
    average = next(r for r in pdf["A"] if r[0].endswith("Rata-rata Capaian Kinerja"))
    avg, pred = rows["Rata-rata capaian kinerja (%)"], rows["Predikat kinerja"]
    c.check(f"U{avg}", average[10], 2)
    c.check(f"U{pred}", average[11], 2)
    for r in pdf["renstra A"]:
        for col, i in zip("EGSWY", (3, 4, 5, 6, 7), strict=True):
            c.check(f"{col}{rows[r[0]]}", r[i], 2)
    lines = [r for r in pdf["B"] if r[0].isdigit()]
    for n, r in enumerate(lines, 1):
        for col, i in zip("JLNPRT", (2, 3, 4, 5, 6, 7), strict=True):
            c.check(f"{col}{rows[f'B.{n}']}", r[i], 0)
        c.check(f"V{rows[f'B.{n}']}", r[8], 2)
    if lines:
        total = next(r for r in pdf["B"] if r[0] == "Jumlah")
        for col, i in zip("JLNPRT", (2, 3, 4, 5, 6, 7), strict=True):
            c.check(f"{col}{rows['Jumlah anggaran']}", total[i], 0)
        c.check(f"V{rows['Jumlah anggaran']}", total[8], 2)
        c.check(f"V{avg}", total[8], 2)
        kategori = next(r for r in pdf["B"] if r[0] == "Kategori Capaian Keuangan")
        c.check(f"V{pred}", kategori[8], 2)
    for r in pdf["renstra B"]:
        for col, i in zip("FHTX", (2, 3, 4, 5), strict=True):
            c.check(f"{col}{rows[r[0]]}", r[i], 0)
        c.check(f"Z{rows[r[0]]}", r[6], 2)
    return c


def test_recalculated_workbook_equals_the_pdf(built) -> None:  # noqa: ANN001
    ws, pdf, *_ = built
    compared = _compare(ws, pdf)
    assert compared.mismatch == []
    numeric = {
        cell.coordinate
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    }
    assert numeric, "LibreOffice computed nothing"
    assert numeric - compared.cells == set(), "numbers in the workbook the PDF does not print"


def test_libreoffice_prints_it_on_the_office_paper(built) -> None:  # noqa: ANN001
    """Opens cleanly (converted to PDF without an error) on landscape paper of kantor.yaml."""
    _, _, xlsx, tmp, paper = built
    done = soffice(["--convert-to", "pdf", "--outdir", str(tmp / "pdf"), str(xlsx)], tmp)
    assert done.returncode == 0 and "Error" not in done.stderr, done.stderr
    page = PdfReader(tmp / f"pdf/{xlsx.stem}.pdf").pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    assert size == paper
    text = page.extract_text()
    assert "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH" in text
    assert "Rp" in text and "," in text  # Indonesian formats: `Rp45.000.000`, `82,50`
