"""Ctrl+C during a build: one line, exit 130, no traceback from the build or its workers, and
the next build finishes what was left."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pikepdf
import pytest
from synthetic import build_until_second_sheet, write_sops

from officedocs.build import build


@pytest.mark.slow  # builds in a subprocess
def test_ctrl_c_is_one_line_and_the_next_build_finishes(site_dir: Path) -> None:
    content = site_dir / "content"
    write_sops(content, 6, 14, 4)
    proc, lines = build_until_second_sheet(site_dir)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends to the whole group
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 130
    err = "".join(lines) + rest
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.splitlines()[-1] == (
        "dihentikan (Ctrl+C): berkas yang sudah selesai tetap ada; build berikutnya melanjutkan"
    )
    for pdf in (site_dir / "output").rglob("*.pdf"):
        pikepdf.open(pdf).close()  # every file is whole
    result = build(content, site_dir / "output", jobs=2)
    assert not result.failed and result.rendered >= 1
    assert build(content, site_dir / "output", jobs=2).rendered == 0
