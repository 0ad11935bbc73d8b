"""The PDF workers' start: WeasyPrint imported the quick way, or the usual way if that fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses

ROOT = Path(__file__).resolve().parent.parent

FAKE = """
import ctypes.util
# Like WeasyPrint on a system where no library loads by its file name alone.
if ctypes.util.find_library("c") is None:
    raise OSError("cannot load library")
LOADED_WITH = ctypes.util.find_library("c")
"""


def run(code: str, path: Path) -> str:
    env_path = f"{path}:{ROOT}"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    return done.stdout.strip()


def test_weasyprint_falls_back_to_the_usual_import(tmp_path: Path) -> None:
    (tmp_path / "weasyprint").mkdir()
    (tmp_path / "weasyprint" / "__init__.py").write_text(FAKE)
    code = (
        "import ctypes.util, sys\n"
        "from officedocs.weasy import load_weasyprint\n"
        "load_weasyprint()\n"
        "print(sys.modules['weasyprint'].LOADED_WITH is not None, "
        "ctypes.util.find_library('c') is not None)\n"
    )
    assert run(code, tmp_path) == "True True"  # imported again, find_library given back


def test_the_quick_import_gives_the_real_weasyprint(tmp_path: Path) -> None:
    code = (
        "from officedocs.weasy import load_weasyprint\n"
        "load_weasyprint()\n"
        "from weasyprint.text.ffi import pango, harfbuzz\n"
        "import weasyprint\n"
        "print(weasyprint.HTML(string='<p>x</p>').write_pdf()[:5])\n"
    )
    assert run(code, tmp_path) == "b'%PDF-'"
