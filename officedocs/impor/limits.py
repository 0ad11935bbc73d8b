"""Bounds an imported file must keep before a parser sees it, and a fence around the parser.

A file given to `impor` may come from anyone. Word files are zip archives of XML; a PDF holds
compressed streams. Either can be small on disk and enormous once unpacked (a zip bomb, an XML
entity bomb, a content stream that inflates to gigabytes, thousands of pages sharing one
stream). `check` measures what the parsers would unpack, without unpacking more than a limit,
and refuses a file over one limit in one line that names the limit (PDF: `pdflimits`).

`fenced` runs the whole read (check and parse) in a forked child with a memory ceiling and a
time limit, so an input no check foresaw still ends in one line instead of eating the machine.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .bounds import MB, TooLarge, size
from .pdflimits import check_pdf

__all__ = ["MB", "TooLarge", "check", "fenced", "size"]
FILE_MAX = 20 * MB  # the file on disk; an SOP sheet is a few hundred KB
ZIP_MEMBERS = 2000  # parts of a Word file
MEMBER_MAX = 32 * MB  # one part unpacked (a large photo in the sheet)
XML_MEMBER_MAX = 16 * MB  # one XML part unpacked: lxml holds it as a tree of ~10x
ZIP_TOTAL_MAX = 64 * MB  # all parts unpacked: python-docx reads every part
MEMORY_MAX = 768 * MB  # growth the reading child may make beyond what it starts with
TIME_MAX = 50  # seconds for one file's read (the command's own start inside 60)


def check(path: Path) -> None:
    """Raise TooLarge when `path` would unpack beyond a limit; cheap for a normal sheet."""
    if not path.is_file():
        return  # the reader says so in its own words
    on_disk = path.stat().st_size
    if on_disk > FILE_MAX:
        raise TooLarge(f"berkas {size(on_disk)}, lebih dari batas {size(FILE_MAX)}")
    suffix = path.suffix.lower()
    if suffix in (".docx", ".xlsx"):  # Word sheets, filled evaluation workbooks
        check_zip(path)
    elif suffix == ".pdf":
        check_pdf(path)


# -- Word: a zip of XML parts -----------------------------------------------------------------

# A DTD is how an XML bomb multiplies; Office Open XML never carries one.
_DTD_MARKS = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le")]
_DTD_MARKS += [m.encode("utf-16-be") for m in ("<!DOCTYPE", "<!ENTITY")]


def check_zip(path: Path) -> None:
    """Every part's unpacked size, counted while unpacking (a header may lie), and the
    archive's total; no XML part may declare a DTD."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return  # not a zip: the reader says so in its own words
    with archive:
        members = archive.infolist()
        if len(members) > ZIP_MEMBERS:
            raise TooLarge(f"{len(members)} bagian di dalam berkas, lebih dari batas {ZIP_MEMBERS}")
        total = 0
        for info in members:
            xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            limit = XML_MEMBER_MAX if xml else MEMBER_MAX
            unpacked = _unpacked(archive, info, limit, xml)
            total += unpacked
            if total > ZIP_TOTAL_MAX:
                raise TooLarge(f"isi berkas terurai lebih dari batas {size(ZIP_TOTAL_MAX)}")


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, xml: bool) -> int:
    if info.file_size > limit:
        raise TooLarge(
            f"bagian {info.filename} terurai {size(info.file_size)}, lebih dari batas {size(limit)}"
        )
    count, tail = 0, b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(MB):
                count += len(chunk)
                if count > limit:
                    raise TooLarge(f"bagian {info.filename} terurai lebih dari batas {size(limit)}")
                if xml and any(m in tail + chunk for m in _DTD_MARKS):
                    raise TooLarge(
                        f"bagian {info.filename} memuat DTD (<!DOCTYPE/<!ENTITY>): tidak diizinkan"
                    )
                tail = chunk[-32:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        pass  # damaged or encrypted part: the reader refuses the file in its own words
    return count


# -- the fence ---------------------------------------------------------------------------------


def fenced(read: Callable[[Path], Any], path: Path) -> Any:
    """`read(path)` after `check(path)`, in a forked child that may grow by MEMORY_MAX and
    run TIME_MAX seconds; its result, or its exception raised here."""
    if not hasattr(os, "fork"):
        check(path)
        return read(path)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(r)
        _child(read, path, w)
    os.close(w)
    try:
        data = _collect(r, pid)
    finally:
        os.close(r)
    if data is None:
        raise TooLarge(f"pembacaan melebihi batas memori {size(MEMORY_MAX)}")
    status, value = pickle.loads(data)
    if status == "ok":
        return value
    raise value


def _child(read: Callable[[Path], Any], path: Path, w: int) -> None:
    status = 0
    try:
        import resource  # POSIX, as fork is

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = _address_space() + MEMORY_MAX
        if hard == resource.RLIM_INFINITY or hard > ceiling:
            resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
        try:
            check(path)
            out: tuple[str, Any] = ("ok", read(path))
        except MemoryError:
            out = ("error", TooLarge(f"pembacaan melebihi batas memori {size(MEMORY_MAX)}"))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent as it is
            out = ("error", exc)
        try:
            data = pickle.dumps(out)
        except Exception:  # noqa: BLE001 - an exception that does not pickle: its kind
            data = pickle.dumps(("error", _Unexpected(type(out[1]).__name__)))
        with os.fdopen(w, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - the parent reports a child that said nothing
        status = 1
    finally:
        os._exit(status)


class _Unexpected(Exception):
    pass


def _address_space() -> int:
    """The child's virtual size now (Linux); the ceiling is set above it."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _collect(r: int, pid: int) -> bytes | None:
    """The child's answer; killed after TIME_MAX seconds. None: it died without one."""
    deadline = time.monotonic() + TIME_MAX
    parts = []
    with selectors.DefaultSelector() as sel:
        sel.register(r, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not sel.select(left):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise TooLarge(f"pembacaan melebihi batas waktu {TIME_MAX} detik")
            chunk = os.read(r, 1 << 16)
            if not chunk:
                break
            parts.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(parts) or None
