"""`build.py impor FILE.xlsx`: a filled Renja evaluation workbook into the report's YAML.

The round trip (export, fill Triwulan IV, import, build) and every refusal: each is one line
naming the cell, and the report's file is left byte for byte as it was."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from officedocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = "content/laporan/kinerja-triwulan-iii-2023.yaml"
XLSX = "output/laporan/kinerja-triwulan-iii-2023.xlsx"
SHEET = "'Evaluasi Renja'"
TW_IV = {"A.1": 84.1, "A.2": 97, "A.3": 2.5, "A.4": 5, "A.5": 92, "A.6": 0}
TW_IV_RP = {"B.1": 10000000, "B.2": 9000000, "B.3": 40000000, "B.4": 30000000}


def _export(site: Path, content: str = "content") -> Path:
    args = ["--content", content, "--output", "output", "--drafts", "--no-pdf", "--quiet"]
    assert main(args) == 0
    return next((site / "output/laporan").glob("*.xlsx"))


def _rows(ws) -> dict[str, int]:  # noqa: ANN001
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def _fill(xlsx: Path, out: Path, values: dict[str, object], col: str = "Q") -> dict[str, int]:
    """Type `values` into the quarter column `col` (K; the Rp column after it for B rows)."""
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    rows = _rows(ws)
    for label, value in values.items():
        target = col if label.startswith("A.") else chr(ord(col) + 1)
        ws[f"{target}{rows[label]}"] = value
    wb.save(out)
    return rows


def _impor(capsys, *args: str) -> tuple[int, list[str], list[str]]:  # noqa: ANN001
    capsys.readouterr()  # what the export said
    code = main(["impor", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_round_trip_fill_triwulan_iv(site_dir: Path, capsys) -> None:  # noqa: ANN001
    before = (site_dir / REPORT).read_text()
    _fill(_export(site_dir), site_dir / "isi.xlsx", {**TW_IV, **TW_IV_RP})
    code, out, err = _impor(capsys, "isi.xlsx")
    assert (code, err) == (0, [])
    assert out == [
        "A.1 triwulan IV: - -> 84,1",
        "A.2 triwulan IV: - -> 97",
        "A.3 triwulan IV: - -> 2,5",
        "A.4 triwulan IV: - -> 5",
        "A.5 triwulan IV: - -> 92",
        "A.6 triwulan IV: - -> 0",
        "B.1 triwulan IV: - -> 10.000.000",
        "B.2 triwulan IV: - -> 9.000.000",
        "B.3 triwulan IV: - -> 40.000.000",
        "B.4 triwulan IV: - -> 30.000.000",
        "triwulan laporan: III -> IV",
        f"10 nilai ditulis ke {REPORT}",
    ]
    after = (site_dir / REPORT).read_text()
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after.splitlines() for c in comments)
    # The diff: only `triwulan` and the realisation lists, each list one number longer.
    diff = [d for d in difflib.ndiff(before.splitlines(), after.splitlines()) if d[:1] in "-+"]
    removed = [d[2:] for d in diff if d.startswith("- ")]
    added = [d[2:] for d in diff if d.startswith("+ ")]
    assert len(removed) == len(added) == 11
    assert (removed[0], added[0]) == ("triwulan: 3", "triwulan: 4")
    for old, new in zip(removed[1:], added[1:], strict=True):
        assert re.fullmatch(re.escape(old[:-1]) + r", [\d.]+\]", new), (old, new)
    # Build: the PDF shows Triwulan IV, its realisations and the new capaian.
    assert main(["--drafts", "--quiet"]) == 0
    reader = PdfReader(site_dir / "output/laporan/kinerja-triwulan-iii-2023.pdf")
    lines = [x.strip() for p in reader.pages for x in p.extract_text().splitlines()]
    assert "LAPORAN KINERJA TRIWULAN IV TAHUN 2023" in lines
    for row in (
        "Indeks Kepuasan Masyarakat Indeks 82,50 80,10 81,55 83,20 84,10 84,10 101,94 Sangat Tinggi",
        "Desa 25,00 6,00 7,00 6,00 5,00 24,00 96,00 Sangat Tinggi",  # kumulatif: 6+7+6+5
        "Hari 3,00 3,50 3,20 2,80 2,50 3,00 100,00 Sangat Tinggi",  # negatif, rata-rata 3
        "45.000.000 9.500.000 12.250.000 11.000.000 10.000.000 42.750.000 95,00 2.250.000",
    ):
        assert row in lines, row


def test_second_import_of_the_same_quarter(site_dir: Path, capsys) -> None:  # noqa: ANN001
    xlsx = _export(site_dir)
    rows = _fill(xlsx, site_dir / "isi.xlsx", TW_IV)
    assert _impor(capsys, "isi.xlsx")[0] == 0
    done = (site_dir / REPORT).read_bytes()
    # The same workbook again: nothing new.
    assert _impor(capsys, "isi.xlsx") == (
        1,
        [],
        [
            f"{SHEET}!Q{rows['A.1']}: triwulan IV sudah diimpor ke {REPORT}: tidak ada nilai baru; tidak ada yang ditulis",
            f"1 masalah; {REPORT} tidak diubah",
        ],
    )
    # Another workbook with a different value for the quarter: refused, unless --ganti.
    _fill(xlsx, site_dir / "lagi.xlsx", {**TW_IV, "A.2": 98})
    assert _impor(capsys, "lagi.xlsx") == (
        1,
        [],
        [
            f"{SHEET}!Q{rows['A.2']}: A.2 triwulan IV: sudah berisi 97 di {REPORT}; impor kedua untuk triwulan yang sama ditolak (97 -> 98); pakai --ganti untuk mengganti",
            f"1 masalah; {REPORT} tidak diubah",
        ],
    )
    assert (site_dir / REPORT).read_bytes() == done
    assert _impor(capsys, "lagi.xlsx", "--ganti")[:2] == (
        0,
        ["A.2 triwulan IV: 97 -> 98", f"1 nilai ditulis ke {REPORT}"],
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("delapan puluh", "teks 'delapan puluh' di sel angka; ketik sebagai angka"),
        ("87,5", "teks '87,5' di sel angka; ketik sebagai angka"),
        ("=80+7", "rumus =80+7 di sel angka realisasi; ketik angkanya saja"),
        (True, "nilai benar/salah (TRUE/FALSE), bukan angka"),
    ],
    ids=["teks", "angka-sebagai-teks", "rumus", "boolean"],
)
def test_a_cell_that_is_not_a_number(site_dir: Path, capsys, value, message) -> None:  # noqa: ANN001
    before = (site_dir / REPORT).read_bytes()
    rows = _fill(_export(site_dir), site_dir / "isi.xlsx", {**TW_IV, "A.2": value})
    assert _impor(capsys, "isi.xlsx") == (
        1,
        [],
        [f"{SHEET}!Q{rows['A.2']}: {message}", f"1 masalah; {REPORT} tidak diubah"],
    )
    assert (site_dir / REPORT).read_bytes() == before


def test_unknown_indicators_one_line_each(site_dir: Path, capsys) -> None:  # noqa: ANN001
    before = (site_dir / REPORT).read_bytes()
    xlsx = _export(site_dir)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    rows = _rows(ws)
    ws[f"D{rows['A.2']}"] = "Indikator yang tidak ada"
    ws[f"C{rows['B.3']}"] = "Program Lain\nKegiatan Lain\nSub Kegiatan Lain"
    ws[f"Q{rows['A.1']}"] = 84
    wb.save(site_dir / "isi.xlsx")
    assert _impor(capsys, "isi.xlsx") == (
        1,
        [],
        [
            f"{SHEET}!D{rows['A.2']}: indikator 'Indikator yang tidak ada' tidak ada di {REPORT}; tidak diimpor",
            f"{SHEET}!C{rows['B.3']}: sub kegiatan 'Sub Kegiatan Lain' tidak ada di {REPORT}; tidak diimpor",
            f"2 masalah; {REPORT} tidak diubah",
        ],
    )
    assert (site_dir / REPORT).read_bytes() == before


def test_workbook_of_another_layout(site_dir: Path, capsys) -> None:  # noqa: ANN001
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Rekap realisasi"
    for col in range(1, 12):  # numbered 1..11 in adjacent columns: no K/Rp halves
        ws.cell(5, col).value = col
    wb.save(site_dir / "lain.xlsx")
    wb = openpyxl.Workbook()
    wb.active["B2"] = "Daftar hadir"
    wb.save(site_dir / "hadir.xlsx")
    (site_dir / "rusak.xlsx").write_text("bukan zip")
    before = (site_dir / REPORT).read_bytes()
    layout = "bukan tabel Evaluasi terhadap Hasil Renja Perangkat Daerah (Permendagri 86/2017)"
    assert _impor(capsys, "lain.xlsx")[1:] == (
        [],
        [
            f"Sheet!G5: kolom bernomor 7, seharusnya 6: tata letak lain, {layout}; tidak ada yang ditulis"
        ],
    )
    assert _impor(capsys, "hadir.xlsx")[1:] == (
        [],
        [
            f"Sheet!A1: baris nomor kolom (1, 2, 3, ...) tidak ditemukan: {layout}; tidak ada yang ditulis"
        ],
    )
    assert _impor(capsys, "rusak.xlsx")[1:] == (
        [],
        [
            "rusak.xlsx: bukan buku kerja Excel (.xlsx) yang bisa dibaca; simpan ulang sebagai .xlsx; tidak ada yang ditulis"
        ],
    )
    assert (site_dir / REPORT).read_bytes() == before


def _other_office(site: Path, status: str) -> Path:
    """The unseen office's content, with a draft Triwulan III report beside its final II."""
    content = site / "lain"
    shutil.copytree(ROOT / "tests/fixtures/kantor_lain", content)
    ii = content / "laporan/kinerja-triwulan-ii-2024.yaml"
    iii = ii.read_text().replace("status: final", f"status: {status}")
    iii = iii.replace("triwulan: 2\n", "triwulan: 3\n").replace("[410, 395]", "[410, 395, 402]")
    (content / "laporan/kinerja-triwulan-iii-2024.yaml").write_text(iii)
    return content


