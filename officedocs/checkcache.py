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
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .atomic import write_atomic
from .deps import digest, program_digest
from .documents import SopDoc
from .problems import Problem
from .usercache import cache_path, private_folder, read_trusted


@dataclass
class Checked:
    """What checking one SOP file gave, and what it depended on beyond the file."""

    sha: str  # the file's bytes
    context: str  # CheckCache.context when it was checked
    doc: SopDoc
    warnings: list[Problem]
    nomor_at: tuple[int, int]  # where its number is: the check across files points at it
    links: tuple[str, ...]  # the SOPs it links to: each must still exist


SHARDS = 32  # entries are kept in a few files: creating a thousand small files is slow


class CheckCache:
    """Entries by file name, in SHARDS pickles read when first asked for; `save` writes the
    ones that changed (one edited SOP rewrites one shard)."""

    def __init__(self, root: Path, registries: list[str | None]):
        self.key = digest(str(root.resolve()))[:24]
        self.folder = cache_path("checked", self.key)
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
        self.shards: dict[int, dict[str, Checked]] = {}
        self.dirty: set[int] = set()

    def _shard(self, name: str) -> dict[str, Checked]:
        n = _number(name)
        if n not in self.shards:
            # Only a shard no one else could have planted is unpickled (usercache).
            data = read_trusted(self.folder / f"{n}.pickle")
            try:
                shard = pickle.loads(data) if data is not None else {}
            except Exception:  # noqa: BLE001 - damaged, another version: check again
                shard = {}
            self.shards[n] = shard if isinstance(shard, dict) else {}
        return self.shards[n]

    def get(self, path: Path, sha: str) -> Checked | None:
        entry = self._shard(path.name).get(path.name)
        if not isinstance(entry, Checked) or (entry.sha, entry.context) != (sha, self.context):
            return None
        return entry

    def put(self, path: Path, entry: Checked) -> None:
        self._shard(path.name)[path.name] = entry
        self.dirty.add(_number(path.name))

    def prune(self, names: set[str]) -> None:
        """Forget the files that are gone (of the shards read)."""
        for n, shard in self.shards.items():
            for name in [k for k in shard if k not in names]:
                del shard[name]
                self.dirty.add(n)

    def save(self) -> None:
        """Write the changed shards; a cache that cannot be written only costs time."""
        try:
            private_folder("checked", self.key)
            for n in sorted(self.dirty):
                data = pickle.dumps(self.shards[n], protocol=pickle.HIGHEST_PROTOCOL)
                write_atomic(self.folder / f"{n}.pickle", data, mode=0o600)
        except OSError:
            pass
        self.dirty.clear()


def _number(name: str) -> int:
    """The shard a file's entry lives in: the same on every run (unlike hash())."""
    return zlib.crc32(name.encode()) % SHARDS
