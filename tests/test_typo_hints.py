"""A misspelt key is matched against the keys the schema allows where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_content_errors import check, edit, line_of

from officedocs.checks.schema import allowed_keys
from officedocs.schema import Laporan, Sop

SOP = "content/sop/pengumpulan-data-kinerja.yaml"
LAPORAN = "content/laporan/kinerja-triwulan-iii-2023.yaml"


def unknown(key: str, guess: str) -> str:
    return f'kunci "{key}" tidak dikenal; maksudnya "{guess}"?'


MISSING = "wajib diisi, tetapi kunci ini tidak ada"

# (model, file, old text, new text, [(needle of the line, column, where, message)])
CASES = [
    (
        "SOP",
        SOP,
        "tanggal_revisi: null",
        "tanggal_revsi: null",
        [("tanggal_revsi", 1, "tanggal_revsi", unknown("tanggal_revsi", "tanggal_revisi"))],
    ),
    (
        "langkah",
        SOP,
        "    output: Konsep Format",
        "    ouptut: Konsep Format",
        [("ouptut", 5, "langkah 1, ouptut", unknown("ouptut", "output"))],
    ),
    (
        "keputusan",
        SOP,
        "tidak: 5",
        "tidk: 5",
        # A branch may have any name (`Teknis: 5`); one close to ya/tidak is a typo.
        [
            (
                "tidk: 5",
                7,
                "langkah 6, keputusan.tidk",
                'cabang "tidk" tidak dikenal; maksudnya "tidak"?',
            )
        ],
    ),
    (
        "laporan",
        LAPORAN,
        "tanggal: 2023-10-10",
        "tangal: 2023-10-10",
        [("tangal", 1, "tangal", unknown("tangal", "tanggal")), ("status:", 1, "tanggal", MISSING)],
    ),
    (
        "sasaran",
        LAPORAN,
        "  - sasaran: Meningkatnya kualitas pelayanan",
        "  - sasran: Meningkatnya kualitas pelayanan",
        [
            ("sasran", 5, "sasaran ke-1, sasran", unknown("sasran", "sasaran")),
            ("sasran", 5, "sasaran ke-1, sasaran", MISSING),
        ],
    ),
    (
        "indikator",
        LAPORAN,
        "        realisasi: [80.10",
        "        realisai: [80.10",
        [
            (
                "realisai",
                9,
                "sasaran ke-1, indikator ke-1, realisai",
                unknown("realisai", "realisasi"),
            ),
            ("indikator: Indeks", 9, "sasaran ke-1, indikator ke-1, realisasi", MISSING),
        ],
    ),
    (
        "mata anggaran",
        LAPORAN,
        "    sub_kegiatan: Koordinasi dan Penyusunan",
        "    sub_kegiatn: Koordinasi dan Penyusunan",
        [
            (
                "sub_kegiatn",
                5,
                "anggaran ke-1, sub_kegiatn",
                unknown("sub_kegiatn", "sub_kegiatan"),
            ),
            ("  - program:", 5, "anggaran ke-1, sub_kegiatan", MISSING),
        ],
    ),
    (
        "kantor",
        "content/kantor.yaml",
        "instagram: Kantor",
        "instagrm: Kantor",
        [("instagrm", 1, "instagrm", unknown("instagrm", "instagram"))],
    ),
    (
        "pejabat",
        "content/pejabat.yaml",
        "      selesai: null",
        "      selsai: null",
        [("selsai", 7, "camat.masa ke-1, selsai", unknown("selsai", "selesai"))],
    ),
    (
        "peraturan",
        "content/dasar_hukum.yaml",
        "  dicabut_oleh: pp-30-2019",
        "  dicabut_olehh: pp-30-2019",
        [
            (
                "dicabut_olehh",
                3,
                "pp-46-2011.dicabut_olehh",
                unknown("dicabut_olehh", "dicabut_oleh"),
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_typo_suggests_the_key_allowed_there(
    site_dir: Path, capsys, path: str, old: str, new: str, expected: list
) -> None:
    edit(path, old, new)
    want = [
        f"{path}:{line_of(path, needle)}:{col}: {where}: {message}"
        for needle, col, where, message in expected
    ]
    assert sorted(check(capsys)) == sorted(want)


def test_allowed_keys_follow_the_schema() -> None:
    assert allowed_keys(Laporan, ("sasaran", 0, "indikator", 2)) == [
        "agregasi",
        "indikator",
        "polaritas",
        "realisasi",
        "realisasi_sd_tahun_lalu",
        "satuan",
        "target",
        "target_renstra",
    ]
    assert allowed_keys(Sop, ("keterkaitan", 1)) == ["sop"]  # text or {sop: id}
    assert {"keputusan", "lanjut", "mulai", "selesai"} <= set(allowed_keys(Sop, ("kegiatan", 0)))
    assert allowed_keys(Sop, ("kegiatan", 0, "keputusan")) == []  # branches have any name
