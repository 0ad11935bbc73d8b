"""SVG files checked with a real XML parser against an allow-list.

A logo or image is copied to the public website as it is and drawn into every PDF, so an SVG
may hold only drawing: no script, no event handler, no foreignObject, no reference outside
the file (only `#fragment` links, and raster `data:` images). Anything not on the lists is
refused, so a new trick is refused too. CSS (style elements and attributes, presentation
attributes) is tokenised with tinycss2 to find every url() and @-rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2
from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

# What WeasyPrint draws and browsers show as an image; nothing that runs or fetches.
ELEMENTS = frozenset(
    "svg g defs symbol use title desc metadata path rect circle ellipse line polyline polygon "
    "text tspan textPath linearGradient radialGradient stop clipPath mask pattern marker "
    "image style".split()
)
# Editors' bookkeeping (Inkscape, Sodipodi, RDF metadata): no renderer acts on it.
FOREIGN_NS = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://purl.org/dc/elements/1.1/",
    }
)
RASTER_DATA = ("data:image/png;", "data:image/jpeg;", "data:image/gif;")


@dataclass(frozen=True)
class SvgProblem:
    line: int
    col: int
    message: str


def _local(name: str) -> tuple[str, str]:
    qname = etree.QName(name)
    return qname.namespace or "", qname.localname


def check_svg(raw: bytes) -> list[SvgProblem]:
    """Every reason this SVG may not be published or drawn; empty when it is clean."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        # libxml2's own words are English; the position is what staff need.
        return [SvgProblem(line, max(col, 1), "bukan berkas SVG: isinya bukan XML yang benar")]
    problems: list[SvgProblem] = []
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        problems.append(SvgProblem(1, 1, "ENTITY di DOCTYPE tidak diizinkan di SVG"))
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction):
            problems.append(
                SvgProblem(node.sourceline or 1, 1, f"instruksi <?{node.target}?> tidak diizinkan")
            )
    if _local(root.tag) != (SVG_NS, "svg"):
        ns, name = _local(root.tag)
        hint = ' (tambahkan xmlns="http://www.w3.org/2000/svg")' if name == "svg" else ""
        return [SvgProblem(root.sourceline or 1, 1, f"elemen akar harus <svg>{hint}")]
    todo = [root]
    while todo:
        el = todo.pop()
        found, refused = _check_element(el)
        problems.extend(found)
        if not refused:
            todo.extend(reversed(el))  # a refused element's content is refused with it
    return sorted(problems, key=lambda p: (p.line, p.col))


def _check_element(el: etree._Element) -> tuple[list[SvgProblem], bool]:
    """The element's problems, and whether the element itself is refused."""
    line = el.sourceline or 1
    if not isinstance(el.tag, str):  # comments; processing instructions inside the drawing
        if isinstance(el, etree._ProcessingInstruction):
            return [SvgProblem(line, 1, f"instruksi <?{el.target}?> tidak diizinkan")], True
        return [], False
    ns, name = _local(el.tag)
    if ns in FOREIGN_NS:
        return [], False
    if ns != SVG_NS or name not in ELEMENTS:
        return [SvgProblem(line, 1, f"elemen <{name}> tidak diizinkan di SVG")], True
    out = [SvgProblem(line, 1, msg) for msg in _attribute_problems(el, name)]
    if name == "style":
        out += [SvgProblem(line, 1, msg) for msg in css_problems(el.text or "", sheet=True)]
    return out, False


def _attribute_problems(el: etree._Element, element: str) -> list[str]:
    out = []
    for key, value in el.attrib.items():
        ns, attr = _local(key)
        if attr.lower().startswith("on"):
            out.append(f'atribut "{attr}" (skrip) tidak diizinkan pada <{element}>')
        elif attr == "href" and ns in ("", XLINK_NS):
            out.extend(_href_problems(value.strip(), element))
        elif ns not in FOREIGN_NS:
            out.extend(css_problems(value, sheet=False))
    return out


def _href_problems(value: str, element: str) -> list[str]:
    if value.startswith("#"):
        return []
    if element == "image" and value.startswith(RASTER_DATA):
        return []
    shown = value if len(value) <= 60 else value[:57] + "..."
    return [
        f'<{element}> merujuk ke luar berkas ("{shown}"); hanya #id di dalam berkas ini '
        "atau gambar data:image/png, jpeg, gif yang diizinkan"
    ]


def css_problems(text: str, *, sheet: bool) -> list[str]:
    """url() to anything but #fragment, and any @-rule (@import, @font-face) in CSS."""
    if sheet:
        nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    else:
        nodes = tinycss2.parse_component_value_list(text, skip_comments=True)
    out: list[str] = []
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if node.type == "at-rule":
            out.append(f"aturan CSS @{node.at_keyword} tidak diizinkan di SVG")
            continue
        if node.type == "url" or (node.type == "function" and node.lower_name == "url"):
            target = node.value if node.type == "url" else tinycss2.serialize(node.arguments)
            target = target.strip().strip("'\"")
            if not target.startswith("#"):
                out.append(f'url("{target}") merujuk ke luar berkas; hanya url(#id) diizinkan')
            continue
        for attr in ("prelude", "content", "arguments"):
            todo.extend(getattr(node, attr, None) or [])
    return sorted(set(out))
