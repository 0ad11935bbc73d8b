"""Any sheet: the drawing sits on the rows WeasyPrint lays out, on the page it puts them.

Sheets of 1 to 8 actors with names short and long (the office's real roles among them), short
and long step texts, decisions (Ya/Tidak, and named branches of 2 to 4 exits), jumps, extra
starts and ends, on F4 and A4, are laid out through the build's own
verified render (`pdf.lay_out_verified`) and checked here independently of `sheetcheck`:
every row's symbol inside that row's box, on that row's page, and nothing drawn outside the
rows. CI runs a fixed set of 20; `OFFICEDOCS_PROPERTY_EXAMPLES=500` searches at random.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from synthetic import sop_head, sop_yaml  # noqa: I001 - tests/ is on sys.path
from test_sheet_rows import PX_PER_MM, TOLERANCE

from officedocs.content import load_site
from officedocs.flowchart import BAND_MIN
from officedocs.pdf import capture_warnings, lay_out_verified
from officedocs.problems import ContentError
from officedocs.sheetcheck import tall_rows
from officedocs.views import sop_view

pytestmark = pytest.mark.slow  # property test (hypothesis) against WeasyPrint

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
REAL_ROLES = [
    "Pemohon",
    "Petugas Loket",
    "Kasi Pelayanan Umum",
    "Kasi Pemerintahan",
    "Kasubbag Umum dan Kepegawaian",
    "Sekretaris Kecamatan",
    "Camat",
    "Kasubbag Perencanaan dan Keuangan",
    "Kasi Ketenteraman dan Ketertiban Umum",
    "Kasi Pemberdayaan Masyarakat dan Desa",
]
WORDS = (
    "Menyusun Memeriksa Menyampaikan Dokumen Laporan Kinerja Data Surat Permohonan Berkas "
    "Verifikasi Administrasi Pelayanan Kependudukan Arsip Rekapitulasi Disposisi dan ke "
    "Pertanggungjawaban Kesekretariatan"
).split()
BRANCH_NAMES = ["Teknis", "Administratif", "Ditunda", "Tidak Lengkap"]
EXAMPLES = int(os.environ.get("OFFICEDOCS_PROPERTY_EXAMPLES", "0"))


def text(draw, lo: int, hi: int) -> str:  # noqa: ANN001
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=lo, max_size=hi)))


@st.composite
def sheets(draw) -> tuple[str, str]:  # noqa: ANN001
    """(paper, SOP YAML) of a sheet nobody here wrote."""
    n_actors = draw(st.integers(1, 8))
    invented = st.builds(
        lambda ws: " ".join(ws)[:40].strip(),
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    )
    names = draw(
        st.lists(
            st.one_of(st.sampled_from(REAL_ROLES), invented),
            min_size=n_actors,
            max_size=n_actors,
            unique=True,
        )
    )
    assume(all(names))
    n_steps = draw(st.integers(2, 40))
    lines = sop_head("100/99/HLG/I/2024", text(draw, 2, 16), names)
    long_text = draw(st.booleans())
    for i in range(1, n_steps + 1):
        actors = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
        lines += [
            f"  - uraian: {text(draw, 1, 45 if long_text else 10)}",
            f"    pelaksana: [{', '.join(actors)}]",
            f"    kelengkapan: {text(draw, 1, 8)}",
            "    waktu: 10 Menit",
            f"    output: {text(draw, 1, 8)}",
        ]
        kinds = ["next"] * 6 + ["decision", "decision", "jump", "branches", "mulai", "selesai"]
        kind = draw(st.sampled_from(kinds))
        if 2 <= i < n_steps and kind == "decision":
            target = draw(st.integers(2, n_steps).filter(lambda t, i=i: t != i))
            lines += ["    keputusan:", f"      tidak: {target}"]
        elif 2 <= i < n_steps and kind == "branches":
            # Named branches, 2 to 4, one of them to the next step (so the flow goes on).
            others = draw(
                st.lists(st.integers(2, n_steps), min_size=1, max_size=3, unique=True).filter(
                    lambda ts, i=i: i not in ts and i + 1 not in ts
                )
            )
            labels = draw(st.permutations(BRANCH_NAMES))
            lines += ["    keputusan:", f"      {labels[0]}: {i + 1}"]
            lines += [f"      {label}: {t}" for label, t in zip(labels[1:], others, strict=False)]
        elif 2 <= i < n_steps - 1 and kind == "jump":
            lines.append(f"    lanjut: {draw(st.integers(i + 2, n_steps))}")
        elif 2 <= i < n_steps and kind in ("mulai", "selesai"):
            lines.append(f"    {kind}: ya")
    return draw(st.sampled_from(["F4", "A4"])), "\n".join(lines) + "\n"


def rows_on_pages(document) -> tuple[dict[int, list], dict[int, int]]:  # noqa: ANN001
    """step -> [(pdf page, top below its flowchart cell, height)] in mm; page of each cell."""
    rows: dict[int, list] = {}
    cell_pages: dict[int, int] = {}
    for number, page in enumerate(document.pages, 1):
        cell_top, found = None, []
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if box.element_tag == "td" and "flowchart-cell" in classes:
                cell_top = box.position_y
                cell_pages[len(cell_pages) + 1] = number
            if box.element_tag == "tr" and "langkah" in classes:
                found.append((int(element.get("data-step")), box.position_y, box.height))
        for step, y, h in found:  # a row's box comes before the cell it holds
            top = (y - cell_top) / PX_PER_MM if cell_top is not None else float("nan")
            rows.setdefault(step, []).append((number, top, h / PX_PER_MM))
    return rows, cell_pages


def drawings(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r'<svg class="flowchart".*?</svg>', html, re.S)]


def numbers(s: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", s)]


def path_points(d: str) -> tuple[list[float], list[float]]:
    """Every point of an arrow: absolute M, L, H and V only (the SVG contract)."""
    xs, ys = [0.0], [0.0]
    for cmd, args in re.findall(r"([MLHV])([^MLHV]*)", d):
        values = numbers(args)
        if cmd in "ML":
            xs.append(values[0])
            ys.append(values[1])
        elif cmd == "H":
            xs.append(values[0])
            ys.append(ys[-1])
        else:
            xs.append(xs[-1])
            ys.append(values[0])
    return xs[1:], ys[1:]


def assert_drawing_sits_on_rows(laid) -> None:  # noqa: ANN001
    rows, cell_pages = rows_on_pages(laid.document)
    geometry = laid.geometry
    assert sorted(rows) == list(range(1, len(geometry.row_heights) + 1))
    for svg in drawings(laid.html):
        page = int(svg.get("data-page"))
        width, height = numbers(svg.get("viewBox"))[2:]
        for g in svg.iter(f"{SVG}g"):
            if g.get("class") == "step":
                step = int(g.get("data-step"))
                cx, cy, cw, ch = numbers(g.get("data-cell"))
                bx, by, bw, bh = numbers(g.get("data-bbox"))
                assert len(rows[step]) == 1, f"langkah {step} terbagi: {rows[step]}"
                pdf_page, top, row_h = rows[step][0]
                assert pdf_page == cell_pages[page], (step, pdf_page, cell_pages[page])
                assert abs(cy - top) < TOLERANCE and abs(ch - row_h) < TOLERANCE, (step, cy, top)
                assert cy <= by and by + bh <= cy + ch and cx <= bx and bx + bw <= cx + cw
            elif g.get("class") == "connector":
                x, y, w, h = numbers(g.get("data-bbox"))
                assert 0 <= x and x + w <= width and 0 <= y and y + h <= height
        for path in svg.iter(f"{SVG}path"):
            if path.get("class") == "edge":
                xs, ys = path_points(path.get("d"))
                assert min(xs) >= 0 and max(xs) <= width and min(ys) >= 0 and max(ys) <= height
        # The drawing is exactly as tall as the page's rows: nothing below the table.
        page_steps = [s for s, r in rows.items() if r[0][0] == cell_pages[page]]
        assert abs(sum(geometry.row_heights[s - 1] for s in page_steps) - height) < TOLERANCE


def lay_out_sheet(tmp: Path, paper: str, yaml: str):  # noqa: ANN201
    root = tmp / "content"
    if not root.exists():
        shutil.copytree(ROOT / "content", root)
    kantor = root / "kantor.yaml"
    kantor.write_text(re.sub(r"kertas: \w+", f"kertas: {paper}", kantor.read_text()))
    (root / "sop" / "acak.yaml").write_text(yaml, encoding="utf-8")
    try:
        site = load_site(root)
    except ContentError:
        return None  # a flow the content checks refuse (a step nobody reaches)
    with capture_warnings() as warnings:
        laid = lay_out_verified(sop_view(site, site.sops["acak"]), "aset/logo.svg", root)
    assert warnings.messages == []
    return laid


@settings(
    max_examples=EXAMPLES or 20,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    # Shrinking a failing sheet renders it hundreds of times; the failing sheet is printed.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@given(sheet=sheets())
def test_any_sheet_sits_on_its_rows(tmp_path_factory: pytest.TempPathFactory, sheet) -> None:  # noqa: ANN001
    paper, yaml = sheet
    laid = lay_out_sheet(tmp_path_factory.mktemp("acak"), paper, yaml)
    assume(laid is not None)
    assert_drawing_sits_on_rows(laid)


SEVEN = REAL_ROLES[:7]  # the office of issue 7


@pytest.mark.parametrize("seed", [1, 3, 7])
def test_seven_real_actors_on_a4_with_thirty_steps(tmp_path: Path, seed: int) -> None:
    """The sheet of issue 7: its table broke a row later than the drawing planned."""
    yaml = sop_yaml(30, 7, seed=seed, long_text=True, names=SEVEN, nomor="100/77/HLG/I/2024")
    laid = lay_out_sheet(tmp_path, "A4", yaml)
    assert len(laid.geometry.pages) >= 3
    # Every name fits whole: no column narrower than its longest word, nothing hyphenated.
    assert laid.geometry.header_pt == 8.5 and not any(laid.geometry.hyphenate)
    assert min(laid.geometry.actor_widths) >= 14.0
    assert_drawing_sits_on_rows(laid)


def drawing_need(page, step: int, top: float, height: float) -> float:  # noqa: ANN001
    """What a row's drawing needs: from the top of what is drawn in it (its symbol, a
    connector over it) to the bottom (a connector under it), with room for arrows above
    and below."""
    sym = next(s for s in page.symbols if s.step == step).bbox
    ys = [(sym.y, sym.bottom)] + [
        (c.bbox.y, c.bbox.bottom)
        for c in page.connectors
        if top <= c.bbox.y and c.bbox.bottom <= top + height
    ]
    return max(b for _, b in ys) - min(a for a, _ in ys) + 2 * BAND_MIN


@pytest.mark.slow
@pytest.mark.parametrize(("actors", "seed"), [(5, 1), (7, 3), (3, 0)])
def test_forty_step_rows_are_as_tall_as_their_text_and_drawing(tmp_path: Path, actors, seed):
    """Issue 22: on a 40-step F4 sheet some rows were 18-24 mm for nothing (bands kept for a
    page break that had moved). Every row, as WeasyPrint lays it out, is within 2 mm of what
    its text or its drawing needs, and a row taller than its text names why."""
    yaml = sop_yaml(40, actors, seed=seed, nomor="100/40/HLG/I/2024")
    laid = lay_out_sheet(tmp_path, "F4", yaml)
    geometry = laid.geometry
    rows, _ = rows_on_pages(laid.document)
    tall = {int(line.split(":")[0].split()[1]): line for line in tall_rows(geometry)}
    for page in geometry.pages:
        top = 0.0
        for step in page.steps:
            planned = geometry.row_heights[step - 1]
            ((_, _, height),) = rows[step]
            text = geometry.text_heights[step - 1]
            need = max(text, drawing_need(page, step, top, planned))
            assert height <= need + 2.0, (step, height, text, need)
            if height > text + TOLERANCE:
                assert step in tall and geometry.layout.row_reasons[step - 1], step
            top += planned


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_no_procedure_page_holds_a_lone_row(tmp_path: Path, paper: str) -> None:
    """Issue 22: a sheet with a 600-character step put step 8 alone (with Jumlah Waktu) on
    its last page while the page before had room. As WeasyPrint lays it out, every
    procedure page now holds at least two rows, and the drawing still sits on them."""
    long = " ".join(["Memeriksa kelengkapan berkas permohonan dan menyampaikan hasil"] * 10)
    lines = sop_yaml(8, 4, seed=1, nomor="100/08/HLG/I/2024").split("\n")
    at = [i for i, line in enumerate(lines) if line.startswith("  - uraian:")][4]
    lines[at] = "  - uraian: " + long[:600]
    laid = lay_out_sheet(tmp_path, paper, "\n".join(lines))
    rows, _ = rows_on_pages(laid.document)
    per_page: dict[int, int] = {}
    for step, placed in rows.items():
        assert len(placed) == 1, step  # pages break only between rows
        per_page[placed[0][0]] = per_page.get(placed[0][0], 0) + 1
    assert len(per_page) >= 2 and min(per_page.values()) >= 2, per_page
    assert_drawing_sits_on_rows(laid)


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_fifty_steps_seven_actors_sit_on_their_rows(tmp_path: Path, paper: str) -> None:
    """The size the editor and the layout benchmark are held to: 50 steps, seven long role
    names, long texts; the drawing sits on WeasyPrint's rows on every page."""
    yaml = sop_yaml(50, 7, seed=5, long_text=True, names=SEVEN, nomor="100/50/HLG/I/2024")
    laid = lay_out_sheet(tmp_path, paper, yaml)
    assert len(laid.geometry.pages) >= 4
    assert sum(len(page.steps) for page in laid.geometry.pages) == 50
    assert_drawing_sits_on_rows(laid)
