"""The flowchart of a foreign Word sheet in VML, as Word 2007 and older wrote it: the same
drawing as `sheet_docx`'s DrawingML placer, in shape types, CSS-like boxes and lines."""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from sheet_docx import _Placer

VML_TYPES = {  # o:spt and path of the shape types Word writes for these symbols
    "flowChartProcess": (109, "m,l,21600r21600,l21600,xe"),
    "flowChartDecision": (110, "m10800,l,10800,10800,21600,21600,10800xe"),
    "flowChartTerminator": (116, "m3475,qx,10800,3475,21600l18125,21600qx21600,10800,18125,xe"),
    "flowChartOffpageConnector": (177, "m,l21600,r,17150l10800,21600,,17150xe"),
}
VNS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)
POS = "position:absolute;mso-position-horizontal-relative:text;mso-position-vertical-relative:text"


class VmlPlacer(_Placer):
    """The same drawing in VML, as Word 2007 and older wrote it."""

    def _put(self, x: float, y: float, inner: str) -> None:
        cell, _, _ = self._cell(x, y)
        xml = f"<w:r {VNS}><w:pict>{inner}</w:pict></w:r>"
        cell.paragraphs[0]._p.append(parse_xml(xml))

    def shape(self, prst: str, x, y, w, h, text: str = "", line: bool = True) -> None:
        _, ox, oy = self._cell(x, y)
        box = f"margin-left:{ox:.2f}pt;margin-top:{oy:.2f}pt;width:{w:.2f}pt;height:{h:.2f}pt"
        txt = (
            '<v:textbox inset="0,0,0,0"><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
            f'<w:r><w:rPr><w:sz w:val="14"/></w:rPr><w:t>{escape(text)}</w:t></w:r></w:p>'
            "</w:txbxContent></v:textbox>"
            if text
            else ""
        )
        if not line:
            inner = f'<v:rect style="{POS};{box}" stroked="f" filled="f">{txt}</v:rect>'
        else:
            spt, path = VML_TYPES[prst]
            inner = (
                f'<v:shapetype id="_x0000_t{spt}" coordsize="21600,21600" o:spt="{spt}" '
                f'path="{path}"><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
                f'<v:shape type="#_x0000_t{spt}" style="{POS};{box}" fillcolor="white" '
                f'strokecolor="black">{txt}</v:shape>'
            )
        self._put(x, y, inner)

    def line(self, pts: list[tuple[float, float]], arrow: bool = True) -> None:
        for n, (p, q) in enumerate(zip(pts, pts[1:], strict=False)):
            _, ox, oy = self._cell(min(p[0], q[0]), min(p[1], q[1]))
            dx, dy = ox - min(p[0], q[0]), oy - min(p[1], q[1])
            end = ' endarrow="block"' if arrow and n == len(pts) - 2 else ""
            inner = (
                f'<v:line style="{POS}" from="{p[0] + dx:.2f}pt,{p[1] + dy:.2f}pt" '
                f'to="{q[0] + dx:.2f}pt,{q[1] + dy:.2f}pt" strokecolor="black">'
                f"<v:stroke{end}/></v:line>"
            )
            self._put(min(p[0], q[0]), min(p[1], q[1]), inner)
