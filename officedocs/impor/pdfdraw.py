"""The flowchart of a PDF procedure page: symbols, line segments and arrowheads.

Writers draw the same things in many ways: LibreOffice strokes lines and fills small triangles
for heads; Word's PDF export (and the signing services that re-write it) draws a table cell as
a closed path, a connector as a thin filled outline that runs out and back, a symbol twice (its
fill, then its outline). All of them come out here as symbols and segments on the page.
"""

from __future__ import annotations

from .model import Box, Segment, Shape, box_distance, distance
from .shapes import classify

ARROWHEAD_MAX = 10.0  # pt: a filled path smaller than this is an arrowhead
MIN_SYMBOL = 8.0
THIN = 1.6  # pt: a filled outline at most this wide on average is a line


def table_edges(page) -> list[dict]:
    """pdfplumber's edges, and the sides of every rectangle drawn as a closed path."""
    edges = list(page.edges)
    for c in page.curves:
        pts = c["pts"]
        box = (c["x0"], c["top"], c["x1"], c["bottom"])
        if len(pts) > 6 or not all(_corner(p, box) for p in pts):
            continue
        x0, t, x1, b = box
        edges += [
            {"orientation": "v", "x0": x0, "x1": x0, "top": t, "bottom": b},
            {"orientation": "v", "x0": x1, "x1": x1, "top": t, "bottom": b},
            {"orientation": "h", "x0": x0, "x1": x1, "top": t, "bottom": t},
            {"orientation": "h", "x0": x0, "x1": x1, "top": b, "bottom": b},
        ]
    return edges


def _corner(p, box: Box) -> bool:
    return min(abs(p[0] - box[0]), abs(p[0] - box[2])) < 0.3 and (
        min(abs(p[1] - box[1]), abs(p[1] - box[3])) < 0.3
    )


def drawing(page, region: Box, xs: list[float], ys: list[float]):
    """(symbols, segments) inside the actor columns; arrowheads already put on segment ends."""

    def inside(x: float, y: float) -> bool:
        return region[0] - 2 <= x <= region[2] + 2 and region[1] - 2 <= y <= region[3] + 2

    shapes: list[Shape] = []
    segments: list[Segment] = []
    heads: list[tuple[Box, list]] = []
    paths = [(r, _rect_pts(r)) for r in page.rects]
    paths += [(c, [(float(x), float(y)) for x, y in c["pts"]]) for c in page.curves]
    for obj, pts in paths:
        box = (obj["x0"], obj["top"], obj["x1"], obj["bottom"])
        if not pts or not inside((box[0] + box[2]) / 2, (box[1] + box[3]) / 2):
            continue
        if _cell(box, xs, ys):
            continue  # the table's own cell, drawn as a path
        _one(obj, pts, box, (shapes, segments, heads), (xs, ys))
    for ln in page.lines:
        p, q = ln["pts"][0], ln["pts"][-1]
        p, q = (float(p[0]), float(p[1])), (float(q[0]), float(q[1]))
        if inside(*p) and inside(*q) and not _border(p, q, xs, ys):
            segments.append(Segment(p, q))
    _mark_heads(segments, heads)
    return _unique_shapes(shapes), segments


def _one(obj: dict, pts: list, box: Box, out: tuple, grid: tuple) -> None:
    shapes, segments, heads = out
    w, h = box[2] - box[0], box[3] - box[1]
    stroke, fill = obj.get("stroke"), obj.get("fill")
    closed = distance(pts[0], pts[-1]) < 0.5
    square = obj["object_type"] == "rect" or all(_corner(p, box) for p in pts)
    if fill and w < ARROWHEAD_MAX and h < ARROWHEAD_MAX and not square:
        heads.append((box, pts))  # (a small filled square is a border's corner, no head)
    elif fill and min(w, h) < THIN and max(w, h) >= 3:
        a, b = _axis(box)
        if not _border(a, b, *grid):
            segments.append(Segment(a, b))  # a line drawn as a thin filled rectangle
    elif fill and not stroke and (line := _centerline(pts)) is not None:
        segments.extend(line)
    elif (stroke or fill) and closed and w >= MIN_SYMBOL and h >= MIN_SYMBOL:
        kind = "process" if obj["object_type"] == "rect" else classify(pts, box)
        shapes.append(Shape(kind, box))
    elif stroke:
        segments.extend(Segment(p, q) for p, q in zip(pts, pts[1:], strict=False) if p != q)


