"""The website's files on disk: content pages and their mistakes, sitemap and canonical address,
file modes, what stays when documents go. No browser here (see test_website.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from officedocs.cli import main

PAGE = "content/halaman/cara-membaca-sop.md"


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--quiet", "--no-pdf", *args])
    return code, capsys.readouterr().err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("judul: x\n---\nIsi", f"{PAGE}:1:1: halaman harus diawali front matter"),
        ("---\njudul: x\nIsi", f'{PAGE}:1:1: front matter tidak ditutup dengan baris "---"'),
        ("---\n---\nIsi", f"{PAGE}:2:1: front matter kosong: tulis sedikitnya judul: ..."),
        ("---\njudul: x\njudul: y\n---\nIsi", f'{PAGE}:3:1: kunci "judul" ditulis dua kali'),
        ("---\njudul: x\n\turutan: 1\n---\nIsi", f"{PAGE}:3:1: karakter tab tidak boleh"),
        ("---\njudul: x\nurutn: 1\n---\nIsi", f'{PAGE}:3:1: urutn: kunci "urutn" tidak dikenal'),
        ("---\nurutan: 1\n---\nIsi", f"{PAGE}:2:1: judul: wajib diisi"),
        ("---\njudul: x\nurutan: satu\n---\nIsi", f"{PAGE}:3:9: urutan: harus bilangan bulat"),
        ("---\n- judul\n---\nIsi", f"{PAGE}:2:1: front matter harus berupa pemetaan"),
        ("---\njudul: x\n---\n\n", f"{PAGE}:3:1: isi halaman kosong"),
    ],
)
def test_page_mistakes_name_file_and_line(
    site_dir: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    assert build(capsys)[0] == 0
    before = snapshot(site_dir / "output")
    Path(PAGE).write_text(text)
    code, err = build(capsys)
    assert code == 1
    assert err.splitlines()[0].startswith(expected), err
    assert "Traceback" not in err
    assert snapshot(site_dir / "output") == before  # nothing written


def test_page_file_names(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("content/halaman/index.md").write_text("---\njudul: x\n---\nIsi\n")
    Path("content/halaman/Profil.md").write_text("---\njudul: x\n---\nIsi\n")
    Path("content/halaman/kontak.txt").write_text("Isi\n")
    Path("content/halaman/rusak.md").write_bytes(b"---\njudul: caf\xe9\n---\n")
    code, err = build(capsys)
    assert code == 1
    assert err.splitlines()[:-1] == [
        'content/halaman/Profil.md:1:1: nama berkas halaman hanya boleh huruf kecil, angka dan -, dan bukan "index" (ditemukan: "Profil.md")',
        'content/halaman/index.md:1:1: nama berkas halaman hanya boleh huruf kecil, angka dan -, dan bukan "index" (ditemukan: "index.md")',
        "content/halaman/kontak.txt:1:1: halaman harus berupa berkas berakhiran .md",
        "content/halaman/rusak.md:2:1: berkas bukan teks UTF-8; simpan ulang sebagai UTF-8",
    ]


def test_pages_in_navigation_order_and_sanitised(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("content/halaman/kontak.md").write_text(
        "---\njudul: Kontak\nurutan: 0\n---\nHubungi kami. [tautan](https://balangankab.go.id/)\n"
    )  # hostile markup is refused with its line (test_hostile_markdown), never stripped
    assert build(capsys)[0] == 0
    html = Path("output/kontak.html").read_text()
    body = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in body and "javascript:" not in body and "onclick" not in body
    assert '<meta name="description" content="Hubungi kami. tautan">' in html
    sop_page = Path("output/sop/pengumpulan-data-kinerja.html").read_text()
    nav = re.findall(r'href="([^"]+)"', sop_page[sop_page.index("<nav") : sop_page.index("</nav>")])
    assert nav[-2:] == ["../kontak.html", "../cara-membaca-sop.html"]  # urutan 0, then 1

    Path("content/halaman/kontak.md").unlink()  # a page removed: its file goes too
    assert build(capsys)[0] == 0
    assert not Path("output/kontak.html").exists() and Path("output/cara-membaca-sop.html").exists()


def test_sitemap_and_canonical_when_situs_is_set(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(capsys)[0] == 0
    assert not Path("output/sitemap.xml").exists()
    assert 'rel="canonical"' not in Path("output/index.html").read_text()
    kantor = Path("content/kantor.yaml")
    kantor.write_text(
        kantor.read_text().replace("situs: null", "situs: https://halong.example.id/")
    )
    assert build(capsys)[0] == 0
    sitemap = Path("output/sitemap.xml").read_text()
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://halong.example.id/sop/pengumpulan-data-kinerja.html" in locs
    assert "https://halong.example.id/dasar-hukum/pp-12-2019.html" in locs
    assert "https://halong.example.id/cara-membaca-sop.html" in locs
    assert not any("laporan/" in loc for loc in locs)  # the example report is a draft
    pages = {p.relative_to("output").as_posix() for p in Path("output").rglob("*.html")}
    assert {loc.removeprefix("https://halong.example.id/") for loc in locs} == pages
    assert (
        '<link rel="canonical" href="https://halong.example.id/sop/pengumpulan-data-kinerja.html">'
        in Path("output/sop/pengumpulan-data-kinerja.html").read_text()
    )
    kantor.write_text(kantor.read_text().replace("https://halong.example.id/", "null"))
    assert build(capsys)[0] == 0
    assert not Path("output/sitemap.xml").exists()  # no address, no sitemap


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_output_files_get_the_umask_mode(
    site_dir: Path, capsys: pytest.CaptureFixture[str], umask: int, mode: int
) -> None:
    old = os.umask(umask)
    try:
        Path("output").mkdir()
        Path("output/index.html").write_text("lama")
        os.chmod("output/index.html", 0o600)  # as an older build left it
        assert build(capsys)[0] == 0
        unchanged = Path("output/assets/style.css")
        unchanged.chmod(0o600)
        assert build(capsys)[0] == 0  # a file rewritten with the same bytes is fixed too
    finally:
        os.umask(old)
    modes = {str(p): p.stat().st_mode & 0o777 for p in Path("output").rglob("*") if p.is_file()}
    assert set(modes.values()) == {mode}, modes


def test_no_pdf_keeps_and_links_the_pdfs_there_are(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("output/sop").mkdir(parents=True)
    Path("output/sop/pengumpulan-data-kinerja.pdf").write_bytes(b"%PDF- lama")
    assert build(capsys)[0] == 0
    assert Path("output/sop/pengumpulan-data-kinerja.pdf").read_bytes() == b"%PDF- lama"
    index = Path("output/index.html").read_text()
    assert 'href="sop/pengumpulan-data-kinerja.pdf"' in index
    assert 'href="sop/pengukuran-kinerja-triwulan.pdf"' not in index  # none built: no link
    assert (
        'href="pengumpulan-data-kinerja.pdf"'
        in Path("output/sop/pengumpulan-data-kinerja.html").read_text()
    )


def test_a_draft_is_named_but_not_linked(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sop = Path("content/sop/pengumpulan-data-kinerja.yaml")
    sop.write_text(
        sop.read_text().replace(
            "keterkaitan:\n", "keterkaitan:\n  - sop: pengukuran-kinerja-triwulan\n"
        )
    )
    other = Path("content/sop/pengukuran-kinerja-triwulan.yaml")
    other.write_text(other.read_text().replace("status: final", "status: draf"))
    assert build(capsys)[0] == 0
    html = Path("output/sop/pengumpulan-data-kinerja.html").read_text()
    assert "<li>Pelaksanaan Pengukuran Kinerja Triwulan</li>" in html  # no page to link to
    assert build(capsys, "--drafts")[0] == 0
    html = Path("output/sop/pengumpulan-data-kinerja.html").read_text()
    assert (
        '<a href="pengukuran-kinerja-triwulan.html">Pelaksanaan Pengukuran Kinerja Triwulan</a>'
        in html
    )


def test_situs_must_be_a_full_address(site_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kantor = Path("content/kantor.yaml")
    kantor.write_text(kantor.read_text().replace("situs: null", "situs: halong.example.id"))
    line = kantor.read_text().splitlines().index("situs: halong.example.id") + 1
    code, err = build(capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        f"content/kantor.yaml:{line}:8: situs: alamat situs harus lengkap, misalnya "
        'https://kecamatan.example.go.id/ (ditemukan: "halong.example.id")'
    )


def test_page_links_resolve_or_name_the_line(
    site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("content/aset/denah.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    page = Path("content/halaman/layanan.md")
    good = (
        "---\njudul: Layanan\n---\nLihat [daftar SOP](index.html#sop), "
        "[SOP ini](sop/pengumpulan-data-kinerja.html),\n"
        "[peraturan](dasar-hukum/pp-12-2019.html) dan ![denah](aset/denah.svg).\n"
        "[Situs kabupaten](https://balangankab.go.id/) [surel](mailto:a@b.id) [atas](#)\n"
    )
    page.write_text(good)
    assert build(capsys)[0] == 0
    assert Path("output/aset/denah.svg").exists()  # the page's image, copied

    page.write_text(good + "\nJuga [SOP lama](sop/tidak-ada.html).\n")
    code, err = build(capsys)
    assert code == 1
    assert err.splitlines()[0] == (
        'content/halaman/layanan.md:8:17: halaman "sop/tidak-ada.html" tidak ada di situs '
        "(tidak ada dokumen dengan nama itu)"
    )
    page.unlink()
    assert build(capsys)[0] == 0
    assert not Path("output/aset/denah.svg").exists()  # no page shows it any more
