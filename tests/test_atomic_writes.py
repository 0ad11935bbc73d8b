"""A full disk during a write: nothing is left behind (no empty draft, no temporary file), the
command says so in one line, and the same command run again works."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from sheet_docx import numbered, write_sheet
from test_impor import CONTENT, empty_content, impor, load, registry

from officedocs import atomic
from officedocs.build import build


def full_disk(monkeypatch: pytest.MonkeyPatch, after: int = 0) -> list[int]:
    """Every write past the first `after` writes half its bytes, then finds the disk full."""
    real = atomic._fill
    calls: list[int] = []

    def fill(fd: int, raw: bytes, mode: int) -> None:
        calls.append(len(raw))
        if len(calls) <= after:
            return real(fd, raw, mode)
        real(fd, raw[: len(raw) // 2], mode)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "_fill", fill)
    return calls


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


def test_a_full_disk_leaves_no_draft_and_the_retry_works(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    regs, signer = registry()
    sheet = numbered(load(CONTENT / "sop" / "pengumpulan-data-kinerja.yaml"))
    path = write_sheet(tmp_path / "sop-lama.docx", sheet, regs, signer)
    content = empty_content(tmp_path)
    before = leftovers(content)
    full_disk(monkeypatch)
    code, out, err = impor(capsys, path, "--content", content)
    assert (code, out) == (1, "")
    assert err == (
        f"{path}: tidak diimpor: {content}/sop/sop-lama.yaml tidak bisa ditulis "
        "(No space left on device)\n"
    )
    assert leftovers(content) == before  # no 0-byte draft, no temporary file

    monkeypatch.undo()  # space again: the same command works
    code, out, err = impor(capsys, path, "--content", content)
    assert (code, err) == (0, "")
    assert out.startswith(f"sop-lama.docx -> {content}/sop/sop-lama.yaml: 8 langkah")
    assert load(content / "sop" / "sop-lama.yaml")["kegiatan"]


def test_a_build_on_a_full_disk_leaves_no_part_of_a_file(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = site_dir / "output"
    build(site_dir / "content", site_dir / "warm", pdf=False)  # the caches written: not counted
    calls = full_disk(monkeypatch, after=3)
    with pytest.raises(OSError, match="No space left on device"):
        build(site_dir / "content", output, pdf=False)
    assert len(calls) == 4
    written = leftovers(output)
    assert not [n for n in written if n.endswith(".tmp")]
    assert len(written) == 3  # the three whole files, nothing of the fourth

    monkeypatch.undo()
    result = build(site_dir / "content", output, pdf=False)
    assert result.pages > 0 and not result.failed


def test_a_full_disk_is_one_line_from_the_command_line(
    site_dir: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from officedocs.cli import main

    full_disk(monkeypatch)
    assert main(["--no-pdf", "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert re.fullmatch(r"gagal: output/[^ ]+: No space left on device\n", err), err
