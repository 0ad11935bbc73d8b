"""How the report looks: the chart's labels whole and its values clear of the rules, the
letterhead's rule, the keep-with rules of the printed pages, the rank under the signer's name."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from officedocs.chart import NARROW, NARROW_WIDTH, WIDE, Style, capaian_chart
from officedocs.cli import main
from officedocs.measure import PT_PER_MM, text_width_mm

ROOT = Path(__file__).resolve().parent.parent
REPORT = "kinerja-triwulan-iii-2023"
SVG = "{http://www.w3.org/2000/svg}"


def _drawn(svg: str, style: Style) -> tuple[list[str], list[tuple], list[tuple]]:
    """The chart's labels (wrapped lines joined), its values' boxes (x, width, top, bottom) and
    its vertical rules (x, top, bottom)."""
    root = etree.fromstring(svg.encode())
    labels = [
        " ".join(t.text for t in text.iter(f"{SVG}tspan"))
        for text in root.iter(f"{SVG}text")
        if text.get("class") == "label"
    ]
    values = [
        (
            float(t.get("x")),
            text_width_mm(t.text, style.font * PT_PER_MM),
            float(t.get("y")) - style.font * 0.75,
            float(t.get("y")) + style.font * 0.25,
        )
        for t in root.iter(f"{SVG}text")
        if t.get("class") == "nilai"
    ]
    rules = [
        tuple(map(float, re.fullmatch(r"M([\d.]+) ([\d.]+) V([\d.]+)", p.get("d")).groups()))
        for p in root.iter(f"{SVG}path")
    ]
    return labels, values, rules


def _clear(values: list[tuple], rules: list[tuple]) -> None:
    """No rule passes through a value's box (with half a millimetre around it)."""
    for x, width, top, bottom in values:
        for rule, a, b in rules:
            crosses = x - 0.5 <= rule <= x + width + 0.5 and a <= bottom and b >= top
            assert not crosses, ((x, width, top, bottom), (rule, a, b))


LONG = [
    (
        "B.1 Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar Realisasi Kinerja SKPD",
        Decimal("72.78"),
    ),
    ("B.3 Koordinasi Penyelenggaraan Kegiatan Pemerintahan di Tingkat Kecamatan", Decimal("64.29")),
    ("A.5 Persentase pengaduan masyarakat yang ditindaklanjuti", Decimal("97.78")),
    ("A.3 Rata-rata waktu penyelesaian layanan administrasi", Decimal("94.44")),
    ("A.6 Jumlah temuan pemeriksaan yang belum ditindaklanjuti", None),
]


@pytest.mark.parametrize(("style", "width"), [(WIDE, 277.0), (WIDE, 190.0), (NARROW, NARROW_WIDTH)])
def test_chart_labels_whole_and_values_clear_of_rules(style: Style, width: float) -> None:
    labels, values, rules = _drawn(capaian_chart(LONG, width, style), style)
    assert labels == [label for label, _ in LONG]  # wrapped, never cut
    _clear(values, rules)


def test_chart_has_a_legend_for_its_colours() -> None:
    svg = capaian_chart(LONG, 277.0)
    legend = [
        t.text
        for t in etree.fromstring(svg.encode()).iter(f"{SVG}text")
        if t.get("class") == "legenda"
    ]
    assert legend == ["Capaian 100 % atau lebih", "Capaian di bawah 100 %", "Garis 100 % (target)"]


