"""The flowchart is drawn on the table's rows: compare the SVG with where WeasyPrint put them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from synthetic import branched_sop_yaml, sop_yaml  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs.content import load_site
from officedocs.pdf import capture_warnings, document
from officedocs.render import environment, sop_html
from officedocs.sheet import procedure_geometry

PX_PER_MM = 96 / 25.4
TOLERANCE = 0.05  # mm


def laid_out_rows(html: str, root: Path) -> list[tuple[int, int, float, float]]:
    """(page, step, top, height) of every step row in mm, top measured from its flowchart cell."""
    with capture_warnings() as warnings:
        doc = document(html, root, root)
    assert warnings.messages == []
    rows = []
    for page_number, page in enumerate(doc.pages, 1):
        cell_top, found = None, []
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None:
                continue
            classes = (element.get("class") or "").split()
            if box.element_tag == "td" and "flowchart-cell" in classes:
                cell_top = box.position_y
            if box.element_tag == "tr" and "langkah" in classes:
                found.append((int(element.get("data-step")), box.position_y, box.height))
        for step, y, height in found:
            assert cell_top is not None
            rows.append((page_number, step, (y - cell_top) / PX_PER_MM, height / PX_PER_MM))
    return rows


def _svgs(html: str) -> list[str]:
    return re.findall(r'<svg class="flowchart".*?</svg>', html, re.S)


def drawn_cells(html: str) -> dict[int, tuple[int, list[float], list[float]]]:
    """step -> (procedure page, data-cell, data-bbox) from the inline SVGs."""
    ns = {"svg": "http://www.w3.org/2000/svg"}
    cells = {}
    start = 0
    while (i := html.find('<svg class="flowchart"', start)) != -1:
        end = html.index("</svg>", i) + len("</svg>")
        svg = ET.fromstring(html[i:end])
        for g in svg.iterfind(".//svg:g[@class='step']", ns):
            cells[int(g.get("data-step"))] = (
                int(svg.get("data-page")),
                [float(v) for v in g.get("data-cell").split()],
                [float(v) for v in g.get("data-bbox").split()],
            )
        start = end
    return cells


@pytest.mark.parametrize(
    ("sop_id", "yaml", "paper"),
    [
        ("pengumpulan-data-kinerja", None, "F4"),
        ("pengukuran-kinerja-triwulan", None, "A4"),
        ("panjang", sop_yaml(30, 7, seed=3, long_text=True), "F4"),
        ("sempit", sop_yaml(12, 8, seed=5, long_text=True), "A4"),
        ("cabang", branched_sop_yaml(), "F4"),
        ("cabang", branched_sop_yaml(), "A4"),
        ("cabang", branched_sop_yaml(7, seed=3, long_text=True), "F4"),
        ("cabang", branched_sop_yaml(7, seed=3, long_text=True), "A4"),
    ],
    ids=[
        "seed-067-03-F4",
        "seed-067-02-A4",
        "30-steps-7-actors-F4",
        "12-steps-8-actors-A4",
        "branches-F4",
        "branches-A4",
        "branches-long-7-actors-F4",
        "branches-long-7-actors-A4",
    ],
)
def test_symbols_sit_on_the_rows_weasyprint_lays_out(site_dir: Path, sop_id, yaml, paper) -> None:
    root = site_dir / "content"
    if yaml:
        (root / "sop" / f"{sop_id}.yaml").write_text(yaml, encoding="utf-8")
    kantor = root / "kantor.yaml"
    kantor.write_text(kantor.read_text().replace("kertas: F4", f"kertas: {paper}"))
    site = load_site(root)
    doc = site.sops[sop_id]
    geometry = procedure_geometry(doc, paper)
    html = sop_html(
        environment(),
        site,
        doc,
        web=False,
        geometry=geometry,
        logo_src="aset/logo.svg",
        pdf_href=None,
    )
    rows = laid_out_rows(html, root)
    cells = drawn_cells(html)
    assert [step for _, step, _, _ in rows] == list(range(1, len(doc.steps) + 1))
    for page, step, top, height in rows:
        drawn_page, (cx, cy, cw, ch), (bx, by, bw, bh) = cells[step]
        assert page == drawn_page + 1  # page 1 is the identity page
        assert abs(cy - top) < TOLERANCE, (step, cy, top)
        assert abs(ch - height) < TOLERANCE, (step, ch, height)
        assert cy <= by and by + bh <= cy + ch and cx <= bx and bx + bw <= cx + cw
    if sop_id == "panjang":
        assert len({page for page, *_ in rows}) >= 2  # a long procedure spans pages
    if sop_id == "cabang":
        assert_branches_drawn(html, doc)


def assert_branches_drawn(html: str, doc) -> None:  # noqa: ANN001 - a SopDoc
    """Every branch of every decision leaves its diamond labelled as written (or ends on a
    connector that carries it on); extra starts and ends are terminators."""
    ns = {"svg": "http://www.w3.org/2000/svg"}
    shapes, exits = {}, {}
    for svg in (ET.fromstring(m) for m in _svgs(html)):
        for g in svg.iterfind(".//svg:g[@class='step']", ns):
            shapes[int(g.get("data-step"))] = g.get("data-shape")
        paths = svg.findall(".//svg:path[@class='edge']", ns)
        texts = [t.text for t in svg.findall(".//svg:text[@class='edge-label']", ns)]
        labelled = [p for p in paths if p.get("data-label")]
        assert len(texts) == len(labelled)
        for p, text in zip(labelled, texts, strict=True):
            exits.setdefault(int(p.get("data-from")), []).append((p.get("data-label"), text))
    for step in doc.steps:
        if step.decision:
            assert shapes[step.number] == "decision"
            drawn = sorted(exits[step.number])
            assert drawn == sorted(
                (label, label.capitalize() if label in ("ya", "tidak") else label)
                for label, _ in step.decision
            ), step.number
        elif step.terminal or step.number in (1, len(doc.steps)):
            assert shapes[step.number] == "terminator", step.number
    assert {len(s.decision) for s in doc.steps if s.decision} == {2, 3, 4}
    assert [s.terminal for s in doc.steps if s.terminal] == ["mulai", "selesai"]
