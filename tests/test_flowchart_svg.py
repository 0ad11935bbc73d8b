"""The flowchart's SVG: the data attributes of interface.md carry the layout's geometry."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from test_flowchart import procedures, seed_steps  # noqa: I001 - tests/ is on sys.path

from officedocs.flowchart import (
    ARROW_LEN,
    Box,
    FlowPage,
    FlowStep,
    branch_text,
    layout_flowchart,
    yes_no,
)
from officedocs.flowchart.bridges import HOP
from officedocs.flowchart_svg import num, render_svg

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Camat", "Sekretaris", "Kasubbag Perencanaan dan Keuangan"]
TOLERANCE = 0.006  # numbers are written with two decimals


def box(text: str) -> Box:
    return Box(*(float(v) for v in text.split()))


def close(a: Box, b: Box) -> bool:
    return all(
        abs(x - y) <= TOLERANCE for x, y in zip(vars(a).values(), vars(b).values(), strict=True)
    )


def path_points(d: str) -> list[tuple[float, float]]:
    """Points of a path written with absolute M, L, H and V only (anything else fails)."""
    tokens = re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", d)
    points: list[tuple[float, float]] = []
    i = 0
    while i < len(tokens):
        cmd = tokens[i]
        assert cmd in "MLHV", f"command {cmd!r} in {d!r}"
        x, y = points[-1] if points else (None, None)
        if cmd in "ML":
            x, y = float(tokens[i + 1]), float(tokens[i + 2])
            i += 3
        elif cmd == "H":
            x, i = float(tokens[i + 1]), i + 2
        else:
            y, i = float(tokens[i + 1]), i + 2
        assert cmd == "M" or points, d
        points.append((x, y))
    return points


def check_svg(page: FlowPage, names: list[str]) -> ET.Element:
    markup = render_svg(page, names)
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("class") == "flowchart"
    assert root.get("data-page") == str(page.index)
    assert root.get("width") == f"{num(page.width)}mm"
    assert root.get("height") == f"{num(page.height)}mm"
    assert root.get("viewBox") == f"0 0 {num(page.width)} {num(page.height)}"

    steps = root.findall(f"{SVG}g[@class='step']")
    assert [int(g.get("data-step")) for g in steps] == [s.step for s in page.symbols]
    for g, sym in zip(steps, page.symbols, strict=True):
        assert g.get("data-shape") == sym.shape
        assert g.get("data-actor") == ", ".join(names[a] for a in sym.actors)
        assert close(box(g.get("data-bbox")), sym.bbox)
        assert close(box(g.get("data-cell")), sym.cell)
        drawn = g.findall(f"{SVG}polygon") if sym.shape == "decision" else g.findall(f"{SVG}rect")
        assert len(drawn) == len(sym.parts)
        assert len(g.findall(f"{SVG}path[@class='join']")) == len(sym.parts) - 1
        for shape in drawn:
            assert shape.get("stroke") == "black" and shape.get("fill") == "white"
        assert g.find(f"{SVG}text") is None  # symbols are empty: the text is in the table

    connectors = root.findall(f"{SVG}g[@class='connector']")
    assert [(g.get("data-label"), g.get("data-role")) for g in connectors] == [
        (c.label, c.role) for c in page.connectors
    ]
    for g, c in zip(connectors, page.connectors, strict=True):
        assert close(box(g.get("data-bbox")), c.bbox)
        assert g.find(f"{SVG}text").text == c.label

    edges = root.findall(f"{SVG}path[@class='edge']")
    heads = root.findall(f"{SVG}path[@class='arrowhead']")
    assert len(edges) == len(heads) == len(page.edges)
    for path, head, e in zip(edges, heads, page.edges, strict=True):
        assert path.get("data-from") == str(e.source)
        assert path.get("data-to") == str(e.target)
        assert path.get("data-label") == e.label
        assert path.get("fill") == "none" and path.get("stroke") == "black"
        points = path_points(path.get("d"))
        assert len(points) == len(e.points)
        for (x, y), (ex, ey) in zip(points, e.points, strict=True):
            assert abs(x - ex) <= TOLERANCE and abs(y - ey) <= TOLERANCE
        # The head is a filled triangle with its tip on the arrow's end, pointing along the
        # last stretch (its base lies behind the tip).
        assert head.get("fill") == "black"
        tip, *base = path_points(head.get("d").rstrip("Z"))
        assert tip == pytest.approx(points[-1], abs=TOLERANCE)
        (x0, y0), (x1, y1) = points[-2], points[-1]
        back = (x0 - x1, y0 - y1)
        for bx, by in base:
            ahead = (bx - x1) * back[0] + (by - y1) * back[1]
            assert ahead / (abs(back[0]) + abs(back[1])) == pytest.approx(ARROW_LEN, abs=0.01)

    labels = [t.text for t in root.findall(f"{SVG}text[@class='edge-label']")]
    expected = [branch_text(e.label) for e in page.edges if e.label]
    assert labels == expected
    for text in root.iter(f"{SVG}text"):
        # The shipped font (its @font-face family first), then its metric twins.
        assert text.get("font-family").endswith("Liberation Sans, Arial, sans-serif")
        assert float(text.get("font-size")) > 0

    # The grid: inner lines only, one per column and row boundary.
    (grid,) = root.findall(f"{SVG}path[@class='grid']") or [None]
    d = grid.get("d") if grid is not None else ""
    verticals = sorted(float(x) for x in re.findall(r"M(-?[\d.]+) 0V", d))
    horizontals = sorted(float(y) for y in re.findall(r"M0 (-?[\d.]+)H", d))
    assert verticals == pytest.approx(list(page.column_lefts[1:]), abs=TOLERANCE)
    assert horizontals == pytest.approx(list(page.row_tops[1:]), abs=TOLERANCE)
    return root


def seed_page() -> FlowPage:
    return layout_flowchart(seed_steps(), [38.0, 38.0, 38.0], [14.0] * 8, 168.0).pages[0]


def test_seed_page_markup() -> None:
    root = check_svg(seed_page(), NAMES)
    by_step = {int(g.get("data-step")): g for g in root.findall(f"{SVG}g[@class='step']")}
    assert by_step[1].get("data-shape") == "terminator"
    assert by_step[1].get("data-actor") == "Camat"
    assert by_step[6].get("data-shape") == "decision"
    loops = [
        (p.get("data-from"), p.get("data-to"))
        for p in root.findall(f"{SVG}path[@class='edge'][@data-label='tidak']")
    ]
    assert loops == [("6", "5"), ("7", "5")]


def test_names_and_labels_are_escaped() -> None:
    names = ['<script>alert("x")</script>', "Kasi & Staf", 'O\'Brien "Q"']
    steps = [FlowStep(1, (0,), 2), FlowStep(2, (1, 2), 3), FlowStep(3, (0, 2), None)]
    page = layout_flowchart(steps, [30.0, 30.0, 30.0], [14.0] * 3, 168.0).pages[0]
    markup = render_svg(page, names)
    assert "<script>" not in markup and "& " not in markup
    root = check_svg(page, names)
    actors = [g.get("data-actor") for g in root.findall(f"{SVG}g[@class='step']")]
    assert actors == [names[0], 'Kasi & Staf, O\'Brien "Q"', f'{names[0]}, O\'Brien "Q"']


def test_connectors_across_pages() -> None:
    steps = [FlowStep(1, (0,), 2), FlowStep(2, (1,), None, yes_no(3, 1)), FlowStep(3, (0,), None)]
    layout = layout_flowchart(steps, [40.0, 40.0], [100.0, 100.0, 60.0], 150.0)
    assert len(layout.pages) == 3
    for page in layout.pages:
        check_svg(page, ["A", "B"])
    # Page 2 sends Tidak back to step 1 and Ya on to step 3: two connectors leave it.
    roles = [(c.label, c.role) for c in layout.pages[1].connectors]
    assert sorted(r for _, r in roles) == ["in", "out", "out"]


def test_numbers_are_compact() -> None:
    assert [num(v) for v in (12.0, 3.10, 0.125, -0.001, 7.999, 1e-9)] == [
        "12",
        "3.1",
        "0.12",
        "0",
        "8",
        "0",
    ]


@pytest.mark.slow  # property test (hypothesis)
@settings(max_examples=30, deadline=None)
@given(procedures())
def test_random_procedures_render(case) -> None:
    steps, widths, heights, body, reserve = case
    layout = layout_flowchart(steps, widths, heights, body, reserve)
    names = [f"Pelaksana <{i}> & co" for i in range(len(widths))]
    for page in layout.pages:
        check_svg(page, names)


@pytest.mark.slow  # a subprocess (pdftoppm)
def test_weasyprint_draws_heads_and_empty_symbols(tmp_path: Path) -> None:
    """Rendered by WeasyPrint 70 and rasterised: every arrowhead is filled black where the
    layout puts it, and symbols are white inside (WeasyPrint skips what it does not know
    without a word, so only the pixels tell)."""
    weasyprint = pytest.importorskip("weasyprint")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    page = seed_page()
    size = f"{num(page.width)}mm {num(page.height)}mm"
    html = (
        f"<html><head><style>@page {{ size: {size}; margin: 0 }} body {{ margin: 0 }}"
        f"svg {{ display: block }}</style></head><body>{render_svg(page, NAMES)}</body></html>"
    )
    weasyprint.HTML(string=html).write_pdf(tmp_path / "f.pdf")
    dpi = 300
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", tmp_path / "f.pdf", tmp_path / "f"],
        check=True,
    )
    image = Image.open(tmp_path / "f.png").convert("L")

    def ink(x: float, y: float) -> int:
        return image.getpixel((round(x * dpi / 25.4), round(y * dpi / 25.4)))

    for e in page.edges:
        (x0, y0), (x1, y1) = e.points[-2:]
        dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
        # Two thirds of the way back from the tip, off the line's axis: inside the head only.
        back = 2 * ARROW_LEN / 3
        x, y = x1 - dx * back + dy * 0.25, y1 - dy * back + dx * 0.25
        assert ink(x, y) < 100, (e, ink(x, y))
    for sym in page.symbols:
        centre = (sym.bbox.x + sym.bbox.w / 2, sym.bbox.y + sym.bbox.h / 2)
        assert ink(*centre) > 200, sym


def svg_crossings(root: ET.Element, hop: float) -> set[tuple[str, str]]:
    """Where, by the SVG alone, an arrow back to an earlier step crosses another arrow
    inside both stretches: the places that need a bridge."""
    back, forward = [], []
    for path in root.findall(f"{SVG}path[@class='edge']"):
        a, b = path.get("data-from"), path.get("data-to")
        pts = path_points(path.get("d"))
        stretches = list(zip(pts, pts[1:], strict=False))
        returns = a.isdigit() and b.isdigit() and int(b) <= int(a)
        (back if returns else forward).extend(stretches)
    found = set()
    for (x0, y0), (x1, y1) in back:
        for (u0, v0), (u1, v1) in forward:
            if x0 == x1 and v0 == v1:  # back runs down/up, the other across
                x, y = x0, v0
                ok = min(y0, y1) + hop < y < max(y0, y1) - hop
                ok = ok and min(u0, u1) + hop < x < max(u0, u1) - hop
            elif y0 == y1 and u0 == u1:
                x, y = u0, y0
                ok = min(x0, x1) + hop < x < max(x0, x1) - hop
                ok = ok and min(v0, v1) + hop < y < max(v0, v1) - hop
            else:
                continue
            if ok:
                found.add((num(x), num(y)))
    return found


@pytest.mark.slow  # property test (hypothesis)
@settings(max_examples=60, deadline=None)
@given(procedures())
def test_a_return_line_hops_over_every_forward_line_it_crosses(case) -> None:
    steps, widths, heights, body, reserve = case
    layout = layout_flowchart(steps, widths, heights, body, reserve)
    for page in layout.pages:
        root = ET.fromstring(render_svg(page, ["A"] * len(widths)))
        bridges = root.findall(f"{SVG}g[@class='bridge']")
        drawn = {tuple(g.get("data-at").split()) for g in bridges}
        assert drawn == svg_crossings(root, HOP)
        for g in bridges:
            # A white cover, the crossed line drawn again, and the hop: an arc.
            cover, crossed, hop = g.findall(f"{SVG}path")
            assert cover.get("stroke") == "white" and crossed.get("stroke") == "black"
            assert "A" in hop.get("d")


def test_a_loop_across_a_forward_line_gets_a_bridge() -> None:
    # 3 loops back up to 2 (on its right); the flow from 2 down to 3 runs across it.
    steps = [
        FlowStep(1, (4,), 2),
        FlowStep(2, (2,), 3),
        FlowStep(3, (0,), None, yes_no(4, 2)),
        FlowStep(4, (1,), None),
    ]
    layout = layout_flowchart(
        steps, [17.0, 19.0, 34.0, 22.0, 34.0], [14.5, 14.5, 19.5, 14.5], 160.0
    )
    (page,) = layout.pages
    root = ET.fromstring(render_svg(page, ["A", "B", "C", "D", "E"]))
    crossings = svg_crossings(root, HOP)
    assert len(crossings) == 1
    assert {
        tuple(g.get("data-at").split()) for g in root.iter(f"{SVG}g") if g.get("class") == "bridge"
    } == crossings
