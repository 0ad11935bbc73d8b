"""YAML's traps and hostile files: text stays text, and every bad file gets a placed message."""

from __future__ import annotations

from pathlib import Path

import pytest

from officedocs.cli import main
from officedocs.yamltext import YamlProblem, load_text

SOP = "content/sop/pengumpulan-data-kinerja.yaml"


def test_scalars_stay_text() -> None:
    doc = load_text(b"a: no\nb: 012\nc: yes\nd: 1.10\ne: 2023-07-26\nf: null\ng: 'null'\n")
    assert doc.data == {
        "a": "no",
        "b": "012",
        "c": "yes",
        "d": "1.10",
        "e": "2023-07-26",
        "f": None,
        "g": "null",
    }
    assert doc.values[("b",)] == (2, 4)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: 1\nb: 2\na: 3\n", (3, 1, 'kunci "a" ditulis dua kali (pertama di baris 1)')),
        (
            b"a: &x [1]\nb: *x\n",
            (1, 4, "anchor dan alias YAML (& dan *) tidak diizinkan; tulis nilainya langsung"),
        ),
        (b"a:\n\t- b\n", (2, 1, "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi")),
        (b"a: \xff\xfe\n", (1, 1, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8")),
        (b"", (1, 1, "berkas kosong")),
        (b"# hanya komentar\n", (1, 1, "berkas kosong")),
        (b"a: [1, 2\n", (1, 4, "kurung [ ini tidak ditutup dengan ]")),
        (b"a: {b: 1\nc: 2\n", (1, 4, "kurung { ini tidak ditutup dengan }")),
        (b"x" * 1_000_001, (1, 1, "berkas terlalu besar (1000001 byte, batas 1000000)")),
    ],
)
def test_bad_yaml(raw: bytes, expected: tuple[int, int, str]) -> None:
    with pytest.raises(YamlProblem) as info:
        load_text(raw)
    assert (info.value.line, info.value.col, info.value.message) == expected


def test_billion_laughs_fails_fast() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
        for i in range(8)
    ]
    with pytest.raises(YamlProblem, match="anchor dan alias"):
        load_text("\n".join(lines).encode())


def test_octal_looking_number_is_kept(site_dir: Path, capsys) -> None:
    p = Path(SOP)
    p.write_text(p.read_text().replace("nomor: 067/03/HLG/VII/2023", "nomor: 012"))
    assert main(["--no-pdf", "--quiet"]) == 0
    assert "012" in (site_dir / "output/sop/pengumpulan-data-kinerja.html").read_text()


def test_list_where_mapping_belongs(site_dir: Path, capsys) -> None:
    Path(SOP).write_text("- nomor: 1\n- nama: x\n")
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"{SOP}:1:1: isi berkas harus berupa pemetaan (kunci: nilai) (ditemukan: daftar)"
    )


def test_all_problems_of_a_run_are_reported_together(site_dir: Path, capsys) -> None:
    p = Path(SOP)
    p.write_text(
        p.read_text()
        .replace("waktu: 30 Menit", "waktu: lama")
        .replace("status: final", "status: x")
    )
    Path("content/pejabat.yaml").write_text(
        Path("content/pejabat.yaml")
        .read_text()
        .replace('"19810914 201001 1 009"', '"19811314 201001 1 009"')
    )
    assert main(["check"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and err[-1] == "3 masalah pada isi; output/ tidak diubah"
    assert err[0] == (
        "content/pejabat.yaml:7:12: camat.masa ke-1, nip: angka 1-8 NIP harus tanggal "
        'lahir TTTTBBHH yang ada (ditemukan: "19811314 201001 1 009")'
    )


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19810914 201001 1 00", "NIP harus 18 angka (ditemukan 17 karakter)"),
        ("19810914 201013 1 009", "angka 9-14 NIP harus tahun dan bulan pengangkatan TTTTBB"),
        ("19810914 201001 3 009", "angka ke-15 NIP (jenis kelamin) harus 1 atau 2"),
        (
            "19810914 197001 1 009",
            "tahun pengangkatan pada NIP (angka 9-12) harus setelah tahun lahir",
        ),
    ],
)
def test_malformed_nip(site_dir: Path, capsys, nip: str, message: str) -> None:
    p = Path("content/pejabat.yaml")
    p.write_text(p.read_text().replace("19810914 201001 1 009", nip))
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f'content/pejabat.yaml:7:12: camat.masa ke-1, nip: {message} (ditemukan: "{nip}")'
    )


def test_missing_logo(site_dir: Path, capsys) -> None:
    Path("content/aset/logo.svg").unlink()
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        'content/kantor.yaml:9:7: logo: berkas logo tidak ada di dalam content/ (ditemukan: "aset/logo.svg")'
    )


NEVER_ENDS = "tidak pernah sampai ke langkah terakhir (8): prosedur tidak pernah selesai"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        # Step 3 jumps over step 4, which nothing else reaches.
        (
            (
                "    output: Format Isian Data Kinerja Triwulan\n",
                "    output: Format Isian Data Kinerja Triwulan\n    lanjut: 5\n",
            ),
            [f"{SOP}:47:5: langkah 4 tidak pernah dicapai dari langkah 1"],
        ),
        # Step 5 goes back to 4 for ever: 4 -> 5 -> 4 never reaches the end, and 6 to 8 are
        # never reached. Each at its step's line, named from 1, without `kegiatan[..]`.
        (
            (
                "    output: Draft Laporan Kinerja Triwulan\n  - uraian: Memverifikasi",
                "    output: Draft Laporan Kinerja Triwulan\n    lanjut: 4\n  - uraian: Memverifikasi",
            ),
            [
                *(
                    f"{SOP}:{line}:5: alur dari langkah {n} {NEVER_ENDS}"
                    for n, line in [(1, 31), (2, 36), (3, 41), (4, 46), (5, 51)]
                ),
                *(
                    f"{SOP}:{line}:5: langkah {n} tidak pernah dicapai dari langkah 1"
                    for n, line in [(6, 57), (7, 65), (8, 72)]
                ),
            ],
        ),
    ],
    ids=["unreached", "never-ends"],
)
def test_flow_problems(site_dir: Path, capsys, edit, expected: list[str]) -> None:
    p = Path(SOP)
    text = p.read_text()
    assert edit[0] in text
    p.write_text(text.replace(edit[0], edit[1], 1))
    assert main(["check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [*expected, f"{len(expected)} masalah pada isi; output/ tidak diubah"]
