"""The example quarterly report, built: computed figures in the right rows, signature, draft mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from officedocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = "kinerja-triwulan-iii-2023"


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("out")
    args = ["--content", str(ROOT / "content"), "--output", str(out), "--quiet", "--drafts"]
    assert main(args) == 0  # the example report is a draft
    reader = PdfReader(out / f"laporan/{REPORT}.pdf")
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


@pytest.mark.parametrize(
    "row",
    [
        # Satuan, target, TW I..III, s/d TW III, capaian, kategori (worked out by hand):
        "Indeks Kepuasan Masyarakat Indeks 82,50 80,10 81,55 83,20 83,20 100,85 Sangat Tinggi",
        "Persen 95,00 92,50 94,00 96,25 96,25 101,32 Sangat Tinggi",  # posisi akhir
        # negatif, rata-rata: R = 3,1667; (2 x 3 - R) / 3 = 94,44 %
        "Hari 3,00 3,50 3,20 2,80 3,17 94,44 Sangat Tinggi",
        "Desa 25,00 6,00 7,00 6,00 19,00 76,00 Tinggi",  # kumulatif: 6 + 7 + 6
        "Persen 90,00 85,00 88,00 91,00 88,00 97,78 Sangat Tinggi",  # rata-rata
        "Temuan 0,00 4,00 2,00 1,00 1,00 - -",  # target 0: not computable
        # (100 + 100 + 94,44 + 76 + 97,78) / 5: above 100 counts as 100, target 0 left out
        "Rata-rata Capaian Kinerja 93,64 Sangat Tinggi",
        "45.000.000 9.500.000 12.250.000 11.000.000 32.750.000 72,78 12.250.000",
        "120.000.000 18.500.000 31.250.000 27.400.000 77.150.000 64,29 42.850.000",
        "Jumlah 266.250.000 40.325.000 68.970.500 58.700.000 167.995.500 63,10 98.254.500",
        "Kategori Capaian Keuangan Rendah",  # 63,10: independent of the performance kategori
    ],
)
def test_computed_rows(lines: list[str], row: str) -> None:
    assert row in lines


def test_title_signature_and_draft(lines: list[str]) -> None:
    for expected in (
        "LAPORAN KINERJA TRIWULAN III TAHUN 2023",
        "KECAMATAN HALONG",
        "Halong, 10 Oktober 2023",
        "CAMAT HALONG,",
        "RAHMADI, S.Sos., M.AP",
        "NIP. 19810914 201001 1 009",
        "DRAF",
    ):
        assert expected in lines, expected


def test_draft_report_stays_off_the_website(site_dir: Path) -> None:
    assert main(["--quiet", "--no-pdf"]) == 0
    assert not (site_dir / f"output/laporan/{REPORT}.html").exists()
    assert "laporan/" not in (site_dir / "output/index.html").read_text()
    assert main(["--quiet", "--no-pdf", "--drafts"]) == 0
    assert (site_dir / f"output/laporan/{REPORT}.html").exists()
    assert f"laporan/{REPORT}.html" in (site_dir / "output/index.html").read_text()


def test_markup_in_markdown_is_refused(site_dir: Path, capsys) -> None:
    """Raw HTML the sanitiser would strip is reported instead, where it is written."""
    p = site_dir / f"content/laporan/{REPORT}.yaml"
    bad = (
        '<script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">'
        'tautan</a><iframe src="aset/logo.svg"></iframe><p style="color:red">merah</p>'
    )
    p.write_text(p.read_text().replace("tindak_lanjut: |\n", f"tindak_lanjut: |\n  {bad}\n"))
    assert main(["--quiet", "--no-pdf", "--drafts"]) == 1
    n = line_of(p, "<script>")
    where = f"content/laporan/{REPORT}.yaml:{n}"
    col = lambda needle: bad.index(needle) + 3  # noqa: E731 - two spaces of indentation
    assert capsys.readouterr().err.splitlines() == [
        f"{where}:{col('<script')}: tindak_lanjut: tag <script> tidak diizinkan di teks ini",
        f'{where}:{col("javascript")}: tindak_lanjut: alamat dengan skema "javascript:" tidak '
        'diizinkan ("javascript:alert(2)")',
        f'{where}:{col("onclick")}: tindak_lanjut: atribut "onclick" (skrip) tidak diizinkan di '
        "teks ini",
        f"{where}:{col('<iframe')}: tindak_lanjut: tag <iframe> tidak diizinkan di teks ini",
        f'{where}:{col("style")}: tindak_lanjut: atribut "style" tidak diizinkan; tampilan diatur '
        "layouts/",
        "5 masalah pada isi; output/ tidak diubah",
    ]
    assert not (site_dir / "output").exists()


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_too_many_quarters_and_no_signer(site_dir: Path, capsys) -> None:
    p = site_dir / f"content/laporan/{REPORT}.yaml"
    text = p.read_text().replace(
        "realisasi: [80.10, 81.55, 83.20]", "realisasi: [80.10, 81.55, 83.20, 84]"
    )
    p.write_text(text.replace("tanggal: 2023-10-10", "tanggal: 2019-10-10"))
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    path = f"content/laporan/{REPORT}.yaml"
    assert err[:2] == [
        f'{path}:6:16: penandatangan: tidak ada pejabat "camat" yang menjabat pada tanggal 2019-10-10',
        f"{path}:13:20: sasaran ke-1, indikator ke-1, realisasi: 4 nilai realisasi, padahal laporan sampai triwulan 3",
    ]


def test_numbers_must_be_numbers(site_dir: Path, capsys) -> None:
    p = site_dir / f"content/laporan/{REPORT}.yaml"
    p.write_text(
        p.read_text()
        .replace("target: 82.50", "target: 82,50")
        .replace("triwulan: 3", "triwulan: 5")
    )
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    path = f"content/laporan/{REPORT}.yaml"
    assert err[:2] == [
        f'{path}:4:11: triwulan: paling besar 4 (ditemukan: "5")',
        f'{path}:12:17: sasaran ke-1, indikator ke-1, target: harus angka (pakai titik untuk desimal, misalnya 82.50) (ditemukan: "82,50")',
    ]
