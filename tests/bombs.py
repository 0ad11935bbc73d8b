"""Hostile files for `impor`, made on the spot: small on disk, enormous once unpacked.

Each writer streams its payload through zlib in chunks, so making a 1.5 GB bomb costs the test
seconds and a few MB, not the memory the bomb is meant to eat.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from docx import Document

MB = 1 << 20


def plain_docx() -> bytes:
    out = io.BytesIO()
    doc = Document()
    doc.add_paragraph("Lembar SOP")
    doc.save(out)
    return out.getvalue()


def zip_bomb(path: Path, unpacked: int = 1536 * MB) -> Path:
    """A Word file (1.5 MB) with an image part of `unpacked` zero bytes."""
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        info = zipfile.ZipInfo("word/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w", force_zip64=True) as part:
            chunk = bytes(8 * MB)
            for _ in range(unpacked // len(chunk)):
                part.write(chunk)
    return path


def xml_bomb(path: Path, levels: int = 10) -> Path:
    """A Word file whose document.xml declares the billion laughs before its body."""
    dtd = ["<!DOCTYPE w:document [", '<!ENTITY l0 "ha">']
    for i in range(1, levels):
        dtd.append(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">')
    dtd.append("]>")
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename == "word/document.xml":
                head, _, rest = raw.partition(b"?>")
                body = rest.replace(b"Lembar SOP", f"&l{levels - 1};".encode())
                raw = head + b"?>" + "\n".join(dtd).encode() + body
            dst.writestr(info, raw)
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1; 1 is the catalog) with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return (
        b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra)
        + data
        + (b"\nendstream")
    )


def many_pages(path: Path, pages: int = 2000) -> Path:
    """`pages` pages sharing one content stream of lines and text: small on disk."""
    ops = b"BT /F1 8 Tf 20 800 Td (Uraian Kegiatan Pelaksana) Tj ET\n"
    ops += b"".join(b"%d 100 m %d 700 l S\n" % (x, x) for x in range(20, 580, 4))
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (pages, kids),
        _stream(zlib.compress(ops, 9)),
    ]
    font = (
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    )
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R %s >>" % font
        )
    path.write_bytes(_pdf(objects))
    return path


def content_bomb(path: Path, unpacked: int = 1024 * MB) -> Path:
    """One page whose content stream inflates to `unpacked` bytes of drawing operators."""
    ops = b"0 0 1 1 re f\n" * (MB // 13)
    z = zlib.compressobj(9)
    parts = [z.compress(ops) for _ in range(unpacked // len(ops))]
    parts.append(z.flush())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [4 0 R] >>",
        _stream(b"".join(parts)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
    ]
    path.write_bytes(_pdf(objects))
    return path


def form_bomb(path: Path, draws: int = 200_000) -> Path:
    """One page that draws a small form XObject `draws` times: 13 KB on disk, and every
    stream small once decoded; what the reader would parse is the form times `draws`."""
    form = b"".join(b"%d 100 m %d 700 l S\n" % (x, x) for x in range(2000))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count 1 /Kids [4 0 R] >>",
        _stream(zlib.compress(b"/Fm0 Do\n" * draws, 9)),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /XObject << /Fm0 5 0 R >> >> >>",
        _stream(zlib.compress(form, 9), b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "),
    ]
    path.write_bytes(_pdf(objects))
    return path


def xlsx_xml_bomb(path: Path, levels: int = 10) -> Path:
    """A workbook whose first sheet declares the billion laughs."""
    import openpyxl

    raw = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Tabel evaluasi"
    wb.save(raw)
    dtd = "".join(
        [
            '<!DOCTYPE worksheet [<!ENTITY l0 "ha">',
            *(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)),
            "]>",
        ]
    ).encode()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b"?>" + dtd + rest
            dst.writestr(info, data)
    return path
