"""`check` on imported drafts: each PERIKSA line left is a warning at its own line (`--strict`
fails on it), `status: final` with one is an error, and a draft that repeats an SOP's `nomor`
is the file told to change."""

from __future__ import annotations

import re
import shutil

from sheet_docx import numbered, write_sheet
from test_impor import CONTENT, empty_content, impor, load, registry

from officedocs.cli import main


def run(capsys, *args) -> tuple[int, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out + err


def drafted(tmp_path, capsys, content):
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    sheet = write_sheet(tmp_path / "ragu.docx", sop, regs, signer, without_symbol=frozenset({3}))
    assert impor(capsys, sheet, "--content", content)[0] == 0
    return content / "sop" / "ragu.yaml"


def periksa_lines(path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, ln in enumerate(lines, 1) if re.search(r"#\s*PERIKSA\b", ln)]


def test_each_periksa_line_is_a_warning_at_its_line_and_strict_fails(tmp_path, capsys):
    content = empty_content(tmp_path)
    draft = drafted(tmp_path, capsys, content)
    marked = periksa_lines(draft)
    assert len(marked) == 3
    code, report = run(capsys, "check", "--content", content)
    assert code == 0, report
    warned = [
        int(m.group(1))
        for m in re.finditer(
            r"sop/ragu\.yaml:(\d+):\d+: PERIKSA: peringatan: tebakan impor", report
        )
    ]
    assert warned == marked
    code, report = run(capsys, "check", "--strict", "--content", content)
    assert code == 1


def test_final_with_a_periksa_line_is_an_error(tmp_path, capsys):
    content = empty_content(tmp_path)
    draft = drafted(tmp_path, capsys, content)
    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draf", "status: final"))
    code, report = run(capsys, "check", "--content", content)
    assert code == 1
    errors = [ln for ln in report.splitlines() if "status final, tetapi baris ini" in ln]
    assert [int(ln.split(":")[1]) for ln in errors] == periksa_lines(draft)


def test_a_draft_repeating_an_sops_nomor_is_told_to_change(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    regs, signer = registry()
    sop = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    sheet = write_sheet(tmp_path / "x.docx", sop, regs, signer)
    # "baru" sorts before "pengumpulan-data-kinerja": the draft still yields
    assert impor(capsys, sheet, "--content", content, "--id", "baru")[0] == 0
    code, report = run(capsys, "check", "--content", content)
    assert code == 1
    dup = [ln for ln in report.splitlines() if "sudah dipakai" in ln]
    assert len(dup) == 1 and "sop/baru.yaml:" in dup[0], report
    assert "sop/pengumpulan-data-kinerja.yaml:" in dup[0].split("sudah dipakai di")[1]
