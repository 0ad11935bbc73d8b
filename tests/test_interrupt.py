"""Ctrl+C during a build: one line, exit 130, no traceback from the build or its workers, and
the next build finishes what was left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from synthetic import sop_yaml

from officedocs.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # builds in a subprocess
def test_ctrl_c_is_one_line_and_the_next_build_finishes(site_dir: Path) -> None:
    content = site_dir / "content"
    for i in range(6):
        (content / "sop" / f"uji-{i}.yaml").write_text(
            sop_yaml(14, 4, seed=i, nomor=f"100/{i:02d}/HLG/I/2024"), encoding="utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--jobs", "1"],
        cwd=site_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    while not any("[2/" in line for line in lines):
        lines.append(proc.stderr.readline())
        assert lines[-1], "the build ended before Ctrl+C"
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
