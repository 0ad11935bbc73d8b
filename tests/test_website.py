"""The public website in a real browser (Debian's chromium through Playwright): search, phone
layout, highlight, regulation pages, accessibility, links. Built once from the real content plus
a third SOP with other actors and an accented name, a link between SOPs, the report published."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import ARGS, CHROMIUM, serious_violations  # noqa: I001 - tests/ is on sys.path (rootdir conftest)
from synthetic import sop_yaml

from officedocs.cli import main
from officedocs.content import load_site

pytestmark = [
    pytest.mark.slow,  # a real browser
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
    ),
]
ROOT = Path(__file__).resolve().parent.parent
SOP = "sop/pengumpulan-data-kinerja.html"
PAGES = {
    "index": "index.html",
    "sop": SOP,
    "regulasi": "dasar-hukum/pp-46-2011.html",
    "laporan": "laporan/kinerja-triwulan-iii-2023.html",
    "halaman": "cara-membaca-sop.html",
    "periksa": "periksa.html",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    third = sop_yaml(6, 2, nomor="474/05/HLG/II/2024")
    third = third.replace("Prosedur Uji 6 Langkah", "Pendataan Réklame Desa")
    third = third.replace("Pelaksana A", "Petugas Loket").replace(
        "Pelaksana B", "Kasi Pemerintahan"
    )
    (content / "sop/pendataan-reklame.yaml").write_text(third)
    sop = content / "sop/pengumpulan-data-kinerja.yaml"
    sop.write_text(
        sop.read_text().replace(
            "keterkaitan:\n", "keterkaitan:\n  - sop: pengukuran-kinerja-triwulan\n"
        )
    )
    # The public site shows published reports only; the example one is a draft.
    report = content / "laporan/kinerja-triwulan-iii-2023.yaml"
    report.write_text(report.read_text().replace("status: draf", "status: final"))
    out = root / "output"
    args = ["--content", str(content), "--output", str(out), "--quiet", "--no-pdf"]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    """Debian's chromium; each context below starts from a fresh profile."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def phone(browser, **options):  # noqa: ANN001, ANN003, ANN201
    """A page as on a 390 x 844 phone: touch, and the viewport meta tag honoured."""
    size = {"width": 390, "height": 844}
    return browser.new_context(viewport=size, is_mobile=True, has_touch=True, **options).new_page()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    """A desktop page that fails the test on any console error or uncaught exception."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def visible_names(page) -> list[str]:  # noqa: ANN001
    return page.eval_on_selector_all(
        "tr.sop-item", "rows => rows.filter(r => r.offsetParent).map(r => r.cells[1].innerText)"
    )


ALL = ["Pelaksanaan Pengukuran Kinerja Triwulan", "Pendataan Réklame Desa"]


SEARCHES = [
    ("pengukuran", ["Pelaksanaan Pengukuran Kinerja Triwulan"]),
    ("PENGUKURAN triwulan", ["Pelaksanaan Pengukuran Kinerja Triwulan"]),  # case, two words
    ("reklame", ["Pendataan Réklame Desa"]),  # accent in the name
    ("péngumpulan", ["Pengumpulan Data Kinerja Per Triwulan"]),  # accent in the query
    ("067/02", ["Pelaksanaan Pengukuran Kinerja Triwulan"]),  # the number
    ("loket", ["Pendataan Réklame Desa"]),  # an actor
    (
        "kinerja",
        ["Pelaksanaan Pengukuran Kinerja Triwulan", "Pengumpulan Data Kinerja Per Triwulan"],
    ),
    ("tidak ada", []),
]


def test_search_filters_as_you_type(site: Path, page) -> None:  # noqa: ANN001
    page.goto((site / "index.html").as_uri())
    everything = sorted(visible_names(page))
    assert everything == sorted(ALL + ["Pengumpulan Data Kinerja Per Triwulan"])
    for typed, expected in SEARCHES:
        page.type("#cari-sop", typed)  # key by key, as a person types
        assert sorted(visible_names(page)) == sorted(expected), typed
        if not expected:
            assert page.inner_text("#hasil-cari") == "Tidak ada SOP yang cocok"
        page.fill("#cari-sop", "")
        assert sorted(visible_names(page)) == everything


def test_without_javascript_the_whole_list_shows(site: Path, browser) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    rows = page.locator("tr.sop-item")
    assert rows.count() == 3 and all(rows.nth(i).is_visible() for i in range(3))
    assert not page.is_visible("#cari-sop")  # no box that would do nothing
    context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_no_sideways_scroll_on_a_phone(site: Path, browser, kind: str) -> None:  # noqa: ANN001
    page = phone(browser)
    page.goto((site / PAGES[kind]).as_uri())
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width
    if kind == "sop":  # the procedure scrolls inside its own box, with the flowchart kept
        box = page.eval_on_selector(
            "section.prosedur", "s => [s.scrollWidth, s.clientWidth, getComputedStyle(s).overflowX]"
        )
        assert box[0] > box[1] and box[2] == "auto", box
        display = page.eval_on_selector("table.identitas th", "th => getComputedStyle(th).display")
        assert display == "block"  # the identity grid, now a list of label and value
    page.context.close()


def test_pointing_at_a_symbol_highlights_its_row(site: Path, page) -> None:  # noqa: ANN001
    page.goto((site / SOP).as_uri())
    symbol, row = 'g.step[data-step="3"]', 'tr.langkah[data-step="3"]'
    page.hover(symbol)
    assert "aktif" in page.get_attribute(row, "class")
    assert "aktif" in page.get_attribute(symbol, "class")
    page.hover('tr.langkah[data-step="5"] td.uraian')  # and the reverse
    assert "aktif" in page.get_attribute('g.step[data-step="5"]', "class")
    assert "aktif" not in page.get_attribute(row, "class")
    background = page.eval_on_selector(
        'tr.langkah[data-step="5"] td.uraian', "td => getComputedStyle(td).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")


def test_every_regulation_page_lists_the_sops_citing_it(site: Path, page) -> None:  # noqa: ANN001
    content = load_site(site.parent / "content")
    for rid in content.regulasi:
        page.goto((site / f"dasar-hukum/{rid}.html").as_uri())
        listed = page.eval_on_selector_all(
            "ul.sop-pengutip a", "as => as.map(a => a.getAttribute('href'))"
        )
        citing = [d.id for d in content.sops.values() if rid in d.sop.dasar_hukum]
        assert sorted(listed) == sorted(f"../sop/{s}.html" for s in citing), rid
    page.goto((site / "dasar-hukum/pp-46-2011.html").as_uri())
    assert page.get_attribute("text=Peraturan Pemerintah Republik Indonesia Nomor 30", "href") == (
        "pp-30-2019.html"
    )


def test_links_between_sops_and_the_navigation(site: Path, page) -> None:  # noqa: ANN001
    page.goto((site / SOP).as_uri())
    link = page.locator("table.bagian a", has_text="Pelaksanaan Pengukuran Kinerja Triwulan")
    assert link.get_attribute("href") == "pengukuran-kinerja-triwulan.html"
    assert page.locator(".site-nav a", has_text="Cara Membaca SOP").get_attribute("href") == (
        "../cara-membaca-sop.html"
    )
    assert "Jalan Pembangunan Nomor 105" in page.inner_text("footer")


@pytest.mark.parametrize("kind", PAGES)
def test_no_serious_accessibility_violation(site: Path, browser, kind: str) -> None:  # noqa: ANN001
    # A page of its own: axe's attempts to read the stylesheets from file:// log console errors.
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto((site / PAGES[kind]).as_uri())
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.title() and page.get_attribute('meta[name="description"]', "content")
    page.context.close()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [v for k, v in attrs if k in ("href", "src") and v]


def test_every_internal_link_resolves(site: Path, page) -> None:  # noqa: ANN001
    """Walk every page from the index: each relative link names a file that is there."""
    todo, seen, broken = [site / "index.html"], set(), []
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        parser = Links()
        parser.feed(current.read_text())
        for link in parser.found:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "http", "https"):
                continue
            assert not parts.scheme and not link.startswith("/"), link  # relative only
            if not parts.path:
                continue
            target = (current.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{current.relative_to(site)} -> {link}")
            elif target.suffix == ".html":
                todo.append(target)
    assert broken == []
    assert seen == {p.resolve() for p in site.rglob("*.html")}  # every page is reached
    for html in sorted(seen):  # and loads in the browser without a console error
        page.goto(html.as_uri())


def test_tapping_a_symbol_on_a_phone_highlights_its_row(site: Path, browser) -> None:  # noqa: ANN001
    page = phone(browser)
    page.goto((site / SOP).as_uri())
    page.tap('g.step[data-step="7"]')  # scrolled into view inside the procedure's own box
    assert "aktif" in page.get_attribute('tr.langkah[data-step="7"]', "class")
    page.context.close()
