"""URLs in Markdown, images and the logo, duplicates and sizes: checked before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_content_errors import check, line_of

from officedocs.cli import main
from officedocs.problems import weasyprint_warning

LAPORAN = "content/laporan/kinerja-triwulan-iii-2023.yaml"
SOP = "content/sop/pengumpulan-data-kinerja.yaml"
LOGO = "content/aset/logo.svg"
REMOTE = (
    'gambar dari server lain tidak diizinkan ("https://example.org/foto.png"): pengunjung situs '
    "akan memanggil server itu dan PDF tidak bisa memuatnya; simpan berkasnya di content/aset/ "
    "lalu tulis aset/<nama berkas>"
)


def narrative(line: str) -> tuple[int, int]:
    """Add one line to the report's last Markdown field; where it starts in the file."""
    with open(LAPORAN, "a", encoding="utf-8") as f:
        f.write(f"  {line}\n")
    return len(Path(LAPORAN).read_text(encoding="utf-8").splitlines()), 3


@pytest.mark.parametrize(
    ("markdown", "url", "message"),
    [
        (
            "3. Lihat ![grafik](aset/tidak-ada.png).",
            "aset/tidak-ada.png",
            'berkas "aset/tidak-ada.png" tidak ada di content/',
        ),
        ('3. Lihat <img src="x">.', "x", 'berkas "x" tidak ada di content/'),
        (
            "3. ![sandi](../../etc/passwd)",
            "../../etc/passwd",
            '"../../etc/passwd" menunjuk ke luar folder content/',
        ),
        ("3. ![foto](https://example.org/foto.png)", "https://example.org/foto.png", REMOTE),
        (
            "3. [klik](javascript:alert(1))",
            "javascript:alert(1)",
            'alamat dengan skema "javascript:" tidak diizinkan ("javascript:alert(1)")',
        ),
        (
            "3. [SOP](sop/tidak-ada.html)",
            "sop/tidak-ada.html",
            'halaman "sop/tidak-ada.html" tidak ada di situs (tidak ada dokumen dengan nama itu)',
        ),
        (
            "3. [situs](//example.org/a)",
            "//example.org/a",
            'tulis alamat lengkap, diawali https:// ("//example.org/a")',
        ),
        (
            "3. Tombol <b onclick=alert(1)>ini</b>",
            "onclick",
            'atribut "onclick" (skrip) tidak diizinkan di teks ini',
        ),
    ],
)
def test_urls_in_markdown(site_dir: Path, capsys, markdown: str, url: str, message: str) -> None:
    line, start = narrative(markdown)
    col = start + markdown.index(url)
    assert check(capsys) == [f"{LAPORAN}:{line}:{col}: tindak_lanjut: {message}"]


def test_image_through_a_symlink_out_of_content(site_dir: Path, capsys) -> None:
    os.symlink("/etc/hostname", "content/aset/escape.png")
    line, col = narrative("3. ![x](aset/escape.png)")
    assert check(capsys) == [
        f'{LAPORAN}:{line}:{col + 8}: tindak_lanjut: "aset/escape.png" menunjuk ke luar folder content/'
    ]


def test_the_same_refusal_from_check_preview_and_build(site_dir: Path, capsys) -> None:
    line, col = narrative("3. ![grafik](aset/tidak-ada.png)")
    expected = (
        f"{LAPORAN}:{line}:{col + 13}: tindak_lanjut: "
        'berkas "aset/tidak-ada.png" tidak ada di content/'
    )
    for argv in (["check"], ["--no-pdf"], []):
        assert main(argv) == 1
        assert capsys.readouterr().err.splitlines() == [
            expected,
            "1 masalah pada isi; output/ tidak diubah",
        ]
        assert not (site_dir / "output").exists()


def test_links_to_pages_and_files_that_exist_pass(site_dir: Path, capsys) -> None:
    narrative(
        "3. [SOP](sop/pengumpulan-data-kinerja.html), [PDF](laporan/kinerja-triwulan-iii-2023.pdf),"
        " [beranda](index.html), [bagian](#d), [situs](https://balangankab.go.id),"
        " [surel](mailto:kechalong1@gmail.com), ![logo](aset/logo.svg)"
    )
    assert main(["check"]) == 0
    assert_only_the_known_warning(capsys)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">\n'


@pytest.mark.parametrize(
    ("svg", "expected"),
    [
        (
            SVG + '<rect width="5" height="5"/>\n<script>alert(1)</script>\n</svg>',
            f"{LOGO}:3:1: elemen <script> tidak diizinkan di SVG",
        ),
        (
            SVG + '<image href="https://example.org/x.png" width="5" height="5"/>\n</svg>',
            f'{LOGO}:2:1: <image> merujuk ke luar berkas ("https://example.org/x.png"); hanya '
            "#id di dalam berkas ini atau gambar data:image/png, jpeg, gif yang diizinkan",
        ),
        (
            SVG + '<rect width="5" height="5" style="fill:url(file:///etc/passwd)"/>\n</svg>',
            f'{LOGO}:2:1: url("file:///etc/passwd") merujuk ke luar berkas; hanya url(#id) diizinkan',
        ),
        (
            SVG + '<rect width="5" height="5" onload="alert(1)"/>\n</svg>',
            f'{LOGO}:2:1: atribut "onload" (skrip) tidak diizinkan pada <rect>',
        ),
        (
            SVG + "<foreignObject><p>teks</p></foreignObject>\n</svg>",
            f"{LOGO}:2:1: elemen <foreignObject> tidak diizinkan di SVG",
        ),
        (
            "GIF89a: bukan gambar vektor\n",
            f"{LOGO}:1:1: bukan berkas SVG: isinya bukan XML yang benar",
        ),
        (
            '<svg width="10" height="10"><rect width="5" height="5"/></svg>',
            f'{LOGO}:1:1: elemen akar harus <svg> (tambahkan xmlns="http://www.w3.org/2000/svg")',
        ),
        (
            # Clean by the lists, but WeasyPrint cannot draw it: a damaged embedded picture.
            SVG + '<image href="data:image/png;base64,AAAA" width="5" height="5"/>\n</svg>',
            f"{LOGO}:1:1: WeasyPrint tidak bisa menggambar SVG ini "
            "(Failed to load image at 'data:image/png;base64,AAAA')",
        ),
    ],
    ids=[
        "script",
        "remote-image",
        "css-url",
        "handler",
        "foreignObject",
        "not-svg",
        "no-ns",
        "undrawable",
    ],
)
def test_logo_svg(site_dir: Path, capsys, svg: str, expected: str) -> None:
    Path(LOGO).write_text(svg, encoding="utf-8")
    assert check(capsys) == [expected]


