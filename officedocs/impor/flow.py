"""The procedure pages -> steps: actors from the symbols, kinds from their shapes, flow from arrows.

Every value that is a guess gets a note (the `# PERIKSA:` comment); a value is written without
one only when the drawing says it unambiguously.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Point, ProcPage, Row, Segment, Shape, box_distance, center, distance
from .text import join

SNAP = 2.0  # pt: segment ends closer than this meet
REACH = 5.0  # pt: an arrow end this close to a symbol touches it
LABEL_REACH = 30.0  # pt: a Ya/Tidak word this close to an exit's first segment labels it

Notes = dict[tuple, str]


@dataclass
class Step:
    no: int
    row: Row
    page: int
    shapes: list[Shape] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)


@dataclass
class Flow:
    source: object  # Step or Shape (off-page connector)
    target: object
    label: str | None
    traced: bool = True


def cell_text(row: Row, role: str) -> str:
    return join([ln.text for ln in row.cells.get(role, [])])


def collect_steps(pages: list[ProcPage], notes: Notes) -> tuple[list[str], list[Step]]:
    """The actor columns and the numbered rows of every page, in order."""
    for page in pages:
        for k, (name, x0, x1) in enumerate(page.actors):
            if not name.strip():
                page.actors[k] = (f"Pelaksana {k + 1}", x0, x1)
                notes[("pelaksana",)] = (
                    f"kolom pelaksana ke-{k + 1} tanpa nama; ditulis Pelaksana {k + 1}"
                )
    actors = [a[0] for a in pages[0].actors] if pages else []
    if len(set(actors)) < len(actors):
        notes[("pelaksana",)] = "nama kolom pelaksana berulang; periksa kepala tabelnya"
    ignored = sorted({h for page in pages for h in page.ignored})
    if ignored:
        notes[("kegiatan",)] = "kolom tidak dikenal, isinya tidak diimpor: " + ", ".join(ignored)
    steps: list[Step] = []
    for pi, page in enumerate(pages):
        names = [a[0] for a in page.actors]
        if names != actors:
            notes[("pelaksana",)] = f"kolom pelaksana halaman {pi + 1} berbeda: {', '.join(names)}"
            actors += [n for n in names if n not in actors]
        for row in page.rows:
            no = cell_text(row, "no").rstrip(".")
            if re.fullmatch(r"\d{1,3}", no):
                steps.append(Step(int(no), row, pi))
            elif not no and cell_text(row, "uraian") and not TOTAL.match(cell_text(row, "uraian")):
                steps.append(Step(0, row, pi))  # no number: a step only if it has a symbol
    return actors, steps


TOTAL = re.compile(r"(?i)\s*(jumlah|total)\s+waktu")


def keep_steps(steps: list[Step], pages: list[ProcPage], notes: Notes) -> list[Step]:
    """The numbered rows, and the rows without a number that carry a symbol (a step whose
    number was left out) or stand beside a pictured flowchart; each step numbered by its
    place. A row with neither is a heading and is left out, said on the step after it. When
    no row is numbered, every row is a step."""
    kept: list[Step] = []
    dropped: list[str] = []
    numbered = any(step.no or step.shapes for step in steps)
    for step in steps:
        if step.no or step.shapes or pages[step.page].raster or not numbered:
            if dropped:
                notes[("kegiatan", len(kept), "uraian")] = (
                    "baris tanpa nomor dan tanpa simbol di atasnya tidak diimpor: "
                    + "; ".join(dropped)
                )
                dropped = []
            kept.append(step)
        else:
            dropped.append(cell_text(step.row, "uraian")[:60])
    for i, step in enumerate(kept):
        if step.no == 0:
            notes[("kegiatan", i, "uraian")] = f"baris tanpa nomor, dibaca sebagai langkah {i + 1}"
        elif step.no != i + 1:
            notes[("kegiatan", i, "uraian")] = (
                f"nomor baris tercetak {step.no}, dibaca sebagai langkah {i + 1}"
            )
        step.no = i + 1
    return kept


def place_symbols(pages: list[ProcPage], steps: list[Step], notes: Notes) -> list[Shape]:
    """Put each symbol in its step's row and its actors' columns; return the off-page connectors."""
    offpage: list[Shape] = []
    for pi, page in enumerate(pages):
        rows = [s for s in steps if s.page == pi]
        for shape in page.shapes:
            if shape.kind == "offpage":
                offpage.append(shape)
                continue
            cx, cy = center(shape.box)
            step = next((s for s in rows if s.row.top <= cy <= s.row.bottom), None)
            if step is None:
                continue  # outside the numbered rows: not a step's symbol
            step.shapes.append(shape)
            for name, x0, x1 in page.actors:
                overlap = min(x1, shape.box[2]) - max(x0, shape.box[0])
                if (overlap > 0.4 * (x1 - x0) or x0 <= cx <= x1) and name not in step.actors:
                    step.actors.append(name)
    return offpage


def chains(segments: list[Segment]) -> list[tuple[list[Point], list[Point]]]:
    """Group touching segments; return each group's (tails, heads): its free ends."""
    n = len(segments)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ends = [(s.a, s.b) for s in segments]
    for i in range(n):
        for j in range(i + 1, n):
            if any(_near(p, q) for p in ends[i] for q in ends[j]):
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    result = []
    for members in groups.values():
        points = [(p, h) for i in members for p, h in _ends(segments[i])]
        tails, heads = [], []
        for k, (p, head) in enumerate(points):
            shared = any(_near(p, q) for m, (q, _) in enumerate(points) if m != k)
            if head:
                if not any(_near(p, q) for q in heads):  # arrows merging into one head
                    heads.append(p)
            elif not shared:
                tails.append(p)
        result.append((tails, heads))
    return result


