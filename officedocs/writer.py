"""The only stage that touches output/: atomic writes, one owner per path, stale files removed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class DuplicateOutput(Exception):
    pass


class Writer:
    def __init__(self, root: Path):
        self.root = root
        self.written: set[Path] = set()  # written by this build: a second write is a clash
        self.kept: set[Path] = set()  # part of this build, written or left as it was

    def write(self, rel: str, data: bytes | str) -> Path:
        path = self.root / rel
        if path in self.written:
            raise DuplicateOutput(f"dua dokumen menulis berkas yang sama: {rel}")
        self.written.add(path)
        self.keep(rel)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if path.exists() and path.read_bytes() == raw:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def keep(self, rel: str) -> None:
        """Mark a file as part of this build without rewriting it (unchanged documents)."""
        self.kept.add(self.root / rel)

    def remove_stale(self, folders: list[str]) -> list[Path]:
        """Delete files of documents no longer in content/ from the given output folders."""
        removed = []
        for folder in folders:
            for path in (self.root / folder).glob("*"):
                if path.is_file() and path not in self.kept:
                    path.unlink()
                    removed.append(path)
        return removed
