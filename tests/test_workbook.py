"""The report's Renja evaluation workbook (Permendagri 86/2017): layout, formulas, print set-up,
signatures, properties, the same bytes from the same content, and where it is written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from officedocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
OTHER = ROOT / "tests/fixtures/kantor_lain"
REPORT = "kinerja-triwulan-iii-2023"
OTHER_REPORT = "kinerja-triwulan-ii-2024"


def _build(content: Path, out: Path, *extra: str) -> None:
    args = ["--content", str(content), "--output", str(out), "--no-pdf", "--quiet", *extra]
    assert main(args) == 0


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    _build(ROOT / "content", out, "--drafts")
    return out / f"laporan/{REPORT}.xlsx"


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    _build(OTHER, out)  # a final report: on the website without --drafts
    return out / f"laporan/{OTHER_REPORT}.xlsx"


def _rows(ws) -> dict[str, int]:  # noqa: ANN001
    return {str(ws.cell(r, 1).value): r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def test_title_header_and_column_numbers(example: Path) -> None:
    ws = openpyxl.load_workbook(example).active
    assert ws["A1"].value == (
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN BALANGAN"
    )
    assert ws["A2"].value == "Perangkat Daerah: KECAMATAN HALONG"
    assert ws["A3"].value == "Periode Pelaksanaan: Triwulan III Tahun 2023"
    assert ws["D6"].value == "Indikator Kinerja Program (outcome)/Kegiatan (output)"
    assert ws["E6"].value == "Target Renstra PD pada Tahun ... (Akhir Periode Renstra PD)"
    assert ws["K6"].value == "Realisasi Kinerja pada Triwulan"
    assert [ws.cell(7, c).value for c in (11, 13, 15, 17)] == ["I", "II", "III", "IV"]
    assert [ws.cell(8, c).value for c in range(5, 9)] == ["K", "Rp", "K", "Rp"]
    numbers = [ws.cell(9, c).value for c in range(1, 28)]
    assert [v for v in numbers if v] == [
        *map(str, range(1, 12)),
        "12 = 8+9+10+11",
        "13 = 12/7 × 100",
        "14 = 6 + 12",
        "15 = 14/5 × 100",
        "16",
    ]
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert {"A6:A8", "E6:F7", "K6:R6", "K7:L7", "E9:F9", "S9:T9", "AA6:AA8"} <= merged
    assert ws["S6"].value == "Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi"
    assert ws["U6"].value.startswith("Tingkat Capaian Kinerja dan Realisasi Anggaran Renja")


def test_figures_in_their_cells_and_formulas_for_the_rest(example: Path) -> None:
    ws = openpyxl.load_workbook(example).active
    rows = _rows(ws)
    ikm, desa, b1 = rows["A.1"], rows["A.4"], rows["B.1"]
    assert ws[f"D{ikm}"].value.splitlines()[0] == "Indeks Kepuasan Masyarakat"
    # Our figures: target, realisations so far (TW IV empty), Renstra when given.
    assert [ws[f"{c}{ikm}"].value for c in "EGIKMOQ"] == [85, 81.75, 82.5, 80.1, 81.55, 83.2, None]
    assert [ws[f"{c}{b1}"].value for c in "FHJLNPR"] == [
        225000000,
        128400000,
        45000000,
        9500000,
        12250000,
        11000000,
        None,
    ]
    # Computed columns are live formulas, by our rules: posisi akhir, kumulatif.
    assert ws[f"S{ikm}"].value.startswith("=IF(ISNUMBER(Q")
    assert (
        ws[f"S{desa}"].value
        == f'=IF(COUNT(K{desa},M{desa},O{desa},Q{desa})=0,"",SUM(K{desa},M{desa},O{desa},Q{desa}))'
    )
    assert ws[f"W{desa}"].value == f'=IF(OR(G{desa}="",S{desa}=""),"",G{desa}+S{desa})'
    assert ws[f"W{ikm}"].value == f'=IF(OR(G{ikm}="",S{ikm}=""),"",S{ikm})'
    negatif = rows["A.3"]  # (2T - R) / T, floored at 0
    assert (
        ws[f"U{negatif}"].value
        == f'=IF(OR(S{negatif}="",I{negatif}="",I{negatif}=0),"",MAX(0,(2*I{negatif}-S{negatif})*100/I{negatif}))'
    )
    for col in "TVXZ":
        assert ws[f"{col}{b1}"].value.startswith("=")
    avg = rows["Rata-rata capaian kinerja (%)"]
    first, last = rows["A.1"], rows["A.6"]
    assert ws[f"U{avg}"].value == (
        f'=IF(COUNT(U{first}:U{last})=0,"",(SUMIF(U{first}:U{last},"<=100")'
        f'+100*COUNTIF(U{first}:U{last},">100"))/COUNT(U{first}:U{last}))'
    )
    assert ws[f"U{rows['Predikat kinerja']}"].value.startswith(f'=IF(U{avg}="","",IF(ROUND(')
    total = rows["Jumlah anggaran"]
    assert ws[f"J{total}"].value == f"=SUM(J{b1}:J{rows['B.4']})"
    # Indonesian formats: `82,50` and `Rp45.000.000` (the locale travels with the format).
    assert ws[f"I{ikm}"].number_format == "[$-421]#,##0.00"
    assert ws[f"J{b1}"].number_format == '[$-421]"Rp"#,##0'
    assert ws[f"Q{ikm}"].number_format == "[$-421]#,##0.00"  # TW IV: formatted, to be filled


def test_print_setup_follows_kantor(example: Path, other: Path) -> None:
    for path, paper in ((example, 14), (other, 9)):  # F4 (Folio), A4
        ws = openpyxl.load_workbook(path).active
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == paper
        assert ws.print_title_rows == "$6:$9"
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (int(ws.page_setup.fitToWidth), int(ws.page_setup.fitToHeight)) == (1, 0)


def _column(ws, col: int) -> list[str]:  # noqa: ANN001
    return [str(ws.cell(r, col).value) for r in range(1, ws.max_row + 1) if ws.cell(r, col).value]


def test_signature_blocks(example: Path, other: Path) -> None:
    ws = openpyxl.load_workbook(example).active
    assert _column(ws, 2)[-5:] == [
        "Disusun",
        "Halong, 10 Oktober 2023",
        "CAMAT HALONG,",
        "RAHMADI, S.Sos., M.AP",
        "NIP. 19810914 201001 1 009",
    ]
    # No head of Bappeda in this office's pejabat.yaml: blank lines to fill by hand.
    assert _column(ws, 19)[-4:] == [
        "........................, .................... 2023",
        "KEPALA BAPPEDA KABUPATEN BALANGAN,",
        "(.........................................)",
        "NIP. ",
    ]
    ws = openpyxl.load_workbook(other).active
    assert _column(ws, 2)[-6:] == [
        "Disusun",
        "Sungai Raya, 8 Juli 2024",
        "CAMAT SUNGAI RAYA,",
        "SITI AMINAH, S.STP",
        "Penata Tingkat I (III/d)",
        "NIP. 19850312 200701 2 004",
    ]
    # Whoever headed Bappeda on the report's date (the term from 2024-04-01).
    assert _column(ws, 19)[-3:] == [
        "KEPALA BAPPEDA KABUPATEN TANJUNG LESTARI,",
        "DEWI LESTARI, S.T., M.Eng.",
        "NIP. 19780524 200312 2 001",
    ]


def test_properties(other: Path) -> None:
    wb = openpyxl.load_workbook(other)
    props = wb.properties
    assert props.title == "Evaluasi Hasil Renja Triwulan II Tahun 2024 - KECAMATAN SUNGAI RAYA"
    assert props.creator == "KECAMATAN SUNGAI RAYA"
    assert props.created.date().isoformat() == props.modified.date().isoformat() == "2024-07-08"
    custom = {p.name: p.value for p in wb.custom_doc_props}
    assert custom["laporan"] == OTHER_REPORT
    assert (custom["tahun"], custom["triwulan"]) == (2024, 2)


def test_same_content_same_bytes(tmp_path: Path, other: Path) -> None:
    _build(OTHER, tmp_path / "again")
    again = (tmp_path / f"again/laporan/{OTHER_REPORT}.xlsx").read_bytes()
    assert again == other.read_bytes()
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_text_starting_with_equals_stays_text(other: Path) -> None:
    """A narrative (or a name) that begins with `=` is text in the sheet, never a formula."""
    with zipfile.ZipFile(other) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "Antrean panjang" in sheet
    assert "<f>=Antrean" not in sheet and "<f>Antrean" not in sheet


def test_draft_workbook_only_with_drafts(tmp_path: Path) -> None:
    _build(ROOT / "content", tmp_path / "out")
    assert not (tmp_path / f"out/laporan/{REPORT}.xlsx").exists()
    _build(ROOT / "content", tmp_path / "out", "--drafts")
    assert (tmp_path / f"out/laporan/{REPORT}.xlsx").exists()
    page = (tmp_path / f"out/laporan/{REPORT}.html").read_text()
    assert f'href="{REPORT}.xlsx"' in page
    _build(ROOT / "content", tmp_path / "out")  # the draft leaves the website again
    assert not (tmp_path / f"out/laporan/{REPORT}.xlsx").exists()


def test_a_report_without_budget_lines(site_dir: Path) -> None:
    report = site_dir / "content/laporan/kinerja-triwulan-iii-2023.yaml"
    text = report.read_text()
    report.write_text(text[: text.index("anggaran:")] + text[text.index("faktor_pendorong:") :])
    _build(site_dir / "content", site_dir / "output", "--drafts")
    ws = openpyxl.load_workbook(site_dir / f"output/laporan/{REPORT}.xlsx").active
    rows = _rows(ws)
    assert "B.1" not in rows and "Jumlah anggaran" not in rows
    avg = rows["Rata-rata capaian kinerja (%)"]
    assert ws[f"U{avg}"].value.startswith("=IF(COUNT(U10:U15)=0")
    assert ws[f"V{avg}"].value is None


def test_control_characters_in_content_never_reach_the_workbook(
    site_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    """A vertical tab (which openpyxl cannot store) is refused with the content, at its line,
    before any workbook is written; the exporter's own U+FFFD replacement stays as a guard."""
    report = site_dir / "content/laporan/kinerja-triwulan-iii-2023.yaml"
    text = report.read_text()
    line = text[: text.index("indikator: Indeks Kepuasan Masyarakat")].count("\n") + 1
    report.write_text(
        text.replace(
            "indikator: Indeks Kepuasan Masyarakat", 'indikator: "Indeks Kepuasan\\x0bMasyarakat"'
        )
    )
    assert main(["--no-pdf", "--drafts"]) == 1
    first = capsys.readouterr().err.splitlines()[0]
    assert first.startswith(f"content/laporan/{REPORT}.yaml:{line}:")
    assert "memuat karakter kendali (\\x0b)" in first
    assert not (site_dir / f"output/laporan/{REPORT}.xlsx").exists()


def test_built_again_only_when_its_inputs_change(site_dir: Path, capsys) -> None:  # noqa: ANN001
    """An unchanged build keeps the workbook; the head of Bappeda's term changes it."""
    xlsx = f"laporan/{REPORT}.xlsx"
    args = ["--no-pdf", "--drafts", "--explain"]
    assert main(args) == 0
    assert f"{xlsx}: dibuat ulang" in capsys.readouterr().err
    assert main(args) == 0
    assert f"{xlsx}: dibuat ulang" not in capsys.readouterr().err
    assert (site_dir / f"output/{xlsx}").exists()
    pejabat = site_dir / "content/pejabat.yaml"
    pejabat.write_text(
        pejabat.read_text()
        + "kepala_bappeda:\n  jabatan: KEPALA BAPPEDA KABUPATEN BALANGAN\n  masa:\n"
        + '    - nama: NAMA UJI\n      nip: "19700101 199503 1 002"\n      mulai: 2020-01-01\n'
    )
    capsys.readouterr()
    assert main(args) == 0
    assert f"{xlsx}: dibuat ulang" in capsys.readouterr().err
    ws = openpyxl.load_workbook(site_dir / f"output/{xlsx}").active
    assert "NAMA UJI" in _column(ws, 19)