def _ends(s: Segment) -> list[tuple[Point, bool]]:
    return [(s.a, s.head_a), (s.b, s.head_b)]


def _near(p: Point, q: Point) -> bool:
    return abs(p[0] - q[0]) <= SNAP and abs(p[1] - q[1]) <= SNAP


def _at(p: Point, shapes: list[Shape]) -> Shape | None:
    """The symbol an arrow end touches; None when none does, or two are as close (unsure)."""
    near = sorted((box_distance(s.box, p), k) for k, s in enumerate(shapes))
    near = [(d, k) for d, k in near if d <= REACH]
    if not near or (len(near) > 1 and near[1][0] - near[0][0] < 1.0):
        return None
    return shapes[near[0][1]]


def _label(page: ProcPage, tail: Point, seg_ends: list[Segment]) -> str | None:
    """The Ya/Tidak word nearest the start of an exit."""
    first = next((s for s in seg_ends if _near(s.a, tail) or _near(s.b, tail)), None)
    pts = [tail] if first is None else [first.a, first.b, center((*first.a, *first.b))]
    best, dist = None, LABEL_REACH
    for text, pos in page.labels:
        d = min(_seg_distance(pts, pos), distance(pos, tail))
        if d < dist:
            best, dist = " ".join(text.split()), d
    return best


def _seg_distance(pts: list[Point], p: Point) -> float:
    (ax, ay), (bx, by) = pts[0], pts[1] if len(pts) > 1 else pts[0]
    dx, dy = bx - ax, by - ay
    t = (
        0.0
        if dx == dy == 0
        else max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / (dx * dx + dy * dy)))
    )
    qx, qy = ax + t * dx, ay + t * dy
    return distance(p, (qx, qy))


def trace(pages: list[ProcPage], steps: list[Step]) -> tuple[list[Flow], list[tuple[int, Point]]]:
    """Every arrow as a flow between symbols; and the arrow ends that touch no symbol."""
    owner: dict[int, object] = {}
    for s in steps:
        for shape in s.shapes:
            owner[id(shape)] = s
    flows: list[Flow] = []
    loose: list[tuple[int, Point]] = []
    for pi, page in enumerate(pages):
        shapes = [sh for sh in page.shapes if id(sh) in owner or sh.kind == "offpage"]
        for tails, heads in chains(page.segments):
            if not heads:
                continue  # a plain line: joins the boxes of a step with several actors
            targets = [_at(h, shapes) for h in heads]
            sources = [_at(t, shapes) for t in tails]
            for h, tgt in zip(heads, targets, strict=True):
                if tgt is None:
                    loose.append((pi, h))
            for t, src in zip(tails, sources, strict=True):
                if src is None:
                    loose.append((pi, t))
            for t, src in zip(tails, sources, strict=True):
                for tgt in targets:
                    if src is None or tgt is None or src is tgt:
                        continue
                    flows.append(
                        Flow(
                            owner.get(id(src), src),
                            owner.get(id(tgt), tgt),
                            _label(page, t, page.segments),
                            traced=len(heads) == 1,
                        )
                    )
    return flows, loose
