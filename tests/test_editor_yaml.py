"""The editor writes the user's YAML back as it was written: only changed values' lines change."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from officedocs.editor import roundtrip
from officedocs.editor.roundtrip import ORIGIN
from officedocs.yamltext import load_text

ROOT = Path(__file__).resolve().parent.parent
SOP = ROOT / "content/sop/pengukuran-kinerja-triwulan.yaml"


def _data(text: str) -> dict:
    return load_text(text.encode()).data


def _changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_every_content_file_is_written_back_unchanged() -> None:
    files = sorted((ROOT / "content").rglob("*.yaml"))
    assert len(files) >= 6
    for path in files:
        text = path.read_text()
        assert roundtrip.update(text, _data(text)) == text, path


def test_renaming_an_sop_changes_one_line_and_keeps_comments() -> None:
    text = SOP.read_text()
    data = _data(text) | {"nama": "Pengukuran Kinerja Triwulanan"}
    out = roundtrip.update(text, data)
    assert _changed(text, out) == [
        "-nama: Pelaksanaan Pengukuran Kinerja Triwulan",
        "+nama: Pengukuran Kinerja Triwulanan",
    ]


def test_a_moved_step_keeps_its_comment_and_a_cleared_date_its_line() -> None:
    text = SOP.read_text()
    data = _data(text)
    steps = [dict(s, **{ORIGIN: i}) for i, s in enumerate(data["kegiatan"])]
    steps[4], steps[5] = steps[5], steps[4]  # step 5 (with a commented jump) goes down one
    out = roundtrip.update(text, data | {"kegiatan": steps, "tanggal_revisi": None})
    assert "tanggal_revisi: null\n" in out
    assert out.count("# data belum benar: dihimpun ulang") == 1
    moved = out.split("\nkegiatan:\n")[1].split("  - ")[6]  # the sixth step now
    assert moved.startswith("id: verifikasi") and "# data belum benar" in moved
    assert _data(out)["kegiatan"] == [{k: v for k, v in s.items() if k != ORIGIN} for s in steps]


def test_quoting_is_kept_and_text_that_reads_as_no_value_is_quoted() -> None:
    text = 'nomor: "067"\nnama: Lama\nketerangan: ""\nrevisi: null\n'
    out = roundtrip.update(
        text, {"nomor": "068", "nama": "null", "keterangan": None, "revisi": None}
    )
    assert out == "nomor: \"068\"\nnama: 'null'\nketerangan: \"\"\nrevisi: null\n"
    assert _data(out)["nama"] == "null"


def test_a_one_item_list_stays_a_scalar_and_a_new_key_goes_in_form_order() -> None:
    text = "uraian: A\npelaksana: Camat\nwaktu: 1 Jam\n"
    out = roundtrip.update(
        text, {"uraian": "A", "pelaksana": ["Sekretaris"], "kelengkapan": "Surat", "waktu": "1 Jam"}
    )
    assert out == "uraian: A\npelaksana: Sekretaris\nkelengkapan: Surat\nwaktu: 1 Jam\n"


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"),
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(TEXT, st.lists(TEXT, max_size=3))
def test_any_text_is_read_back_as_typed(value: str, items: list[str]) -> None:
    text = SOP.read_text()
    out = roundtrip.update(text, _data(text) | {"nama": value, "peralatan": items})
    back = _data(out)
    assert back["nama"] == value or (back["nama"] is None and value == "")
    assert back["peralatan"] == items
