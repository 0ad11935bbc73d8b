"""The website on a phone (390 px) and on a desk, in Debian's chromium: nothing scrolls the page
sideways, the SOP's title never runs into what follows, the report's tables are cards with their
labels, and the chart's type stays readable with no value crossed by a rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import CHROMIUM, chromium  # noqa: I001 - tests/ is on sys.path (rootdir conftest)
from synthetic import sop_yaml

from officedocs.cli import main

pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
REPORT = "laporan/kinerja-triwulan-iii-2023.html"
LONG_NAME = (
    "Pelayanan Rekomendasi Izin Keramaian dan Kegiatan Kemasyarakatan yang Melibatkan Banyak "
    "Pihak di Wilayah Kecamatan"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("phone")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    yaml = sop_yaml(9, 4, seed=3, long_text=True, nomor="9/9/X/2024")
    yaml = yaml.replace("nama: Prosedur Uji 9 Langkah", f"nama: {LONG_NAME}", 1)
    assert LONG_NAME in yaml
    (content / "sop/judul-panjang.yaml").write_text(yaml, encoding="utf-8")
    out = folder / "output"
    assert (
        main(["--content", str(content), "--output", str(out), "--quiet", "--no-pdf", "--drafts"])
        == 0
    )
    return out


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    pytest.importorskip("playwright.sync_api")
    viewport = {"width": 390, "height": 844}
    with chromium(tmp_path_factory.mktemp("chromium"), viewport=viewport) as browser:
        yield browser.new_page()


def _no_sideways_scroll(page) -> None:  # noqa: ANN001
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize(
    "path", ["sop/pengumpulan-data-kinerja.html", "sop/judul-panjang.html", REPORT, "index.html"]
)
def test_no_sideways_scroll_at_390(site: Path, page, path: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((site / path).as_uri())
    _no_sideways_scroll(page)


@pytest.mark.parametrize("width", [390, 800, 1400])
@pytest.mark.parametrize("sop_id", ["pengumpulan-data-kinerja", "judul-panjang"])
def test_title_block_never_overlaps_what_follows(site: Path, page, width: int, sop_id: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / f"sop/{sop_id}.html").as_uri())
    boxes = page.evaluate("""() => {
        const title = document.querySelector('.judul-prosedur');
        const t = title.getBoundingClientRect();
        const after = [...document.querySelectorAll('.judul-prosedur ~ *')]
            .filter(e => e.offsetParent).map(e => e.getBoundingClientRect().top);
        return {bottom: t.bottom, scrollHeight: title.scrollHeight, clientHeight: title.clientHeight,
                after: Math.min(...after)};
    }""")
    assert boxes["scrollHeight"] <= boxes["clientHeight"] + 1, (
        boxes
    )  # the title's text fits its box
    assert boxes["bottom"] <= boxes["after"] + 0.5, boxes


def test_report_tables_are_labelled_cards_on_a_phone(site: Path, page) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto((site / REPORT).as_uri())
    # A card's text as a reader sees it: each shown cell's label (its ::before) and value.
    shown = """(sel) => [...document.querySelectorAll(sel)].map(tr => {
        const r = tr.getBoundingClientRect();
        const cells = [...tr.cells].filter(td => td.offsetParent).map(td => {
            const label = getComputedStyle(td, '::before').content;
            return (label === 'none' ? '' : label.replace(/^"|"$/g, '') + ' ') + td.innerText; });
        return {left: r.left, right: r.right, text: cells.join('\\n')};
    })"""
    cards = page.evaluate(shown, "table.angka-tabel tr.indikator")
    assert len(cards) == 6
    for card in cards:
        assert card["left"] >= 0 and card["right"] <= 390, card
        assert "Target" in card["text"] and "Capaian (%)" in card["text"], card
    first = cards[0]["text"]
    assert "Indeks Kepuasan Masyarakat" in first and "100,85" in first
    assert "Target 82,50" in first and "Capaian (%) 100,85" in first
    (totals,) = page.evaluate(shown, "tr.rata-rata")
    assert totals["text"].split("\n") == [
        "Rata-rata Capaian Kinerja",
        "Rata-rata capaian (%) 93,64",
        "Kategori Sangat Tinggi",
    ]
    renstra = page.evaluate(shown, "tr.renstra-baris")
    assert len(renstra) == 3  # A.1, A.4 and B.1 give Renstra figures in the example
    for card in renstra:  # every value under its own label, as in the printed header
        assert card["text"].split("\n")[0].startswith("No ")
        assert any(line.startswith("Target Renstra") for line in card["text"].split("\n"))
        assert any(line.startswith("Capaian Renstra (%) ") for line in card["text"].split("\n"))
    (budget,) = page.evaluate(shown, "tr.jumlah")
    assert "Pagu (Rp) 266.250.000" in budget["text"].split("\n")


CHART_TEXT = """(sel) => {
    const svg = document.querySelector(sel);
    const rules = [...svg.querySelectorAll('path')].map(p => p.getBoundingClientRect());
    return [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().width > 0)
        .map(t => { const b = t.getBoundingClientRect();
            const spans = [...t.querySelectorAll('tspan')].map(s => s.textContent);
            return {cls: t.getAttribute('class'), text: spans.length ? spans.join(' ') : t.textContent,
                    fontPx: b.height, box: [b.left, b.top, b.right, b.bottom],
                    crossed: rules.some(r => r.left >= b.left - 1 && r.right <= b.right + 1
                                       && r.top < b.bottom && r.bottom > b.top && r.width < 3)}; });
}"""


@pytest.mark.parametrize(
    ("width", "chart"), [(390, ".grafik-ponsel svg"), (1400, ".grafik-lebar svg")]
)
def test_chart_readable_and_values_clear(site: Path, page, width: int, chart: str) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((site / REPORT).as_uri())
    texts = page.evaluate(CHART_TEXT, chart)
    labels = [t["text"] for t in texts if t["cls"] == "label"]
    assert (
        "B.1 Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD"
        in labels
    )
    for t in texts:
        assert t["box"][0] >= 0 and t["box"][2] <= width, t
        if t["cls"] == "nilai":
            assert not t["crossed"], t
    if width == 390:
        assert min(t["fontPx"] for t in texts if t["cls"] == "label") >= 11  # readable on a phone