def test_a_quarter_already_final(site_dir: Path, capsys) -> None:  # noqa: ANN001
    content = _other_office(site_dir, "draf")
    xlsx = _export(site_dir, "lain")  # the first report's workbook (II, final)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    rows = _rows(ws)
    ws[f"M{rows['A.1']}"] = 400  # triwulan II of the final report: signed
    ws[f"M{rows['A.2']}"] = 21
    wb.save(site_dir / "isi.xlsx")
    target = "lain/laporan/kinerja-triwulan-iii-2024.yaml"
    before = (content / "laporan/kinerja-triwulan-iii-2024.yaml").read_bytes()
    final = "triwulan ini sudah final (dalam laporan final sampai triwulan II)"
    assert _impor(capsys, "isi.xlsx", "--content", "lain") == (
        1,
        [],
        [
            f"{SHEET}!M{rows['A.1']}: A.1 triwulan II: {final}; 395 -> 400 ditolak",
            f"{SHEET}!M{rows['A.2']}: A.2 triwulan II: {final}; 20 -> 21 ditolak",
            f"2 masalah; {target} tidak diubah",
        ],
    )
    assert (content / "laporan/kinerja-triwulan-iii-2024.yaml").read_bytes() == before


def test_a_final_report_takes_no_new_quarter(site_dir: Path, capsys) -> None:  # noqa: ANN001
    content = _other_office(site_dir, "final")
    rows = _fill(_export(site_dir, "lain"), site_dir / "isi.xlsx", {"A.1": 420}, col="Q")
    target = "lain/laporan/kinerja-triwulan-iii-2024.yaml"
    code, out, err = _impor(capsys, "isi.xlsx", "--content", "lain")
    assert (code, out) == (1, [])
    assert err == [
        f"{SHEET}!Q{rows['A.1']}: A.1 triwulan IV: {target} berstatus final (ditandatangani); nilai tidak diubah: impor ke laporan triwulan berikutnya yang berstatus draf",
        f"1 masalah; {target} tidak diubah",
    ]
    assert content.exists()


