"""Hostile input: WeasyPrint fetches nothing outside the project; templates escape everything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from officedocs.cli import main
from officedocs.fetcher import FetchRefused
from officedocs.pdf import document, fetcher_for


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "../../../../etc/hostname",
        "aset/escape.svg",
    ],
)
def test_fetches_outside_the_project_fail(site_dir: Path, src: str) -> None:
    root = site_dir / "content"
    os.symlink("/etc/hostname", root / "aset/escape.svg")
    with pytest.raises(FetchRefused):
        document(f'<img src="{src}">', root, root)


def test_files_inside_the_project_and_data_urls_load(site_dir: Path) -> None:
    root = site_dir / "content"
    fetcher = fetcher_for(root)
    doc = document(
        '<img src="aset/logo.svg"><img src="data:image/svg+xml,%3Csvg%20xmlns=%22'
        'http://www.w3.org/2000/svg%22%20width=%227%22%20height=%225%22/%3E">',
        root,
        root,
        fetcher,
    )
    assert fetcher.fetched == {(root / "aset/logo.svg").resolve()}
    # Both laid out as images (a refused or broken one becomes its alt text, no image box).
    images = [b for b in _boxes(doc.pages[0]._page_box) if type(b).__name__ == "InlineReplacedBox"]
    assert len(images) == 2
    assert images[1].width == 7  # the data: SVG at its own width (CSS px)


def _boxes(box):  # noqa: ANN001, ANN202 - WeasyPrint's boxes
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_markup_in_content_is_escaped(site_dir: Path) -> None:
    p = site_dir / "content/sop/pengumpulan-data-kinerja.yaml"
    p.write_text(
        p.read_text().replace(
            "uraian: Mengarsipkan",
            "uraian: '<script>alert(1)</script><img src=x onerror=alert(2)>'",
        )
    )
    assert main(["--no-pdf", "--quiet"]) == 0
    html = (site_dir / "output/sop/pengumpulan-data-kinerja.html").read_text()
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_files_for_one_output(site_dir: Path, capsys) -> None:
    src = site_dir / "content/sop/pengumpulan-data-kinerja.yaml"
    (site_dir / "content/sop/Pengumpulan-Data-Kinerja.yaml").write_text(src.read_text())
    assert main(["check"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/sop/pengumpulan-data-kinerja.yaml:1:1: berkas ini dan "
        "content/sop/Pengumpulan-Data-Kinerja.yaml akan menulis output yang sama "
        "(nama berkas hanya berbeda huruf besar/kecil)",
        "1 masalah pada isi; output/ tidak diubah",
    ]
