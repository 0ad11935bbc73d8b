"""Bounds an imported file must keep before a parser sees it, and a fence around the parser.

A file given to `impor` may come from anyone. Word files are zip archives of XML; a PDF holds
compressed streams. Either can be small on disk and enormous once unpacked (a zip bomb, an XML
entity bomb, a content stream that inflates to gigabytes, thousands of pages sharing one
stream). `check` measures what the parsers would unpack, without unpacking more than a limit,
and refuses a file over one limit in one line that names the limit.

`fenced` runs the whole read (check and parse) in a forked child with a memory ceiling and a
time limit, so an input no check foresaw still ends in one line instead of eating the machine.
"""

from __future__ import annotations

import os
import pickle
import resource
import selectors
import signal
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .model import UnreadableSheet

MB = 1 << 20
FILE_MAX = 20 * MB  # the file on disk; an SOP sheet is a few hundred KB
ZIP_MEMBERS = 2000  # parts of a Word file
MEMBER_MAX = 32 * MB  # one part unpacked (a large photo in the sheet)
XML_MEMBER_MAX = 16 * MB  # one XML part unpacked: lxml holds it as a tree of ~10x
ZIP_TOTAL_MAX = 64 * MB  # all parts unpacked: python-docx reads every part
PAGES_MAX = 40  # an SOP is a few pages; every page is parsed whole
STREAM_MAX = 32 * MB  # any one PDF stream decoded (an image, a font)
CONTENT_MAX = 8 * MB  # the pages' content streams decoded, summed over pages
IMAGE_PIXELS = 64 * 1000 * 1000  # an image's declared width x height
MEMORY_MAX = 768 * MB  # growth the reading child may make beyond what it starts with
TIME_MAX = 60  # seconds for one file's read


class TooLarge(UnreadableSheet):
    """Over a limit: the message names the limit."""


def size(n: int) -> str:
    """Bytes as staff read them: 1,5 GB, 32 MB, 800 KB."""
    for unit, scale in (("GB", 1 << 30), ("MB", MB), ("KB", 1 << 10)):
        if n >= scale:
            value = f"{n / scale:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{value} {unit}"
    return f"{n} byte"


