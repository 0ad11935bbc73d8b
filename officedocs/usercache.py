"""The user's cache folder (`~/.cache/officedocs`, or `$XDG_CACHE_HOME`), private to the user.

Some of what is kept there runs as code when read (pickled checked SOPs, Jinja's compiled
templates) or skips a check (an SVG's verdict). So every folder from `officedocs/` down is
created 0700, and a file is read only when it and every folder above it up to `officedocs/`
belong to the user and no one else can write to them. Anything else is ignored, as if it were
not there; the next save rebuilds that folder (emptied, then made private again).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

APP = "officedocs"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / APP


def cache_path(*parts: str) -> Path:
    """A path in the cache; nothing created (see `private_folder`)."""
    return cache_root().joinpath(*parts)


def _private(st: os.stat_result, kind: int) -> bool:
    own = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return stat.S_IFMT(st.st_mode) == kind and own and not st.st_mode & 0o022


def trusted(path: Path) -> bool:
    """Whether `path` (a file in the cache, or a folder) may be believed: it and every folder
    above it up to the cache root are the user's, not symlinks, and writable by no one else."""
    root = cache_root()
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    try:
        folder = root
        if not _private(folder.lstat(), stat.S_IFDIR):
            return False
        for name in parts[:-1]:
            folder = folder / name
            if not _private(folder.lstat(), stat.S_IFDIR):
                return False
        if not parts:
            return True
        st = path.lstat()
    except OSError:
        return False
    return _private(st, stat.S_IFDIR) or _private(st, stat.S_IFREG)


def private_folder(*parts: str) -> Path:
    """The cache folder `parts`, each level created 0700 (never widened by the umask). A level
    that is not private (another owner, a symlink, writable by others) is emptied and made
    private when it is the user's; otherwise OSError: the cache is not used."""
    folder = cache_root()
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # ~/.cache itself, if new
    _make(folder)
    for name in parts:
        folder = folder / name
        _make(folder)
    return folder


def _make(folder: Path) -> None:
    try:
        os.mkdir(folder, 0o700)
        os.chmod(folder, 0o700)  # a umask such as 0o277 would take the owner's bits too
        return
    except FileExistsError:
        pass
    st = folder.lstat()
    if _private(st, stat.S_IFDIR):
        return
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise PermissionError(f"folder cache bukan milik pengguna ini: {folder}")
    os.chmod(folder, 0o700)  # ours but open to others: whatever is in it may be planted
    for entry in folder.iterdir():
        if not entry.is_dir() or entry.is_symlink():
            entry.unlink(missing_ok=True)


def read_trusted(path: Path) -> bytes | None:
    """The bytes of a cache file, or None when it is missing or not to be believed. The file
    is judged by the descriptor it is read from: no swap between the check and the read."""
    if not trusted(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not _private(os.fstat(fd), stat.S_IFREG):
            return None
        return fh.read()
