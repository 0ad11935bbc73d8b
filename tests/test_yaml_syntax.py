"""A YAML syntax mistake in a real content file is named in Indonesian at its own line.

PyYAML gives up later than the mistake (an unclosed quote on line 2 is noticed on line 25);
the message must point where the person has to type."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_content_errors import check, edit  # noqa: I001 - tests/ is on sys.path

SOP = "content/sop/pengumpulan-data-kinerja.yaml"
REPORT = "content/laporan/kinerja-triwulan-iii-2023.yaml"
UNCLOSED = "tanda kutip {q} ini tidak ditutup; tutup dengan {q} di akhir nilai pada baris yang sama"
LEVEL = "kunci dan butir daftar yang setingkat harus sejajar"


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        (  # the parser itself gives up on line 25, where the next quote closes this one
            SOP,
            "nama: Pengumpulan",
            'nama: "Pengumpulan',
            f"{SOP}:2:7: " + UNCLOSED.format(q='"'),
        ),
        (  # here it gives up at the end of the file
            SOP,
            "    kelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            "    kelengkapan: 'Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            f"{SOP}:33:18: " + UNCLOSED.format(q="'"),
        ),
        (
            SOP,
            "  - permendagri-52-2011",
            '  - "permendagri-52-2011',
            f"{SOP}:9:5: " + UNCLOSED.format(q='"'),
        ),
        (
            SOP,
            "    kelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            "\tkelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            f"{SOP}:33:1: karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi",
        ),
        (
            SOP,
            "    kelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            "     kelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            f"{SOP}:33:6: indentasi salah: baris ini menjorok 5 spasi, yang setingkat di atasnya 4 spasi; "
            + LEVEL,
        ),
        (
            SOP,
            "      ya: 7",
            "     ya: 7",
            f"{SOP}:63:6: indentasi salah: baris ini menjorok 5 spasi, yang setingkat di atasnya 6 spasi; "
            + LEVEL,
        ),
        (
            SOP,
            "  - pp-12-2019",
            " - pp-12-2019",
            f"{SOP}:10:2: indentasi salah: baris ini menjorok 1 spasi, yang setingkat di atasnya 2 spasi; "
            + LEVEL,
        ),
        (
            SOP,
            "  - uraian: Membuat Format Isian",
            "- uraian: Membuat Format Isian",
            f"{SOP}:36:1: indentasi salah: baris ini menjorok 0 spasi, yang setingkat di atasnya "
            "2 spasi; " + LEVEL,
        ),
        (
            SOP,
            "  - pp-12-2019",
            "  -pp-12-2019",
            f'{SOP}:10:3: butir daftar ditulis "- " (tanda minus lalu spasi), misalnya "- Camat"',
        ),
        (  # the parser gives up on the next line
            SOP,
            "disahkan_oleh: camat",
            "disahkan_oleh camat",
            f'{SOP}:7:1: titik dua (:) sesudah kunci tidak ada; tulis "kunci: nilai" '
            "(spasi sesudah titik dua)",
        ),
        (
            SOP,
            "    kelengkapan: Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            "    kelengkapan:Konsep Format Isian Data Kinerja Triwulan\n    waktu: 10",
            f'{SOP}:33:5: titik dua (:) sesudah kunci tidak ada; tulis "kunci: nilai" '
            "(spasi sesudah titik dua)",
        ),
        (
            SOP,
            "  - uraian: Mengarsipkan",
            "  - uraian: Tahap akhir: Mengarsipkan",
            f'{SOP}:71:24: nilai ini memuat ": "; apit seluruh nilai dengan tanda kutip, '
            'misalnya "A: B"',
        ),
        (
            SOP,
            "  - uraian: Mengarsipkan",
            '  - uraian: "Mengarsipkan" dokumen',
            f"{SOP}:71:28: ada teks sesudah tanda kutip penutup; bila tanda kutip itu bagian "
            "dari teks, apit seluruh nilai dengan tanda kutip jenis lain, misalnya '\"A\" B'",
        ),
        (
            REPORT,
            "  - sasaran: Meningkatnya kualitas pelayanan",
            '  - sasaran: "Meningkatnya kualitas pelayanan',
            f"{REPORT}:8:14: " + UNCLOSED.format(q='"'),
        ),
        (
            REPORT,
            "realisasi: [80.10, 81.55, 83.20]",
            "realisasi: [80.10, 81.55, 83.20",
            f"{REPORT}:13:20: kurung [ ini tidak ditutup dengan ]",
        ),
    ],
    ids=[
        "double-quote",
        "single-quote",
        "quote-in-list",
        "tab",
        "indent-deeper",
        "indent-shallower",
        "list-item-indent",
        "step-indent",
        "no-space-after-dash",
        "missing-colon",
        "no-space-after-colon",
        "colon-in-value",
        "text-after-quote",
        "report-quote",
        "report-bracket",
    ],
)
def test_syntax_mistake_at_its_line(
    site_dir: Path, capsys: pytest.CaptureFixture[str], path: str, old: str, new: str, expected: str
) -> None:
    edit(path, old, new)
    assert check(capsys) == [expected]
