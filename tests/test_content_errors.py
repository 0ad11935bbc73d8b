"""Every mistake staff can make gets `path:line:col: where: message` in Indonesian, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from officedocs.cli import main

SOP = "content/sop/pengumpulan-data-kinerja.yaml"


def edit(path: str, old: str, new: str) -> None:
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(capsys: pytest.CaptureFixture[str]) -> list[str]:
    code = main(["check"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1].endswith("masalah pada isi; output/ tidak diubah")
    return lines[:-1]


def line_of(path: str, needle: str, nth: int = 1) -> int:
    seen = 0
    for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return i
    raise AssertionError(needle)


def test_real_content_is_valid(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr()
    assert "isi benar: 2 SOP, 1 peringatan" in out.out
    n = line_of("content/sop/pengukuran-kinerja-triwulan.yaml", "pp-46-2011")
    assert out.err.strip() == (
        f"content/sop/pengukuran-kinerja-triwulan.yaml:{n}:5: dasar_hukum ke-3: peringatan: "
        'SOP "pengukuran-kinerja-triwulan" mengutip Peraturan Pemerintah Republik Indonesia '
        "Nomor 46 Tahun 2011 yang sudah dicabut oleh Peraturan Pemerintah Republik Indonesia "
        "Nomor 30 Tahun 2019 tentang Penilaian Kinerja Pegawai Negeri Sipil"
    )


def test_strict_fails_on_the_revoked_regulation(site_dir: Path, capsys) -> None:
    assert main(["check", "--strict"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    n = line_of("content/sop/pengukuran-kinerja-triwulan.yaml", "pp-46-2011")
    assert err[0].startswith(
        f"content/sop/pengukuran-kinerja-triwulan.yaml:{n}:5: dasar_hukum ke-3: peringatan: "
        'SOP "pengukuran-kinerja-triwulan" mengutip Peraturan Pemerintah Republik Indonesia '
        "Nomor 46 Tahun 2011 yang sudah dicabut"
    ), err
    assert len(err) == 2 and "--strict" in err[1], err


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "tanggal_efektif: 2023-07-26",
            "tanggal_efektif: 2023-02-30",
            "tanggal_efektif",
            'tanggal_efektif: tanggal ini tidak ada di kalender (ditemukan: "2023-02-30")',
        ),
        (
            "tanggal_pembuatan: 2023-07-26",
            "tanggal_pembuatan: 26-07-2023",
            "tanggal_pembuatan",
            "tanggal_pembuatan: tanggal harus ditulis TTTT-BB-HH, misalnya 2023-07-26 "
            '(ditemukan: "26-07-2023")',
        ),
        (
            "tanggal_revisi: null",
            "tanggal_revisi: 2023-07-01",
            "tanggal_revisi",
            "tanggal_revisi: tanggal revisi tidak boleh sebelum tanggal pembuatan",
        ),
        (
            "waktu: 30 Menit",
            "waktu: setengah jam",
            "setengah jam",
            "langkah 2, waktu: waktu harus berupa angka dan satuan (Menit, Jam, Hari, Minggu, "
            'Bulan), misalnya 2 Jam (ditemukan: "setengah jam")',
        ),
        (
            "    pelaksana: Sekretaris\n",
            "    pelaksana: Sekertaris\n",
            "Sekertaris",
            'langkah 6, pelaksana: "Sekertaris" bukan salah satu pelaksana SOP ini '
            "(Camat, Sekretaris, Kasubbag Perencanaan dan Keuangan)",
        ),
        (
            "tidak: 5               # draf",
            "tidak: 12               # draf",
            "tidak: 12",
            "langkah 6, keputusan.tidak: langkah 12 tidak ada (SOP ini punya 8 langkah)",
        ),
        (
            "  - permendagri-29-2014",
            "  - permendagri-29-2041",
            "permendagri-29-2041",
            'dasar_hukum ke-3: peraturan "permendagri-29-2041" tidak ada di dasar_hukum.yaml; '
            'maksudnya "permendagri-29-2014"?',
        ),
        (
            "disahkan_oleh: camat",
            "disahkan_oleh: lurah",
            "disahkan_oleh",
            'disahkan_oleh: jabatan "lurah" tidak ada di pejabat.yaml (yang ada: camat)',
        ),
        (
            "tanggal_pembuatan: 2023-07-26\ntanggal_revisi: null\ntanggal_efektif: 2023-07-26",
            "tanggal_pembuatan: 2020-07-26\ntanggal_revisi: null\ntanggal_efektif: 2020-07-26",
            "disahkan_oleh",
            'disahkan_oleh: tidak ada pejabat "camat" yang menjabat pada tanggal efektif 2020-07-26',
        ),
        (
            "  - SOP Penyusunan Laporan Kinerja Triwulan",
            "  - sop: penyusunan-laporan",
            "sop: penyusunan-laporan",
            'keterkaitan ke-2, sop: SOP "penyusunan-laporan" tidak ada di content/sop/',
        ),
        (
            "status: final",
            "statsu: final",
            "statsu",
            'statsu: kunci "statsu" tidak dikenal; maksudnya "status"?',
        ),
        (
            "status: final",
            "status: selesai",
            "status:",
            "status: harus salah satu dari 'final' or 'draf' (ditemukan: \"selesai\")",
        ),
        (
            "peringatan: Jika",
            "peringatan:\n  a: Jika",
            "a: Jika",
            "peringatan: harus berupa teks (ditemukan: pemetaan kunci: nilai)",
        ),
        (
            "nama: Pengumpulan Data Kinerja Per Triwulan\n",
            "",
            "nomor:",
            "nama: wajib diisi, tetapi kunci ini tidak ada",
        ),
    ],
)
def test_sop_mistakes(
    site_dir: Path, capsys, old: str, new: str, needle: str, expected: str
) -> None:
    edit(SOP, old, new)
    line = line_of(SOP, needle)
    (problem,) = check(capsys)
    assert problem.startswith(f"{SOP}:{line}:"), problem
    assert problem.split(": ", 1)[1] == expected, problem


def test_wrong_usage_exits_2(site_dir: Path, capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["publish"])
    assert info.value.code == 2


def test_build_ends_with_a_summary(site_dir: Path, capsys) -> None:
    assert main(["--no-pdf"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1].startswith(
        "3 dokumen, 0 PDF dibuat, 0 PDF dilewati (tidak berubah), 1 peringatan, "
    )


def test_three_mistakes_in_one_sop_in_one_run(site_dir: Path, capsys) -> None:
    """A date that does not exist (the schema), an unknown regulation (a reference) and a step
    nothing reaches (the flow): all three, each at its line, from one `check`."""
    edit(SOP, "tanggal_efektif: 2023-07-26", "tanggal_efektif: 2023-02-30")
    edit(SOP, "  - permendagri-29-2014", "  - permendagri-29-2041")
    edit(
        SOP,
        "    output: Format Isian Data Kinerja Triwulan\n",
        "    output: Format Isian Data Kinerja Triwulan\n    lanjut: 5\n",
    )
    assert check(capsys) == [
        f'{SOP}:6:18: tanggal_efektif: tanggal ini tidak ada di kalender (ditemukan: "2023-02-30")',
        f'{SOP}:11:5: dasar_hukum ke-3: peraturan "permendagri-29-2041" tidak ada di '
        'dasar_hukum.yaml; maksudnya "permendagri-29-2014"?',
        f"{SOP}:47:5: langkah 4 tidak pernah dicapai dari langkah 1",
    ]


def test_a_step_that_does_not_parse_leaves_the_flow_unchecked(site_dir: Path, capsys) -> None:
    """A step whose jump did not parse cannot be followed: no guessed flow problems after it,
    but the references are still checked."""
    edit(SOP, "      tidak: 5               # draf", "      tidak: ''               # draf")
    edit(SOP, "disahkan_oleh: camat", "disahkan_oleh: lurah")
    assert check(capsys) == [
        f'{SOP}:7:16: disahkan_oleh: jabatan "lurah" tidak ada di pejabat.yaml (yang ada: camat)',
        f"{SOP}:62:14: langkah 6, keputusan.tidak: tidak boleh kosong",
    ]


def test_a_link_to_an_sop_with_mistakes_is_not_a_second_mistake(site_dir: Path, capsys) -> None:
    edit(SOP, "  - SOP Penyusunan Laporan Kinerja Triwulan", "  - sop: pengukuran-kinerja-triwulan")
    other = "content/sop/pengukuran-kinerja-triwulan.yaml"
    edit(other, "status: final", "status: selesai")
    (problem,) = check(capsys)
    assert problem.startswith(f"{other}:3:9: status: harus salah satu dari"), problem


def test_a_broken_registry_still_lets_the_flow_be_checked(site_dir: Path, capsys) -> None:
    """pejabat.yaml fails its schema: who signs cannot be judged, but the SOP's flow can."""
    edit("content/pejabat.yaml", "  jabatan: CAMAT HALONG", "  jabatn: CAMAT HALONG")
    edit(
        SOP,
        "    output: Format Isian Data Kinerja Triwulan\n",
        "    output: Format Isian Data Kinerja Triwulan\n    lanjut: 5\n",
    )
    assert check(capsys) == [
        "content/pejabat.yaml:4:3: camat.jabatan: wajib diisi, tetapi kunci ini tidak ada",
        'content/pejabat.yaml:4:3: camat.jabatn: kunci "jabatn" tidak dikenal; '
        'maksudnya "jabatan"?',
        f"{SOP}:47:5: langkah 4 tidak pernah dicapai dari langkah 1",
    ]


def test_a_report_with_a_bad_number_still_has_its_signer_checked(site_dir: Path, capsys) -> None:
    report = "content/laporan/kinerja-triwulan-iii-2023.yaml"
    edit(report, "target: 82.50", "target: 82,50")
    edit(report, "penandatangan: camat", "penandatangan: lurah")
    assert check(capsys) == [
        f'{report}:6:16: penandatangan: jabatan "lurah" tidak ada di pejabat.yaml (yang ada: camat)',
        f"{report}:12:17: sasaran ke-1, indikator ke-1, target: harus angka (pakai titik untuk "
        'desimal, misalnya 82.50) (ditemukan: "82,50")',
    ]