def test_svg_from_an_editor_passes(site_dir: Path, capsys) -> None:
    """Inkscape's bookkeeping, a style sheet and #fragment references are drawing only."""
    Path(LOGO).write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="10" height="10">'
        '<style>.a{fill:url(#g)}</style><defs><linearGradient id="g"><stop offset="0"/>'
        '</linearGradient><path id="p" d="M0 0H5V5Z"/></defs>'
        '<g inkscape:label="Lapis 1"><use xlink:href="#p" class="a"/></g></svg>',
        encoding="utf-8",
    )
    assert main(["check"]) == 0
    assert_only_the_known_warning(capsys)


def assert_only_the_known_warning(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing said but the real content's one warning (a revoked regulation, pp-46-2011)."""
    out, err = capsys.readouterr()
    assert "isi benar: 2 SOP, 1 peringatan" in out
    (line,) = err.splitlines()
    assert "dasar_hukum ke-3: peringatan:" in line and "Nomor 46 Tahun 2011" in line, line


def test_two_sops_with_one_nomor(site_dir: Path, capsys) -> None:
    Path("content/sop/salinan.yaml").write_text(Path(SOP).read_text(encoding="utf-8"))
    assert check(capsys) == [
        'content/sop/salinan.yaml:1:8: nomor: nomor "067/03/HLG/VII/2023" sudah dipakai di '
        f"{SOP}:1:8; beri SOP ini nomor sendiri"
    ]


def test_two_reports_of_one_quarter(site_dir: Path, capsys) -> None:
    Path("content/laporan/tw3-ulang.yaml").write_text(Path(LAPORAN).read_text(encoding="utf-8"))
    n = line_of(LAPORAN, "triwulan: 3")
    assert check(capsys) == [
        f"content/laporan/tw3-ulang.yaml:{n}:11: triwulan: laporan tahun 2023 triwulan 3 sudah "
        f"ada di {LAPORAN}:{n}:11; satu laporan untuk satu triwulan"
    ]


def test_oversized_content_file(site_dir: Path, capsys) -> None:
    big = Path("content/sop/besar.yaml")
    big.write_text(Path(SOP).read_text(encoding="utf-8") + "#" * 1_100_000 + "\n")
    size = big.stat().st_size
    assert check(capsys) == [
        f"content/sop/besar.yaml:1:1: berkas terlalu besar ({size} byte, batas 1000000)"
    ]


def png(path: Path, side: int) -> int:
    """A PNG of noise (it does not compress), `side` pixels square; its size in bytes."""
    from PIL import Image

    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path)
    return path.stat().st_size


def test_oversized_image(site_dir: Path, capsys) -> None:
    size = png(Path("content/aset/foto.png"), 1400)
    narrative("3. ![foto](aset/foto.png)")
    assert check(capsys) == [
        f"content/aset/foto.png:1:1: gambar terlalu besar ({size} byte, batas 5000000)"
    ]


def test_large_image_is_a_warning(site_dir: Path, capsys) -> None:
    size = png(Path("content/aset/foto.png"), 450)
    narrative("3. ![foto](aset/foto.png)")
    assert main(["check"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"content/aset/foto.png:1:1: peringatan: gambar besar ({size} byte): halaman web dan PDF "
        "jadi berat; perkecil sampai di bawah 500000 byte"
    )
    assert main(["check", "--strict"]) == 1


def test_damaged_png(site_dir: Path, capsys) -> None:
    Path("content/aset/foto.png").write_bytes(b"\x89PNG\r\n\x1a\n rusak")
    narrative("3. ![foto](aset/foto.png)")
    assert check(capsys) == [
        "content/aset/foto.png:1:1: bukan gambar PNG yang utuh (buka dan simpan ulang gambarnya)"
    ]


def test_weasyprint_warning_names_the_source_file(site_dir: Path) -> None:
    root = site_dir / "content"
    image = (root / "aset/peta.png").resolve().as_uri()
    problem = weasyprint_warning(f"Failed to load image at '{image}': ", root / "sop/a.yaml", root)
    assert (problem.kind, problem.origin) == ("warning", "weasyprint")
    assert str(problem) == (
        "content/sop/a.yaml:1:1: peringatan: WeasyPrint: Failed to load image at "
        "'content/aset/peta.png':"
    )


def test_link_to_a_draft_page_is_a_warning(site_dir: Path, capsys) -> None:
    line, col = narrative("3. [laporan ini](laporan/kinerja-triwulan-iii-2023.html)")
    assert main(["check"]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{LAPORAN}:{line}:{col + 17}: tindak_lanjut: peringatan: halaman "
        '"laporan/kinerja-triwulan-iii-2023.html" adalah draf: hanya ada di situs bila dibangun '
        "dengan --drafts"
    )
