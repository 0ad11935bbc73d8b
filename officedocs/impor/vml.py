"""Flowcharts drawn in VML, the shape format of Word files from before Word 2010.

A VML shape carries its kind in its shape type (`o:spt`, the number in `#_x0000_t110`), its
box in its CSS-like `style` (relative to the paragraph it is anchored in) and a line its ends
in `from` / `to`. A VML copy that only stands in for DrawingML (`mc:Fallback`) is skipped:
the DrawingML beside it has been read.
"""

from __future__ import annotations

import re

from .model import ProcPage, Segment, Shape

V = "urn:schemas-microsoft-com:vml"
OFFICE = "urn:schemas-microsoft-com:office:office"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
SPT = {
    1: "process",
    109: "process",
    2: "terminator",
    116: "terminator",
    176: "terminator",
    4: "decision",
    110: "decision",
    177: "offpage",
    120: "offpage",
    3: "offpage",
}
LINE_SPT = {20, 32, 33, 34}
UNITS = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0}
KINDS = {"rect": 1, "roundrect": 2, "oval": 3}


def shape_types(root) -> dict[str, int]:
    """`#id` -> o:spt for every v:shapetype in the document."""
    out = {}
    for st in root.iter(f"{{{V}}}shapetype"):
        spt = st.get(f"{{{OFFICE}}}spt")
        if spt and spt.isdigit():
            out["#" + st.get("id", "")] = int(spt)
    return out


def read(tc, x0: float, y0: float, page: ProcPage, types: dict[str, int]) -> None:
    for pict in tc.iter(f"{{{W}}}pict"):
        if any(a.tag == FALLBACK for a in pict.iterancestors()):
            continue
        for el in pict.iter(
            *(f"{{{V}}}{n}" for n in ("rect", "roundrect", "oval", "shape", "line"))
        ):
            _one(el, x0, y0, page, types)


def _length(text: str | None) -> float:
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*([a-z]*)\s*", text or "")
    if not m:
        return 0.0
    return float(m.group(1)) * UNITS.get(m.group(2) or "px", 1.0)


def _style(el) -> dict[str, str]:
    pairs = (p.split(":", 1) for p in (el.get("style") or "").split(";") if ":" in p)
    return {k.strip().lower(): v.strip() for k, v in pairs}


def _point(text: str | None) -> tuple[float, float]:
    parts = (text or "0,0").split(",")
    return _length(parts[0]), _length(parts[1] if len(parts) > 1 else "0")


def _arrows(el) -> tuple[bool, bool]:
    stroke = el.find(f"{{{V}}}stroke")
    if stroke is None:
        return False, False
    return (
        stroke.get("startarrow", "none") != "none",
        stroke.get("endarrow", "none") != "none",
    )


def _one(el, x0: float, y0: float, page: ProcPage, types: dict[str, int]) -> None:
    name = el.tag.split("}")[1]
    start, end = _arrows(el)
    if name == "line":
        (ax, ay), (bx, by) = _point(el.get("from")), _point(el.get("to"))
        page.segments.append(Segment((x0 + ax, y0 + ay), (x0 + bx, y0 + by), start, end))
        return
    st = _style(el)
    x = x0 + _length(st.get("margin-left") or st.get("left"))
    y = y0 + _length(st.get("margin-top") or st.get("top"))
    w, h = _length(st.get("width")), _length(st.get("height"))
    spt = KINDS.get(name)
    if name == "shape":
        raw = el.get(f"{{{OFFICE}}}spt")
        spt = int(raw) if raw and raw.isdigit() else types.get(el.get("type", ""))
        if spt is None and re.fullmatch(r"#_x0000_t(\d+)", el.get("type", "")):
            spt = int(el.get("type")[9:])
    if spt in LINE_SPT:
        flip = st.get("flip", "")
        a = (x + (w if "x" in flip else 0), y + (h if "y" in flip else 0))
        b = (x + (0 if "x" in flip else w), y + (0 if "y" in flip else h))
        page.segments.append(Segment(a, b, start, end))
        return
    text = " ".join("".join(t.text or "" for t in el.iter(f"{{{W}}}t")).split())
    if el.get("stroked") in ("f", "false") and text:
        page.labels.append((text, (x + w / 2, y + h / 2)))
    else:
        page.shapes.append(Shape(SPT.get(spt or 0, "unknown"), (x, y, x + w, y + h), text))
