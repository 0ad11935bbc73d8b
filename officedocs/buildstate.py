"""What a build remembers about an output folder, kept outside it: output/ is the website, and
every visitor could read a manifest there (the names of drafts, every input's digest).

The manifest and the lock live in `.officedocs/` beside content/ (created 0700, kept out of
git), one folder per output folder: `.officedocs/output/` for the default. The project can be
moved or copied with it and the next build still knows what it made. A manifest an older
version left in output/ is moved there once. The manifest is saved as documents land
(`Checkpoint`), so a killed build redoes only what it had not finished; the lock makes a second
build of the same output wait or refuse.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from pathlib import Path

from .atomic import write_atomic

MANIFEST = "manifest.json"
OLD_MANIFEST = ".build-manifest.json"  # where versions before this one kept it: in output/
LOCK = "build.lock"
SAVE_EVERY_DOCS = 50  # a killed build loses at most this many landed PDFs ...
SAVE_EVERY_SECONDS = 5.0  # ... or this many seconds of them (a save at 1,000 SOPs: 40 ms)


STATE = ".officedocs"


def state_folder(content: Path, output: Path) -> Path:
    """Where the build of `content` into `output` keeps its memory (not created here):
    `.officedocs/<output>` beside content/, named by the output folder's path from there
    (`output`, `situs_uji`), or by a digest of its absolute path when it is elsewhere."""
    project = content.resolve().parent
    out = output.resolve()
    if out.is_relative_to(project) and out != project:
        name = out.relative_to(project).as_posix().replace("/", "__")
    else:
        name = "luar-" + hashlib.sha256(str(out).encode()).hexdigest()[:24]
    return project / STATE / name


def _private(folder: Path) -> Path:
    """`folder` and .officedocs/ above it, created 0700 (nothing in them is for anyone else)."""
    for level in (folder.parent, folder):
        try:
            os.mkdir(level, 0o700)
        except FileExistsError:
            pass
    return folder


def read_manifest(folder: Path, output: Path) -> bytes | None:
    """The manifest kept in `folder`; one an older version left in output/ is moved here."""
    new = folder / MANIFEST
    old = output / OLD_MANIFEST
    if old.is_file() and not old.is_symlink():
        try:
            if not new.is_file():
                save_manifest(folder, old.read_bytes())
            old.unlink()
        except OSError:
            pass  # the build that follows writes a new one
    try:
        return new.read_bytes()
    except OSError:
        return None


def save_manifest(folder: Path, data: bytes) -> None:
    write_atomic(_private(folder) / MANIFEST, data, mode=0o600)


class Checkpoint:
    """When to save the manifest while PDFs land: every SAVE_EVERY_DOCS documents or
    SAVE_EVERY_SECONDS seconds, whichever comes first."""

    def __init__(self) -> None:
        self.landed = 0
        self.since = time.monotonic()

    def due(self) -> bool:
        self.landed += 1
        if self.landed >= SAVE_EVERY_DOCS or time.monotonic() - self.since >= SAVE_EVERY_SECONDS:
            self.landed, self.since = 0, time.monotonic()
            return True
        return False


class BuildBusy(Exception):
    """Another build of the same output folder is running."""


class BuildLock:
    """Held for a whole build of one output folder. `wait`: block until the other build is
    done (serve); otherwise refuse at once, naming the process that holds it."""

    def __init__(self, folder: Path, output: Path, wait: bool = False):
        self.folder, self.output, self.wait = folder, output, wait
        self.fd: int | None = None

    def __enter__(self) -> BuildLock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock
            return self
        path = _private(self.folder) / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            # A POSIX record lock: the PDF workers forked while it is held do not inherit it,
            # so a killed build's lingering workers never keep the next build out.
            fcntl.lockf(fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                os.close(fd)
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise BuildBusy(
                f"build lain (proses {holder}) sedang membangun {self.output}/; "
                "tunggu sampai selesai, lalu jalankan lagi"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing releases the lock, as a killed process's exit does
            self.fd = None
