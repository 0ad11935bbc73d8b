"""The stamp's appearance: where the layout reserved its box, the shipped font, the QR code.

pyHanko draws the stamp as the signature field's appearance; this module only chooses the
box (from the PDF's own named destinations), the font and how the QR code is painted.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import segno
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import init_xobject_dictionary
from pyhanko.stamp import QRStamp, QRStampStyle

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
FONT = LAYOUTS / "fonts" / "LiberationSans-Regular.ttf"
# Named destinations that layouts/_ttd.html puts at the reserved box's corners: WeasyPrint
# writes every id as one, so the PDF itself says where the stamp goes.
BOX_TOP_LEFT, BOX_BOTTOM_RIGHT = "ttd-tte", "ttd-tte-akhir"
STAMP_TEXT = "Ditandatangani secara\nelektronik oleh\n%(nama)s\n%(nip)s\n%(tanggal)s"


class NoStampBox(Exception):
    pass


def stamp_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """Page index and (x1, y1, x2, y2) of the box the layout reserved for the stamp."""
    reader = PdfFileReader(io.BytesIO(pdf))
    names = reader.root.get("/Names", generic.DictionaryObject()).get("/Dests")
    flat = list(names.get("/Names", [])) if names is not None else []
    dests = {str(flat[i]): flat[i + 1] for i in range(0, len(flat) - 1, 2)}
    try:
        top, end = dests[BOX_TOP_LEFT], dests[BOX_BOTTOM_RIGHT]
    except KeyError:
        raise NoStampBox("tata letak tidak menyediakan ruang tanda tangan (#ttd-tte)") from None
    pages = [ref.idnum for ref in _page_refs(reader.root["/Pages"])]
    page = pages.index(top.raw_get(0).idnum)
    x1, y1, x2, y2 = float(top[2]), float(end[3]), float(end[2]), float(top[3])
    return page, (x1, y1, x2, y2)


def _page_refs(node: generic.DictionaryObject) -> list:
    refs = []
    for kid in node.raw_get("/Kids"):
        obj = kid.get_object()
        refs.extend(_page_refs(obj) if obj["/Type"] == "/Pages" else [kid])
    return refs


@lru_cache(maxsize=1)
def _font_bytes() -> bytes:
    """Liberation Sans rescaled to 1000 units per em. pyHanko 0.38 writes the /W widths in
    font units unscaled, which is right only at 1000 units per em (Liberation has 2048): with
    the original, every letter of the stamp stands apart."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(FONT)
    # The stamp needs no shaping features; without them pyHanko's subsetting per signature
    # takes milliseconds instead of a third of a second.
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "FFTM", "DSIG", "gasp", "prep", "fpgm", "cvt "):
        if tag in font:
            del font[tag]
    scale_upem(font, 1000)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class _ShippedFont(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None):  # noqa: ANN001, ANN201 - pyHanko API
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def stamp_style() -> QRStampStyle:
    font = _ShippedFont(str(FONT))
    return _SegnoStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=7, leading=8),
        border_width=0,
        innsep=2,
    )


@dataclass(frozen=True)
class _SegnoStampStyle(QRStampStyle):
    """pyHanko's QR stamp layout, with the code drawn from segno's matrix as vector squares."""

    def create_stamp(self, writer, box, text_params):  # noqa: ANN001, ANN201 - pyHanko API
        return _SegnoStamp(
            writer, style=self, url=text_params.pop("url"), text_params=text_params, box=box
        )


class _SegnoStamp(QRStamp):
    QUIET = 2  # modules of white around the code; the stamp's own margin adds more

    def _qr_xobject(self):  # noqa: ANN202 - pyHanko API
        matrix = segno.make(self.url, error="m", micro=False).matrix
        n = len(matrix)
        ops = [b"0 g"]
        for row_ix, row in enumerate(matrix):
            y = n - 1 - row_ix + self.QUIET
            x = 0
            while x < n:  # one rectangle per run of dark modules keeps the stream small
                if row[x]:
                    start = x
                    while x < n and row[x]:
                        x += 1
                    ops.append(b"%d %d %d 1 re" % (start + self.QUIET, y, x - start))
                else:
                    x += 1
        ops.append(b"f")
        size = n + 2 * self.QUIET
        xobj = init_xobject_dictionary(b" ".join(ops), size, size)
        xobj.compress()
        return self.writer.add_object(xobj), size
