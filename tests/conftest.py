from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture
def site_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real content in a temporary folder, which is also the working directory."""
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# tests/ on the path: shared helpers such as synthetic.py import as top-level modules.
import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
