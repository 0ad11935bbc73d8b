"""periksa.html in a real browser (Debian's chromium, `file://`, no server): a published PDF is
named with its document and version, a changed copy is not one of ours, and an earlier
version a build replaced is recognised as superseded."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs.cli import main

pytestmark = [
    pytest.mark.slow,  # renders PDFs, a real browser
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
SOP = "sop/pengumpulan-data-kinerja.pdf"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Built once; then the SOP changed and built again: its first PDF is an old version."""
    root = tmp_path_factory.mktemp("periksa")
    shutil.copytree(ROOT / "content", root / "content")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        mp.delenv("TTE_P12", raising=False)
        mp.delenv("TTE_PASSPHRASE", raising=False)
        assert main(["--quiet", "--jobs", "1"]) == 0
        old = (root / "output" / SOP).read_bytes()
        source = root / "content/sop/pengumpulan-data-kinerja.yaml"
        source.write_text(source.read_text().replace("Triwulan", "Triwulanan"))
        assert main(["--quiet", "--jobs", "1"]) == 0
    (root / "lama.pdf").write_bytes(old)
    changed = bytearray((root / "output" / SOP).read_bytes())
    changed[-20] ^= 1  # one byte, as a forger or a damaged copy would
    (root / "ubah.pdf").write_bytes(bytes(changed))
    return {"root": root, "output": root / "output"}


@pytest.fixture(scope="module")
def page(site: dict):  # noqa: ANN201
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site["output"] / "periksa.html").as_uri())
        yield page
        browser.close()
        assert errors == []


def _drop(page, path: Path) -> str:  # noqa: ANN001
    page.set_input_files("#periksa-berkas", str(path))
    page.wait_for_function(
        "!document.getElementById('periksa-hasil').textContent.includes('Menghitung')"
    )
    page.wait_for_function("document.getElementById('periksa-hasil').textContent.length > 0")
    return page.inner_text("#periksa-hasil")


def test_a_published_pdf_is_named(site: dict, page) -> None:  # noqa: ANN001
    said = _drop(page, site["output"] / SOP)
    assert said.startswith(
        "pengumpulan-data-kinerja.pdf: cocok. Berkas ini adalah SOP Pengumpulan Data Kinerja Per Triwulanan (067/03/HLG/VII/2023), tanggal 26 Juli 2023, versi terbaru yang diterbitkan KECAMATAN HALONG."
    ), said
    link = page.get_attribute("#periksa-hasil a", "href")
    assert link == "sop/pengumpulan-data-kinerja.html" and (site["output"] / link).is_file()


def test_a_changed_copy_is_not_ours(site: dict, page) -> None:  # noqa: ANN001
    said = _drop(page, site["root"] / "ubah.pdf")
    assert said.startswith("ubah.pdf: BUKAN dokumen yang diterbitkan KECAMATAN HALONG."), said
    assert page.get_attribute("#periksa-hasil", "class") == "periksa-bukan"


def test_an_earlier_version_is_superseded(site: dict, page) -> None:  # noqa: ANN001
    said = _drop(page, site["root"] / "lama.pdf")
    assert said.startswith("lama.pdf: versi LAMA dari SOP Pengumpulan Data Kinerja Per Triwulan"), (
        said
    )
    assert "sudah diganti" in said


def test_the_table_is_what_was_published(site: dict) -> None:
    import hashlib

    html = (site["output"] / "periksa.html").read_text()
    table = json.loads(re.search(r'"application/json">(.*?)</script>', html, re.S).group(1))
    current = hashlib.sha256((site["output"] / SOP).read_bytes()).hexdigest()
    old = hashlib.sha256((site["root"] / "lama.pdf").read_bytes()).hexdigest()
    assert table[current]["terbaru"] is True and table[old]["terbaru"] is False
    assert table[current]["halaman"] == table[old]["halaman"] == "sop/pengumpulan-data-kinerja.html"
