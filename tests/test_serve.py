"""`python build.py serve` end to end: a real server process, a real browser on its page, edits to
a content file. Timeouts are generous and nothing is timed: a busy machine only makes it slower."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHROMIUM, chromium, serve  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

SOP = "content/sop/pengumpulan-data-kinerja.yaml"
WAIT = 60_000  # ms: the page shows a change after a rebuild, on however loaded a machine

pytestmark = [
    pytest.mark.slow,  # a server in a subprocess and a real browser
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed"),
]


@pytest.fixture
def server(site_dir: Path):  # noqa: ANN201
    """`build.py serve --port 0` in a copy of the content; yields its address."""
    with serve(site_dir) as (lines, errors):
        first = lines.get(timeout=60)
        assert first.startswith("Situs: http://127.0.0.1:"), first
        yield first.split()[1], errors


def test_serve_rebuilds_and_shows_problems(server, site_dir: Path) -> None:  # noqa: ANN001
    pytest.importorskip("playwright.sync_api")
    url, errors = server
    sop = site_dir / SOP
    text = sop.read_text()
    with chromium(site_dir / "chromium") as browser:
        page = browser.new_page()
        page.goto(url + "sop/pengumpulan-data-kinerja.html")
        page.wait_for_selector("text=Pengumpulan Data Kinerja Per Triwulan", timeout=WAIT)

        # An edit: the open page reloads by itself and shows it.
        sop.write_text(text.replace("Mengarsipkan", "Mengarsipkan dan Menyimpan"))
        page.wait_for_selector("td.uraian >> text=Mengarsipkan dan Menyimpan", timeout=WAIT)

        # A mistake: the terminal and the page say where, and the server keeps serving.
        sop.write_text(text.replace("disahkan_oleh: camat", "disahkan_oleh: camat\nnama_lain: x"))
        line = next(i for i, t in enumerate(sop.read_text().splitlines(), 1) if "nama_lain" in t)
        overlay = page.wait_for_selector("#serve-overlay", timeout=WAIT)
        expected = f'{Path(SOP)}:{line}:1: nama_lain: kunci "nama_lain" tidak dikenal'
        assert expected in overlay.inner_text()
        assert page.is_visible("td.uraian >> text=Mengarsipkan dan Menyimpan")  # last good build

        # Fixed again: the overlay goes and the page shows the new text.
        sop.write_text(text.replace("Mengarsipkan", "Mengarsipkan Berkas"))
        page.wait_for_selector("td.uraian >> text=Mengarsipkan Berkas", timeout=WAIT)
        assert page.query_selector("#serve-overlay") is None
    assert any(expected in e for e in errors)
    assert (site_dir / "output/index.html").read_text().count("/__serve/") == 0  # disk stays clean
