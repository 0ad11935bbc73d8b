"""Checked SOPs kept between runs, so an unchanged file is neither parsed nor checked again.

A SOP's check depends on its own bytes; on the registries (who signs on its date, the
regulations it cites); on which SOPs exist (the ones it links to); on the program and the
libraries that build its values; and on where messages are said from (paths are printed
relative to the working directory). With all of those as they were, the checked document
and the warnings the check gave are read back. Only a file that checked without error is
kept; the checks across files (one number, one owner) still run on every document.

The entries live in the user's cache, not in output/ (which is published, and would show
drafts). They are pickles: the folder is the user's own, and whoever can write to it can
already run code as that user. An entry that cannot be read is checked again.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .deps import digest, program_digest
from .documents import SopDoc
from .paths import user_cache
from .problems import Problem


@dataclass
class Checked:
    """What checking one SOP file gave, and what it depended on beyond the file."""

    sha: str  # the file's bytes
    context: str  # CheckCache.context when it was checked
    doc: SopDoc
    warnings: list[Problem]
    nomor_at: tuple[int, int]  # where its number is: the check across files points at it
    links: tuple[str, ...]  # the SOPs it links to: each must still exist


class CheckCache:
    def __init__(self, root: Path, registries: list[str | None]):
        self.folder = user_cache("checked") / digest(str(root.resolve()))[:24]
        self.context = digest(
            [
                program_digest(),
                metadata.version("pydantic"),
                sys.version,
                os.getcwd(),
                str(root),
                registries,
            ]
        )

    def _file(self, path: Path) -> Path:
        return self.folder / f"{path.stem}.pickle"

    def get(self, path: Path, sha: str) -> Checked | None:
        try:
            entry = pickle.loads(self._file(path).read_bytes())
        except Exception:  # noqa: BLE001 - missing, damaged or from another version: check
            return None
        if not isinstance(entry, Checked) or (entry.sha, entry.context) != (sha, self.context):
            return None
        return entry

    def put(self, path: Path, entry: Checked) -> None:
        """Keep an entry; a cache that cannot be written only costs time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, self._file(path))
        except OSError:
            pass

    def prune(self, stems: set[str]) -> None:
        """Entries of SOP files that are gone."""
        try:
            for f in self.folder.iterdir():
                if f.suffix == ".pickle" and f.stem not in stems:
                    f.unlink()
        except OSError:
            pass
