"""The website in a real browser (Debian's chromium through Playwright): the flowchart sits on
the table rows there too, and the page prints on landscape pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium  # noqa: I001 - tests/ is on sys.path (rootdir conftest)
from synthetic import sop_yaml
from test_sheet_property import SEVEN

from officedocs.cli import main

pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert (
        main(["--content", str(ROOT / "content"), "--output", str(out), "--quiet", "--no-pdf"]) == 0
    )
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    pytest.importorskip("playwright.sync_api")
    viewport = {"width": 1400, "height": 1000}
    with chromium(tmp_path_factory.mktemp("chromium"), viewport=viewport) as browser:
        yield browser.new_page()


ROWS_AND_SYMBOLS = """() => {
    const out = [];
    for (const svg of document.querySelectorAll('svg.flowchart')) {
        const box = svg.getBoundingClientRect();
        const scale = box.height / svg.viewBox.baseVal.height;
        const table = svg.closest('table');
        for (const g of svg.querySelectorAll('g.step')) {
            const [x, y, w, h] = g.dataset.cell.split(' ').map(Number);
            const [bx, by, bw, bh] = g.dataset.bbox.split(' ').map(Number);
            const row = table.querySelector(`tr.langkah[data-step="${g.dataset.step}"]`).getBoundingClientRect();
            out.push({step: g.dataset.step, drawnTop: box.top + y * scale, rowTop: row.top,
                      drawnHeight: h * scale, rowHeight: row.height,
                      symbolTop: box.top + by * scale, symbolBottom: box.top + (by + bh) * scale});
        }
    }
    return out;
}"""


def assert_on_rows(page, steps: int) -> None:  # noqa: ANN001
    result = page.evaluate(ROWS_AND_SYMBOLS)
    assert sorted(int(r["step"]) for r in result) == list(range(1, steps + 1))
    for r in result:
        assert abs(r["drawnTop"] - r["rowTop"]) < 1.5, r  # CSS px
        assert abs(r["drawnHeight"] - r["rowHeight"]) < 1.5, r
        assert r["rowTop"] - 1.5 <= r["symbolTop"], r
        assert r["symbolBottom"] <= r["rowTop"] + r["rowHeight"] + 1.5, r


@pytest.mark.parametrize("width", [1400, 390])  # desktop, and a phone's scrolling box
@pytest.mark.parametrize("sop_id", ["pengumpulan-data-kinerja", "pengukuran-kinerja-triwulan"])
def test_flowchart_on_rows_in_browser(site: Path, page, sop_id: str, width: int) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 1000})
    page.goto((site / f"sop/{sop_id}.html").as_uri())
    assert_on_rows(page, 8 if sop_id == "pengumpulan-data-kinerja" else 7)
    assert "Tidak" in page.inner_text("body") and "Ya" in page.inner_text("body")


# Sheets nobody here wrote: long real role names, eight actors, one actor, forty steps.
STRANGERS = {
    "tujuh-a4": (30, 7, 1, list(SEVEN)),
    "delapan": (18, 8, 4, [*SEVEN[1:], "Kasi Pemberdayaan Masyarakat dan Desa", "Pemohon"]),
    "satu": (6, 1, 2, ["Kasubbag Perencanaan dan Keuangan"]),
    "empat-puluh": (40, 5, 9, None),
}


@pytest.fixture(scope="module", params=["A4", "F4"])
def strangers(request, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: ANN001
    folder = tmp_path_factory.mktemp("asing")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    kantor = content / "kantor.yaml"
    kantor.write_text(kantor.read_text().replace("kertas: F4", f"kertas: {request.param}"))
    for n, (sop_id, (steps, actors, seed, names)) in enumerate(STRANGERS.items()):
        (content / "sop" / f"{sop_id}.yaml").write_text(
            sop_yaml(steps, actors, seed=seed, long_text=True, names=names, nomor=f"1/{n}/X/2024"),
            encoding="utf-8",
        )
    out = folder / "output"
    assert main(["--content", str(content), "--output", str(out), "--quiet", "--no-pdf"]) == 0
    return out


@pytest.mark.parametrize("sop_id", list(STRANGERS))
def test_strangers_sheets_sit_on_rows_in_browser(strangers: Path, page, sop_id: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto((strangers / f"sop/{sop_id}.html").as_uri())
    assert_on_rows(page, STRANGERS[sop_id][0])


def test_index_lists_the_sheets(site: Path, page) -> None:  # noqa: ANN001
    page.goto((site / "index.html").as_uri())
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert (
        "sop/pengumpulan-data-kinerja.html" in links
        and "sop/pengukuran-kinerja-triwulan.html" in links
    )


def test_report_image_loads_from_the_sites_own_copy(site_dir: Path, page) -> None:  # noqa: ANN001
    """The image a report's Markdown names is shown from output/aset/, and nothing else loads."""
    from PIL import Image

    Image.new("RGB", (37, 23), (200, 30, 90)).save(site_dir / "content/aset/peta.png")
    report = site_dir / "content/laporan/kinerja-triwulan-iii-2023.yaml"
    with report.open("a", encoding="utf-8") as f:
        f.write("  3. Peta: ![peta](aset/peta.png)\n")
    assert main(["--quiet", "--no-pdf", "--drafts"]) == 0
    out = site_dir / "output"
    requests: list[str] = []

    def record(request) -> None:  # noqa: ANN001 - a Playwright Request
        requests.append(request.url)

    page.on("request", record)
    page.goto((out / "laporan/kinerja-triwulan-iii-2023.html").as_uri())
    size = page.eval_on_selector(".narasi img", "img => [img.naturalWidth, img.naturalHeight]")
    page.remove_listener("request", record)
    assert size == [37, 23]
    assert (out / "aset/peta.png").as_uri() in requests
    assert all(url.startswith(out.as_uri()) for url in requests), requests