def check(path: Path) -> None:
    """Raise TooLarge when `path` would unpack beyond a limit; cheap for a normal sheet."""
    on_disk = path.stat().st_size
    if on_disk > FILE_MAX:
        raise TooLarge(f"berkas {size(on_disk)}, lebih dari batas {size(FILE_MAX)}")
    suffix = path.suffix.lower()
    if suffix == ".docx":
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
                        f"bagian {info.filename} memuat DTD (<!DOCTYPE/<!ENTITY>): "
                        "tidak diizinkan dalam berkas Word"
                    )
                tail = chunk[-32:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        pass  # damaged or encrypted part: the reader refuses the file in its own words
    return count


# -- PDF: pages and decoded streams ------------------------------------------------------------


def check_pdf(path: Path) -> None:
    """The page count, and every stream's decoded size before pdfminer decodes any: object
    streams first (resolving an object inside one decodes it whole), then the rest."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream

    with path.open("rb") as fh:
        try:
            doc = PDFDocument(PDFParser(fh))
        except Exception:  # noqa: BLE001 - damaged or locked: the reader says so in its words
            return
        ids, packed = _object_ids(doc)
        for strmid in sorted(packed):
            stream = _object(doc, strmid)
            if isinstance(stream, PDFStream):
                _decoded(stream, STREAM_MAX, "aliran objek")
        _check_pages(PDFPage.create_pages(doc))
        for objid in ids:
            obj = _object(doc, objid)
            if isinstance(obj, PDFStream):
                _check_stream(obj)


def _check_pages(pages: Iterator[Any]) -> None:
    count = content = 0
    for page in pages:
        count += 1
        if count > PAGES_MAX:
            continue  # counted, for the message, but not read
        for stream in _contents(page):
            content += _decoded(stream, CONTENT_MAX, "isi halaman")
        if content > CONTENT_MAX:
            raise TooLarge(f"isi halaman terurai lebih dari batas {size(CONTENT_MAX)}")
    if count > PAGES_MAX:
        raise TooLarge(f"{count} halaman, lebih dari batas {PAGES_MAX} halaman")


def _object_ids(doc: Any) -> tuple[list[int], set[int]]:
    ids: set[int] = set()
    packed: set[int] = set()
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            ids.add(objid)
            try:
                strmid, _, _ = xref.get_pos(objid)
            except Exception:  # noqa: BLE001 - a broken entry: pdfminer skips it too
                continue
            if strmid is not None:
                packed.add(strmid)
    return sorted(ids), packed


def _object(doc: Any, objid: int) -> Any:
    try:
        return doc.getobj(objid)
    except TooLarge:
        raise
    except Exception:  # noqa: BLE001 - a broken object: pdfminer skips it too
        return None


def _contents(page: Any) -> Iterator[Any]:
    from pdfminer.pdftypes import PDFStream, resolve1

    contents = resolve1(page.attrs.get("Contents"))
    for item in contents if isinstance(contents, list) else [contents]:
        stream = resolve1(item)
        if isinstance(stream, PDFStream):
            yield stream


def _check_stream(stream: Any) -> None:
    from pdfminer.pdftypes import resolve1

    if getattr(resolve1(stream.attrs.get("Subtype")), "name", "") == "Image":
        width = _number(stream.attrs.get("Width"))
        height = _number(stream.attrs.get("Height"))
        if width * height > IMAGE_PIXELS:
            raise TooLarge(
                f"gambar {width} x {height} piksel, lebih dari batas "
                f"{IMAGE_PIXELS // 1_000_000} juta piksel"
            )
    _decoded(stream, STREAM_MAX, "aliran")


def _number(value: Any) -> int:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return int(value) if isinstance(value, int | float) else 0


def _decoded(stream: Any, limit: int, what: str) -> int:
    """The size `stream` decodes to, decoding at most `limit` bytes (+1) at every step."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode

    data = stream.rawdata if stream.data is None else stream.data
    if data is None:
        return 0
    if stream.data is None and stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    if stream.data is None:
        for name, _params in stream.get_filters():
            name = getattr(name, "name", name)
            if name in ("FlateDecode", "Fl"):
                data = _inflate(data, limit)
            elif name in ("LZWDecode", "LZW"):
                data = _lzw(data, limit)
            elif name in ("RunLengthDecode", "RL"):
                data = _run_length(data, limit)
            elif name in ("ASCII85Decode", "A85"):
                data = ascii85decode(data)
            elif name in ("ASCIIHexDecode", "AHx"):
                data = asciihexdecode(data)
            else:
                break  # images (DCT, JPX, JBIG2, CCITT) are not decoded by the reader
            if len(data) > limit:
                break
    if len(data) > limit:
        raise TooLarge(f"{what} PDF terurai lebih dari batas {size(limit)}")
    return len(data)


def _inflate(data: bytes, limit: int) -> bytes:
    out = zlib.decompressobj()
    try:
        return out.decompress(data, limit + 1)
    except zlib.error:
        return b""  # pdfminer reads what it can of a damaged stream; never more than this


def _lzw(data: bytes, limit: int) -> bytes:
    from io import BytesIO

    from pdfminer.lzw import LZWDecoder

    parts, count = [], 0
    try:
        for chunk in LZWDecoder(BytesIO(data)).run():
            parts.append(chunk)
            count += len(chunk)
            if count > limit:
                break
    except Exception:  # noqa: BLE001 - a damaged stream ends where it breaks
        pass
    return b"".join(parts)


def _run_length(data: bytes, limit: int) -> bytes:
    """Only the length is needed; a placeholder of that length, capped."""
    count, i = 0, 0
    while i < len(data) and count <= limit:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            count += n + 1
            i += n + 2
        else:
            count += 257 - n
            i += 2
    return bytes(min(count, limit + 1))


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