@pytest.mark.slow  # a property test
@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(st.sampled_from("abcdefghij KLMNOP"), min_size=1, max_size=160).filter(
                str.strip
            ),
            st.none() | st.decimals(min_value=0, max_value=400, places=2),
        ),
        min_size=1,
        max_size=14,
    ),
    st.sampled_from([(WIDE, 277.0), (WIDE, 190.0), (NARROW, NARROW_WIDTH)]),
)
def test_chart_property(items: list[tuple[str, Decimal | None]], case: tuple[Style, float]) -> None:
    style, width = case
    labels, values, rules = _drawn(capaian_chart(items, width, style), style)
    assert labels == [" ".join(label.split()) for label, _ in items]
    _clear(values, rules)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report built on F4 and on A4, with a rank given to the Camat."""
    out = {}
    for paper in ("F4", "A4"):
        content = tmp_path_factory.mktemp(f"content-{paper}")
        shutil.copytree(ROOT / "content", content, dirs_exist_ok=True)
        kantor = content / "kantor.yaml"
        kantor.write_text(re.sub(r"(?m)^kertas: .*$", f"kertas: {paper}", kantor.read_text()))
        pejabat = content / "pejabat.yaml"
        pejabat.write_text(
            pejabat.read_text().replace(
                '      nip: "19810914 201001 1 009"\n',
                '      nip: "19810914 201001 1 009"\n      pangkat: Pembina (IV/a)\n',
                1,
            )
        )
        target = tmp_path_factory.mktemp(f"out-{paper}")
        assert (
            main(["--content", str(content), "--output", str(target), "--quiet", "--drafts"]) == 0
        )
        out[paper] = target / f"laporan/{REPORT}.pdf"
    return out


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_signature_block_on_a_page_with_text_of_section_f(
    built: dict[str, Path], paper: str
) -> None:
    pages = [page.extract_text() for page in PdfReader(built[paper]).pages]
    signed = [i for i, text in enumerate(pages) if "RAHMADI, S.Sos., M.AP" in text]
    assert len(signed) == 1
    assert "Mempercepat pelaksanaan kegiatan yang tertunda" in pages[signed[0]]


@pytest.mark.parametrize("paper", ["F4", "A4"])
def test_a_heading_keeps_two_lines_of_its_text(built: dict[str, Path], paper: str) -> None:
    pages = [page.extract_text().splitlines() for page in PdfReader(built[paper]).pages]
    for lines in pages:
        text = [line for line in lines if not line.startswith("Halaman ")]
        for heading in ("D. Faktor Pendorong", "E. Faktor Penghambat", "F. Tindak Lanjut"):
            if heading in text:
                assert len(text) - text.index(heading) >= 3, (heading, text[-3:])
    # the two bullets of D on one page (they were split one per page on A4)
    both = [lines for lines in pages if any("Dukungan Camat" in x for x in lines)]
    assert any("Koordinasi yang baik" in x for x in both[0])


def test_rank_printed_between_name_and_nip(built: dict[str, Path]) -> None:
    text = "".join(page.extract_text() for page in PdfReader(built["F4"]).pages)
    lines = [line.strip() for line in text.splitlines()]
    at = lines.index("RAHMADI, S.Sos., M.AP")
    assert lines[at + 1 : at + 3] == ["Pembina (IV/a)", "NIP. 19810914 201001 1 009"]


@pytest.mark.slow  # a subprocess (pdftoppm at 300 dpi)
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm missing (poppler-utils)")
def test_letterhead_rule_is_thick_over_thin(built: dict[str, Path], tmp_path: Path) -> None:
    """Down a column at the right edge of page 1 (right of the address, no text), the first dark
    runs are the letterhead's rule: a thick line, then a thin one."""
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "300",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            str(built["F4"]),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    from PIL import Image

    image = Image.open(next(tmp_path.glob("p*.pgm")))
    x = int(image.width * 0.9)
    dark = [image.getpixel((x, y)) < 128 for y in range(image.height // 3)]
    runs, start = [], None
    for y, d in enumerate(dark + [False]):
        if d and start is None:
            start = y
        elif not d and start is not None:
            runs.append((start, y - start))
            start = None
    (top, thick), (next_top, thin) = runs[:2]
    mm = 300 / 25.4
    assert 0.7 * mm <= thick <= 1.1 * mm
    assert 0.15 * mm <= thin <= 0.45 * mm
    assert next_top - (top + thick) <= 1.0 * mm