def test_a_gap_before_the_quarter(site_dir: Path, capsys) -> None:  # noqa: ANN001
    _other_office(site_dir, "draf")
    rows = _fill(_export(site_dir, "lain"), site_dir / "isi.xlsx", {"A.3": 82}, col="Q")
    target = "lain/laporan/kinerja-triwulan-iii-2024.yaml"
    assert _impor(capsys, "isi.xlsx", "--content", "lain")[2] == [
        f"{SHEET}!Q{rows['A.3']}: A.3 triwulan IV: triwulan II belum diisi; isi triwulan sebelumnya dulu",
        f"1 masalah; {target} tidak diubah",
    ]


def test_workbook_of_another_office(site_dir: Path, capsys) -> None:  # noqa: ANN001
    shutil.copytree(ROOT / "tests/fixtures/kantor_lain", site_dir / "lain")
    _fill(_export(site_dir, "lain"), site_dir / "isi.xlsx", {"A.1": 420}, col="O")
    assert _impor(capsys, "isi.xlsx")[2] == [
        f"{SHEET}!A2: buku kerja untuk perangkat daerah 'KECAMATAN SUNGAI RAYA', bukan KECAMATAN HALONG; tidak ada yang ditulis",
    ]


def test_hand_made_workbook_in_the_same_layout(site_dir: Path, capsys) -> None:  # noqa: ANN001
    """Typed by a seksi: its own title rows, the number row elsewhere, one indicator row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
    ws["A2"] = "Perangkat Daerah: Kecamatan Halong"
    ws["A3"] = "Periode Pelaksanaan: Triwulan IV Tahun 2023"
    numbers = {1: "1", 2: "2", 3: "3", 4: "4", 27: "16"}
    numbers.update({5 + 2 * (n - 5): str(n) for n in range(5, 16)})
    for col, text in numbers.items():
        ws.cell(6, col).value = text
    ws["D7"] = "Persentase pengaduan masyarakat yang  ditindaklanjuti"  # spacing differs
    ws["Q7"] = 93.5
    wb.save(site_dir / "seksi.xlsx")
    assert _impor(capsys, "seksi.xlsx")[:2] == (
        0,
        [
            "A.5 triwulan IV: - -> 93,5",
            "triwulan laporan: III -> IV",
            f"1 nilai ditulis ke {REPORT}",
        ],
    )
    assert "realisasi: [85, 88, 91, 93.5]" in (site_dir / REPORT).read_text()


def test_control_characters_from_the_workbook_are_shown_escaped(site_dir: Path, capsys) -> None:  # noqa: ANN001
    """A hostile name cannot clear the terminal or forge a line: it is shown escaped."""
    xlsx = _export(site_dir)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    rows = _rows(ws)
    ws[f"D{rows['A.2']}"] = "Palsu\u202e\u202dlatot"  # reorders what the line shows
    wb.save(site_dir / "isi.xlsx")
    err = _impor(capsys, "isi.xlsx")[2]
    assert err[0] == (
        f"{SHEET}!D{rows['A.2']}: indikator 'Palsu\\u202e\\u202dlatot' tidak ada di {REPORT}; tidak diimpor"
    )


@pytest.mark.slow  # property test (hypothesis)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    values=st.lists(
        st.one_of(
            st.integers(min_value=0, max_value=10**12),
            st.decimals(min_value=0, max_value=10**6, places=3).map(float),
        ),
        min_size=6,
        max_size=6,
    )
)
def test_any_typed_number_arrives_exactly(
    site_dir: Path,
    capsys,
    values: list[float | int],  # noqa: ANN001
) -> None:
    """Whatever number a seksi types, the report reads back the number the cell shows."""
    from decimal import Decimal

    from officedocs.content import load_site

    report = site_dir / REPORT
    original = (ROOT / REPORT).read_text()
    report.write_text(original)
    xlsx = site_dir / "output/laporan/kinerja-triwulan-iii-2023.xlsx"
    if not xlsx.exists():
        _export(site_dir)
    typed = dict(zip(TW_IV, values, strict=True))
    _fill(xlsx, site_dir / "isi.xlsx", typed)
    assert _impor(capsys, "isi.xlsx")[0] == 0
    site = load_site(site_dir / "content")
    got = [
        i.realisasi[3]
        for s in site.laporan["kinerja-triwulan-iii-2023"].laporan.sasaran
        for i in s.indikator
    ]
    assert got == [Decimal(repr(v)) if isinstance(v, float) else Decimal(v) for v in values]
