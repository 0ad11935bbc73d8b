"""Sheets laid out like the office's own (the seed): the six blocks two to a row, each label in
a cell of its own and its contents in the cell below. Every printed field read back exact, from
Word and from its PDF export; field by field, so a miss says which field."""

from __future__ import annotations

import pytest
from sheet_docx import numbered, write_sheet
from test_impor import (
    CONTENT,
    SEEDS,
    check,
    comparable,
    empty_content,
    impor,
    imported,
    load,
    registry,
    soffice,
)


def leaves(value, path=()) -> dict[tuple, object]:
    """Every printed field of an SOP as path -> value (lists item by item)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(leaves(v, (*path, k)))
        return out
    if isinstance(value, list) and value and not all(isinstance(v, str) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(leaves(v, (*path, i)))
        return out
    return {path: value}


def exact_share(got: dict, want: dict) -> tuple[float, list[tuple]]:
    g, w = leaves(comparable(got)), leaves(comparable(want))
    wrong = [k for k in w if g.get(k) != w[k]]
    return 1 - len(wrong) / len(w), wrong


@pytest.fixture(scope="module")
def seed_like(tmp_path_factory):
    root = tmp_path_factory.mktemp("seedlike")
    regs, signer = registry()
    return {
        sid: write_sheet(
            root / f"{sid}.docx",
            numbered(load(CONTENT / "sop" / f"{sid}.yaml")),
            regs,
            signer,
            typed_numbers=k == 0,
            labels_above=True,
        )
        for k, sid in enumerate(SEEDS)
    }


def _read_back(files, tmp_path, capsys) -> None:
    content = empty_content(tmp_path)
    code, out, err = impor(capsys, *files, "--content", content)
    assert (code, err) == (0, ""), out
    for sid in SEEDS:
        got = imported(content, sid)
        share, wrong = exact_share(got, load(CONTENT / "sop" / f"{sid}.yaml"))
        assert wrong == [], f"{sid}: {share:.1%} exact"
        for key in ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peringatan"):
            assert got[key], key  # each block under its own label, none left empty
    assert all(line.endswith("tidak ada yang perlu diperiksa") for line in out.splitlines()), out
    assert check(capsys, content)[0] == 0


def test_seed_layout_from_word_reads_every_field_exact(seed_like, tmp_path, capsys):
    _read_back([seed_like[s] for s in SEEDS], tmp_path, capsys)


@pytest.mark.slow
def test_seed_layout_from_pdf_reads_every_field_exact(seed_like, tmp_path, capsys):
    pdfs = soffice([seed_like[s] for s in SEEDS], tmp_path)
    _read_back(pdfs, tmp_path, capsys)
