"""The only stage that touches output/: atomic writes, one owner per path, stale files removed.

Files get the mode of any file the user creates (0666 less the umask): the temporary file's
0600 must not survive the rename, or a web server running as its own user cannot read them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .atomic import file_mode, write_atomic
from .buildstate import Checkpoint, save_manifest
from .deps import Manifest


class DuplicateOutput(Exception):
    pass


__all__ = ["DuplicateOutput", "Writer", "file_mode"]


class Writer:
    def __init__(self, root: Path):
        self.root = root
        self.mode = file_mode()  # per build: the umask of now, not of when this was imported
        self.written: set[Path] = set()  # written by this build: a second write is a clash
        self.kept: set[Path] = set()  # part of this build, written or left as it was
        self.hashes: dict[str, str] = {}  # what this build wrote: path -> SHA-256
        self.marks: dict[str, list[int]] = {}  # ... and its size and time once written
        self._checkpoint = Checkpoint()

    def write(self, rel: str, data: bytes | str) -> str:
        """Write `data` at `rel` (unless the file already holds it); its SHA-256."""
        path = self.root / rel
        if path in self.written:
            raise DuplicateOutput(f"dua dokumen menulis berkas yang sama: {rel}")
        self.written.add(path)
        self.keep(rel)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        sha = self.hashes[rel] = hashlib.sha256(raw).hexdigest()
        if path.exists() and path.read_bytes() == raw:
            if path.stat().st_mode & 0o777 != self.mode:
                path.chmod(self.mode)  # left 0600 by an older build
            self._mark(rel, path)
            return sha
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, raw, mode=self.mode)
        self._mark(rel, path)
        return sha

    def _mark(self, rel: str, path: Path) -> None:
        st = path.stat()
        self.marks[rel] = [st.st_size, st.st_mtime_ns]

    def keep(self, rel: str) -> None:
        """Mark a file as part of this build without rewriting it (unchanged documents)."""
        self.kept.add(self.root / rel)

    def is_kept(self, rel: str) -> bool:
        return self.root / rel in self.kept

    def write_manifest(self, manifest: Manifest) -> None:
        """The manifest of a finished build, outside output/ (buildstate)."""
        kept = {p.relative_to(self.root).as_posix() for p in self.kept}
        save_manifest(manifest.folder, manifest.to_bytes(kept, self.marks))

    def checkpoint(self, manifest: Manifest) -> None:
        """A PDF landed: every few of them, or seconds, the manifest so far is saved, so a
        build killed now redoes only what it had not finished."""
        if self._checkpoint.due():
            save_manifest(manifest.folder, manifest.to_bytes(None, self.marks))
