"""Sheets other offices make, as our own fixtures reproduce them (the public sheets we measured
on may not be copied): their words for the headers and labels, a column-number row, decisions
with their own branch words or three exits, a second start and a second end, a flowchart
pasted as a picture. Each read back exact, or flagged where it cannot be sure."""

from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from docx.shared import Pt
from sheet_docx import numbered, write_sheet
from test_impor import (
    CONTENT,
    comparable,
    empty_content,
    flagged,
    impor,
    imported,
    load,
    registry,
    soffice,
)

RENAMES = {  # our words -> another office's words for the same cells
    "Nomor SOP": "NOMOR SOP AP",
    "Tanggal Pembuatan": "TGL. PEMBUATAN",
    "Tanggal Pengesahan/Efektif": "TGL. EFEKTIF",
    "Uraian Kegiatan": "Kegiatan",
    "Mutu Baku": "Mutu Buku",
    "Kelengkapan": "Persyaratan/ Kelengkapan",
    "Output": "Hasil",
    "Keterangan": "Ket.",
}


def other_office(path):
    """Rename the header and label cells; add a column-number row under the procedure header."""
    doc = Document(path)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.text in RENAMES:
                    cell.text = RENAMES[cell.text]
    for table in doc.tables[2:]:
        header = table.rows[1]._tr
        numbers = copy.deepcopy(header)
        for merged in numbers.xpath(".//w:vMerge"):
            merged.getparent().remove(merged)  # its own cells, not the header's continued
        header.addnext(numbers)
        row = table.rows[2]
        row.height = Pt(10)
        for k, cell in enumerate(row.cells):
            cell.text = f"({k + 1})"
    doc.save(path)
    return path


def branching() -> dict:
    """Eight steps: a second start (2), a decision with its own words (4), a decision with three
    exits (6), a second end (7)."""
    sop = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    steps = sop["kegiatan"]
    for s in steps:
        s.pop("keputusan", None), s.pop("lanjut", None)
    steps[0]["lanjut"] = 3
    steps[1]["mulai"] = "ya"
    steps[3]["keputusan"] = {"Teknis": 5, "Umum": 7}
    steps[5]["keputusan"] = {"tidak": 5, "Ditunda": 8}
    steps[6]["selesai"] = "ya"
    return sop


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    root = tmp_path_factory.mktemp("lain")
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengukuran-kinerja-triwulan.yaml"))
    return {
        "kantor-lain": other_office(write_sheet(root / "kantor-lain.docx", sop, regs, signer)),
        # on Legal paper, with actor columns wide enough for a branch's word beside its diamond
        "bercabang": legal(
            write_sheet(root / "bercabang.docx", branching(), regs, signer, actor_width=130)
        ),
        "gambar": _pictured(write_sheet(root / "gambar.docx", sop, regs, signer,
                                        without_symbol=frozenset(range(1, 9)))),
    }  # fmt: skip


def legal(path):
    doc = Document(path)
    doc.sections[0].page_width, doc.sections[0].page_height = Pt(1008), Pt(612)
    doc.save(path)
    return path


def _pictured(path):
    """The flowchart as one picture in the first actor cell (no shapes of its own)."""
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(png, "PNG")
    doc = Document(path)
    doc.tables[-1].cell(2, 2).paragraphs[0].add_run().add_picture(png, width=Pt(40))
    doc.save(path)
    return path


def _both(sheets, name, tmp_path, form):
    path = sheets[name]
    if form == "pdf":
        path = soffice([path], tmp_path)[0]
    return path


@pytest.mark.parametrize("form", ["docx", pytest.param("pdf", marks=pytest.mark.slow)])
def test_another_offices_words_and_column_numbers_read_exact(sheets, form, tmp_path, capsys):
    content = empty_content(tmp_path)
    code, out, err = impor(
        capsys, _both(sheets, "kantor-lain", tmp_path, form), "--content", content
    )
    assert (code, err) == (0, ""), out
    assert out.endswith("tidak ada yang perlu diperiksa\n"), out
    want = load(CONTENT / "sop" / "pengukuran-kinerja-triwulan.yaml")
    assert comparable(imported(content, "kantor-lain")) == comparable(want)


@pytest.mark.parametrize("form", ["docx", pytest.param("pdf", marks=pytest.mark.slow)])
def test_named_branches_three_exits_second_start_and_end(sheets, form, tmp_path, capsys):
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, _both(sheets, "bercabang", tmp_path, form), "--content", content)
    assert (code, err) == (0, ""), out
    got = imported(content, "bercabang")
    assert comparable(got)["kegiatan"] == comparable(branching())["kegiatan"]
    text = (content / "sop" / "bercabang.yaml").read_text(encoding="utf-8")
    assert flagged(text) == []  # the content model knows named branches, mulai and selesai


def test_pictured_flowchart_gives_rows_with_actors_flagged(sheets, tmp_path, capsys):
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, sheets["gambar"], "--content", content)
    assert (code, err) == (0, ""), out
    got = imported(content, "gambar")
    want = load(CONTENT / "sop" / "pengukuran-kinerja-triwulan.yaml")
    assert [s["uraian"] for s in got["kegiatan"]] == [s["uraian"] for s in want["kegiatan"]]
    text = (content / "sop" / "gambar.yaml").read_text(encoding="utf-8")
    note = "# PERIKSA: bagan alir berupa gambar; pelaksana dan alurnya ditebak, periksa pada lembar aslinya"
    assert [f for f in flagged(text) if f.startswith("pelaksana:")] == [
        f"pelaksana: {s['pelaksana']}  {note}" for s in got["kegiatan"]
    ]
