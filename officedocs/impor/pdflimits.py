"""The bounds of a PDF given to `impor`, measured before pdfminer parses it: the page count,
every stream's decoded size (object streams first: resolving an object inside one decodes it
whole), the pages' content with every form XObject counted as often as it is drawn, and each
image's declared size. Decoding here never goes past a limit.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .bounds import MB, TooLarge, size

PAGES_MAX = 40  # an SOP is a few pages; every page is parsed whole
STREAM_MAX = 32 * MB  # any one PDF stream decoded (an image, a font)
CONTENT_MAX = 8 * MB  # the pages' content decoded, forms counted as drawn, summed over pages
IMAGE_PIXELS = 64 * 1000 * 1000  # an image's declared width x height
FORM_DEPTH = 8  # forms drawn inside forms


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
                _decode(stream, STREAM_MAX, "aliran objek")
        _check_pages(PDFPage.create_pages(doc))
        for objid in ids:
            obj = _object(doc, objid)
            if isinstance(obj, PDFStream):
                _check_stream(obj)


def _check_pages(pages: Iterator[Any]) -> None:
    count = content = 0
    weights: dict[int, int] = {}  # a form XObject's weight, by object id: counted once
    for page in pages:
        count += 1
        if count > PAGES_MAX:
            continue  # counted, for the message, but not read
        parts = []
        for stream in _contents(page):
            parts.append(_decode(stream, CONTENT_MAX, "isi halaman"))
            if content + sum(map(len, parts)) > CONTENT_MAX:
                raise TooLarge(f"isi halaman terurai lebih dari batas {size(CONTENT_MAX)}")
        content += _weight(b"".join(parts), page.resources, weights, 0)
        if content > CONTENT_MAX:
            raise TooLarge(f"isi halaman terurai lebih dari batas {size(CONTENT_MAX)}")
    if count > PAGES_MAX:
        raise TooLarge(f"{count} halaman, lebih dari batas {PAGES_MAX} halaman")


_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")


def _weight(data: bytes, resources: Any, weights: dict[int, int], depth: int) -> int:
    """What the reader parses for this content: its own bytes, and each form XObject it
    draws (`/Fm0 Do`) as often as it draws it, with what that form draws in turn. A small
    form drawn 200,000 times is as large as the content it stands for."""
    from pdfminer.pdftypes import PDFStream, resolve1

    if depth > FORM_DEPTH:
        raise TooLarge(f"gambar bertumpuk lebih dari {FORM_DEPTH} lapis (batas impor)")
    total = len(data)
    xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
    calls: dict[bytes, int] = {}
    for name in _DO.findall(data):
        calls[name] = calls.get(name, 0) + 1
    for name, times in calls.items():
        form = resolve1(xobjects.get(name.decode("latin-1")))
        if not isinstance(form, PDFStream):
            continue
        key = id(form) if form.objid is None else form.objid
        if key not in weights:
            own = _decode(form, CONTENT_MAX, "isi halaman")
            inner = form.attrs.get("Resources", resources)
            weights[key] = _weight(own, inner, weights, depth + 1)
        total += times * weights[key]
        if total > CONTENT_MAX:
            raise TooLarge(f"isi halaman terurai lebih dari batas {size(CONTENT_MAX)}")
    return total


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
    _decode(stream, STREAM_MAX, "aliran")


def _number(value: Any) -> int:
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return int(value) if isinstance(value, int | float) else 0


def _decode(stream: Any, limit: int, what: str) -> bytes:
    """What `stream` decodes to, decoding at most `limit` bytes (+1) at every step; a
    run-length stream gives zeros of its length (only its size matters)."""
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
    return data


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