def _rect_pts(r: dict) -> list[tuple[float, float]]:
    x0, t, x1, b = r["x0"], r["top"], r["x1"], r["bottom"]
    return [(x0, t), (x1, t), (x1, b), (x0, b), (x0, t)]


def _axis(box: Box) -> tuple[tuple[float, float], tuple[float, float]]:
    x0, t, x1, b = box
    if x1 - x0 >= b - t:
        return (x0, (t + b) / 2), (x1, (t + b) / 2)
    return ((x0 + x1) / 2, t), ((x0 + x1) / 2, b)


def _cell(box: Box, xs: list[float], ys: list[float]) -> bool:
    def on(v: float, grid: list[float]) -> bool:
        return any(abs(v - g) < 1.5 for g in grid)

    return on(box[0], xs) and on(box[2], xs) and on(box[1], ys) and on(box[3], ys)


def _centerline(pts: list) -> list[Segment] | None:
    """A thin filled outline that runs along a line and back: the line, as segments; None for
    a filled shape of some width."""
    path: list = []
    for p in pts:
        if not path or distance(p, path[-1]) > 0.8:
            path.append(p)
    out = path[:1]
    for p in path[1:]:
        if any(distance(p, q) < THIN for q in out[:-1]):
            break  # turned back along itself
        out.append(p)
    length = sum(distance(a, b) for a, b in zip(out, out[1:], strict=False))
    area = (
        abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1], strict=False)))
        / 2
    )
    if len(out) < 2 or length < 3 or area > THIN * length:
        return None
    return [Segment(a, b) for a, b in zip(out, out[1:], strict=False)]


def _unique_shapes(shapes: list[Shape]) -> list[Shape]:
    """A symbol drawn twice (fill, then outline) is one symbol."""
    out: list[Shape] = []
    for s in shapes:
        twin = next(
            (o for o in out if all(abs(a - b) < 1.0 for a, b in zip(o.box, s.box, strict=False))),
            None,
        )
        if twin is None:
            out.append(s)
        elif twin.kind == "unknown":
            twin.kind = s.kind
    return out


def _border(p, q, xs, ys) -> bool:
    # The table's own lines sit exactly on the borders found from them; a flowchart line may
    # run close beside one.
    if abs(p[0] - q[0]) < 0.5:
        return any(abs(p[0] - x) < 0.6 for x in xs)
    if abs(p[1] - q[1]) < 0.5:
        return any(abs(p[1] - y) < 0.6 for y in ys)
    return False


def _mark_heads(segments: list[Segment], heads: list[tuple[Box, list]]) -> None:
    """An end at a small filled triangle is an arrowhead; the end moves to the triangle's tip,
    since LibreOffice stops the line at the triangle's base. An arrowhead with no line at it
    (an arrow shorter than its head) is an arrow of its own, from its base to its tip."""
    for s in segments:
        at_a = [h for h in heads if box_distance(h[0], s.a) <= 1.0]
        at_b = [h for h in heads if box_distance(h[0], s.b) <= 1.0]
        if at_b and not at_a:
            s.head_b, s.b = True, _tip(at_b[0][1])[0]
        elif at_a and not at_b:
            s.head_a, s.a = True, _tip(at_a[0][1])[0]
    for box, pts in heads:
        if not any(box_distance(box, p) <= 1.0 for s in segments for p in (s.a, s.b)):
            tip, base = _tip(pts)
            segments.append(Segment(base, tip, head_b=True))


def _tip(pts: list) -> tuple[tuple[float, float], tuple[float, float]]:
    """The tip of an arrowhead triangle (the corner opposite its shortest side) and the middle
    of its base."""
    corners = []
    for p in pts:
        if not any(abs(p[0] - q[0]) < 0.05 and abs(p[1] - q[1]) < 0.05 for q in corners):
            corners.append(p)
    if len(corners) != 3:
        c = (
            (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2,
            (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2,
        )
        return c, c

    def side(i: int) -> float:
        p, q = corners[(i + 1) % 3], corners[(i + 2) % 3]
        return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2

    k = min(range(3), key=side)
    p, q = corners[(k + 1) % 3], corners[(k + 2) % 3]
    return corners[k], ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
