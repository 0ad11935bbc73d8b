"""Every file the program writes lands whole or not at all: a temporary file beside it, moved
into place. A full disk or a killed process leaves the old file (or none), never a part of one,
and never a stray temporary file after an error, so the same command run again works.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def file_mode() -> int:
    """The mode an ordinary new file gets under the current umask (0644 under 022)."""
    umask = os.umask(0)  # reading the umask means setting it; put it straight back
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(
    path: Path, data: bytes | str, *, mode: int | None = None, exclusive: bool = False
) -> None:
    """Put `data` at `path` in one step. `mode`: the file's permissions (default: as the
    umask gives an ordinary file; a temporary file's 0600 must not survive the move).
    `exclusive`: never replace an existing file (FileExistsError), even in a race."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        _fill(fd, raw, file_mode() if mode is None else mode)
        if exclusive:
            _link(tmp, path)
        else:
            os.replace(tmp, path)
    except OSError as exc:  # say which file: a full disk's error names none
        if exc.filename is not None:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _fill(fd: int, raw: bytes, mode: int) -> None:
    with os.fdopen(fd, "wb") as f:
        f.write(raw)
        os.fchmod(f.fileno(), mode)


def _link(tmp: str, path: Path) -> None:
    """Move `tmp` to `path` unless `path` exists: a hard link fails atomically if it does."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the check and the move are two steps
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(tmp, path)
