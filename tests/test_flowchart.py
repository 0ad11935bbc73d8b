"""The flowchart layout: geometry rules checked on random procedures, and small cases drawn out.

`check_layout` states every rule of the sheet (sop-sheet.md, "Drawing rules") as an assertion;
hypothesis feeds it random valid procedures of 1 to 40 steps and 1 to 8 actors, with loops
back and forward, jumps, steps shared by several actors and rows taller than a page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import vary  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs.flowchart import (
    ARROW_LEN,
    LABEL_FONT,
    Box,
    FlowchartLayout,
    FlowPage,
    FlowStep,
    branch_text,
    connector_label,
    layout_flowchart,
    text_width,
    yes_no,
)

EPS = 1e-6
A4_BODY = 152.0  # about what an A4 landscape page leaves for step rows
F4_BODY = 168.0


# -- a valid random procedure -----------------------------------------------------------------


@st.composite
def procedures(draw: st.DrawFn) -> tuple[list[FlowStep], list[float], list[float], float, float]:
    n = draw(st.integers(1, 40), label="steps")
    k = draw(st.integers(1, 8), label="actors")
    widest = max(13.0, min(80.0, 200.0 / k))
    widths = [draw(st.floats(13.0, widest)) for _ in range(k)]
    actors = []
    for _ in range(n):
        kind = draw(st.sampled_from(["one"] * 8 + ["adjacent", "apart"]))
        if kind == "adjacent" and k >= 2:
            a = draw(st.integers(0, k - 2))
            b = draw(st.integers(a + 1, min(k - 1, a + 2)))
            actors.append(tuple(range(a, b + 1)))
        elif kind == "apart" and k >= 3:
            picked = draw(st.lists(st.integers(0, k - 1), min_size=2, max_size=3, unique=True))
            actors.append(tuple(sorted(picked)))
        else:
            actors.append((draw(st.integers(0, k - 1)),))
    # The straight chain, then jumps that keep the procedure valid (others are skipped).
    steps = [FlowStep(i, actors[i - 1], i + 1 if i < n else None) for i in range(1, n + 1)]
    changes = draw(
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["tidak", "tidak", "lanjut", "ya", "cabang", "cabang", "mulai", "selesai"]
                ),
                st.integers(1, n),
                st.integers(1, n),
            ),
            max_size=max(1, n // 2),
        )
    )
    for kind, i, j in changes:
        steps = vary(steps, kind, i, j)
    text = st.one_of(st.floats(12.0, 24.0), st.floats(24.0, 60.0), st.floats(60.0, 260.0))
    weights = draw(st.lists(st.integers(0, 19), min_size=n, max_size=n))
    heights = [
        draw(text) if w == 0 else draw(st.floats(12.0, 30.0)) for w in weights
    ]  # mostly ordinary rows, now and then a very long one
    body = draw(st.floats(150.0, 175.0))
    reserve = draw(st.sampled_from([0.0, 7.0, 12.0]))
    return steps, widths, heights, body, reserve


# -- the rules --------------------------------------------------------------------------------


def flows_of(steps: Sequence[FlowStep]) -> Counter:
    flows: Counter = Counter()
    for s in steps:
        if s.decision:
            for label, target in s.decision:
                flows[(s.number, target, label)] += 1
        elif s.next is not None:
            flows[(s.number, s.next, "")] += 1
    return flows


def inside(inner: Box, outer: Box) -> bool:
    return (
        outer.x - EPS <= inner.x
        and inner.right <= outer.right + EPS
        and outer.y - EPS <= inner.y
        and inner.bottom <= outer.bottom + EPS
    )


def overlap(a: Box, b: Box) -> bool:
    return (
        a.x < b.right - EPS
        and b.x < a.right - EPS
        and a.y < b.bottom - EPS
        and b.y < a.bottom - EPS
    )


def on_segment(p, a, b) -> bool:
    (x, y), (x0, y0), (x1, y1) = p, a, b
    cross = (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)
    within = (
        min(x0, x1) - EPS <= x <= max(x0, x1) + EPS and min(y0, y1) - EPS <= y <= max(y0, y1) + EPS
    )
    return abs(cross) < 1e-6 and within


def outline(shape: str, b: Box) -> list[tuple]:
    """The outline as corner points of a closed polygon (a capsule's round ends are checked
    apart, see `on_outline`)."""
    if shape == "decision":
        cx, cy = b.x + b.w / 2, b.y + b.h / 2
        return [(cx, b.y), (b.right, cy), (cx, b.bottom), (b.x, cy)]
    if shape == "connector":
        square = b.y + 3.6
        return [
            (b.x, b.y),
            (b.right, b.y),
            (b.right, square),
            (b.x + b.w / 2, b.bottom),
            (b.x, square),
        ]
    return [(b.x, b.y), (b.right, b.y), (b.right, b.bottom), (b.x, b.bottom)]


def stadium(b: Box) -> tuple[tuple[float, float], tuple[float, float], float]:
    """A capsule as the points within r of its central segment."""
    r = min(b.w, b.h) / 2
    cx, cy = b.x + b.w / 2, b.y + b.h / 2
    if b.w >= b.h:
        return (b.x + r, cy), (b.right - r, cy), r
    return (cx, b.y + r), (cx, b.bottom - r), r


def gap(lo: float, hi: float, lo2: float, hi2: float) -> float:
    """Distance between two intervals (0 when they meet)."""
    return max(lo2 - hi, lo - hi2, 0.0)


def on_outline(p, shape: str, b: Box) -> bool:
    if shape == "terminator":
        (x0, y0), (x1, y1), r = stadium(b)
        dist = (gap(p[0], p[0], x0, x1) ** 2 + gap(p[1], p[1], y0, y1) ** 2) ** 0.5
        return abs(dist - r) < 1e-6
    corners = outline(shape, b)
    return any(on_segment(p, a, c) for a, c in zip(corners, corners[1:] + corners[:1], strict=True))


def segments(points) -> list[tuple[bool, float, float, float]]:
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if abs(x0 - x1) < EPS:
            out.append((True, x0, min(y0, y1), max(y0, y1)))
        else:
            out.append((False, y0, min(x0, x1), max(x0, x1)))
    return out


def touches(seg, b: Box, shape: str) -> bool:
    """Whether an axis-parallel segment meets the shape (its outline or inside)."""
    vertical, c, lo, hi = seg
    xs, ys = ((c, c), (lo, hi)) if vertical else ((lo, hi), (c, c))
    if shape == "decision":
        a, h = b.w / 2, b.h / 2
        dx = gap(*xs, b.x + a, b.x + a)
        dy = gap(*ys, b.y + h, b.y + h)
        return dx / a + dy / h <= 1 + EPS
    if shape == "terminator":
        (x0, y0), (x1, y1), r = stadium(b)
        return (gap(*xs, x0, x1) ** 2 + gap(*ys, y0, y1) ** 2) ** 0.5 <= r + EPS
    return gap(*xs, b.x, b.right) <= EPS and gap(*ys, b.y, b.bottom) <= EPS


def trimmed(points, d: float = 1e-3):
    """The path without its two end points: what must not touch any symbol at all."""
    pts = [list(p) for p in points]
    for i, j in ((0, 1), (-1, -2)):
        (x0, y0), (x1, y1) = pts[i], pts[j]
        length = abs(x1 - x0) + abs(y1 - y0)
        pts[i] = [x0 + (x1 - x0) * d / length, y0 + (y1 - y0) * d / length]
    return [tuple(p) for p in pts]


def label_over_symbol(page: FlowPage, e) -> bool:  # noqa: ANN001 - an Edge
    """Whether a branch label's text box covers part of a symbol (a diamond by its outline)."""
    w, h = text_width(branch_text(e.label), LABEL_FONT), LABEL_FONT
    cx, cy = e.label_pos
    x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
    for sym in page.symbols:
        for p in sym.parts:
            if sym.shape == "decision":
                a, b = p.w / 2, p.h / 2
                dx = max(x0 - (p.x + a), 0, p.x + a - x1)
                dy = max(y0 - (p.y + b), 0, p.y + b - y1)
                if dx / a + dy / b < 1 - EPS:
                    return True
            elif p.x < x1 - EPS and x0 < p.right - EPS and p.y < y1 - EPS and y0 < p.bottom - EPS:
                return True
    return False


def check_page(page: FlowPage, steps: Sequence[FlowStep], widths, heights) -> None:
    assert abs(page.width - sum(widths)) < EPS
    lefts = [sum(widths[:c]) for c in range(len(widths))]
    assert page.column_lefts == pytest.approx(lefts)
    tops = [sum(heights[s - 1] for s in page.steps[:i]) for i in range(len(page.steps))]
    assert page.row_tops == pytest.approx(tops)
    assert page.height == pytest.approx(sum(heights[s - 1] for s in page.steps))
    row_of = dict(
        zip(
            page.steps,
            zip(page.row_tops, (heights[s - 1] for s in page.steps), strict=True),
            strict=True,
        )
    )
    drawing = Box(0, 0, page.width, page.height)

    # One symbol per step, wholly inside its actors' cells.
    assert [s.step for s in page.symbols] == list(page.steps)
    count = len(steps)
    obstacles = []  # (box, shape, owner)
    for sym in page.symbols:
        step = steps[sym.step - 1]
        expected = (
            "decision"
            if step.decision
            else "terminator"
            if step.terminal or sym.step in (1, count)
            else "process"
        )
        assert sym.shape == expected
        assert sym.actors == step.actors
        top, h = row_of[sym.step]
        first, last = step.actors[0], step.actors[-1]
        assert sym.cell == Box(lefts[first], top, lefts[last] + widths[last] - lefts[first], h) or (
            sym.cell.x == pytest.approx(lefts[first]) and sym.cell.y == pytest.approx(top)
        )
        cells = [Box(lefts[a], top, widths[a], h) for a in step.actors]
        for part in sym.parts:
            columns = [c for c in cells if c.x - EPS <= part.x < c.right]
            assert columns, (sym.step, part)
            # The part spans adjacent actor columns only: its right end lies in an actor cell
            # reached through actor cells.
            span = [c for c in cells if part.x - EPS <= c.right and c.x <= part.right + EPS]
            assert all(abs(a.right - b.x) < EPS for a, b in zip(span, span[1:], strict=False)), (
                sym.step,
                part,
            )
            assert inside(part, Box(span[0].x, top, span[-1].right - span[0].x, h)), (
                sym.step,
                part,
            )
            obstacles.append((part, sym.shape, ("s", sym.step)))
        assert inside(sym.bbox, sym.cell)
        assert sym.bbox.x == pytest.approx(min(p.x for p in sym.parts))
        assert sym.bbox.right == pytest.approx(max(p.right for p in sym.parts))
    for conn in page.connectors:
        column = [c for c in range(len(widths)) if lefts[c] - EPS <= conn.bbox.x][-1]
        row = [s for s in page.steps if row_of[s][0] - EPS <= conn.bbox.y][-1]
        top, h = row_of[row]
        assert inside(conn.bbox, Box(lefts[column], top, widths[column], h)), conn
        obstacles.append((conn.bbox, "connector", ("c", conn.label, conn.role)))
    for i, (a, _, oa) in enumerate(obstacles):
        for b, _, ob in obstacles[i + 1 :]:
            assert not overlap(a, b), (oa, ob)

    # Arrows: orthogonal, outline to outline, around symbols, never along another arrow.
    conns = {(c.label, c.role): c for c in page.connectors}
    drawn = []
    for e in page.edges:
        pts = e.points
        assert len(pts) >= 2
        for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
            assert (abs(x0 - x1) < EPS) != (abs(y0 - y1) < EPS), e
        for p in pts:
            assert inside(Box(p[0], p[1], 0, 0), drawing), e
        (xa, ya), (xb, yb) = pts[-2], pts[-1]
        assert abs(xb - xa) + abs(yb - ya) >= ARROW_LEN, e  # room for the arrowhead
        if isinstance(e.source, int):
            start = [(b, s) for b, s, o in obstacles if o == ("s", e.source)]
        else:
            start = [(conns[(e.source, "in")].bbox, "connector")]
        if isinstance(e.target, int):
            end = [(b, s) for b, s, o in obstacles if o == ("s", e.target)]
        else:
            end = [(conns[(e.target, "out")].bbox, "connector")]
        assert any(on_outline(pts[0], s, b) for b, s in start), e
        assert any(on_outline(pts[-1], s, b) for b, s in end), e
        inner = segments(trimmed(pts))
        for b, shape, owner in obstacles:
            for seg in inner:
                assert not touches(seg, b, shape), (e, owner)
        if e.label:
            assert e.label_pos is not None and isinstance(e.source, int)
            assert not label_over_symbol(page, e), e
            branches = steps[e.source - 1].decision
            if e.label != branches[0][0] and len(branches) < 4:
                # Every branch but the first leaves by a side of the diamond.
                assert abs(pts[0][1] - pts[1][1]) < EPS, e
        drawn.append((e, segments(pts)))
    for i, (e, segs) in enumerate(drawn):
        for f, others in drawn[i + 1 :]:
            if e.target == f.target:
                continue  # arrows into one target may join
            for v, c, lo, hi in segs:
                for w, d, lo2, hi2 in others:
                    if v == w and abs(c - d) < EPS:
                        assert min(hi, hi2) - max(lo, lo2) <= EPS, (e, f)


def check_layout(
    steps: Sequence[FlowStep],
    widths: Sequence[float],
    text_heights: Sequence[float],
    body: float,
    reserve: float,
    layout: FlowchartLayout,
) -> None:
    heights = layout.row_heights
    assert len(heights) == len(steps)
    assert all(h >= t - EPS for h, t in zip(heights, text_heights, strict=True))
    # Pages: consecutive rows, each page within the body height unless one row alone is taller.
    numbers = [s for p in layout.pages for s in p.steps]
    assert numbers == list(range(1, len(steps) + 1))
    for i, page in enumerate(layout.pages, 1):
        assert page.index == i
        used = sum(heights[s - 1] for s in page.steps)
        if len(page.steps) > 1:
            assert used <= body + EPS
        if i == len(layout.pages) and len(page.steps) > 1:
            assert used + reserve <= body + EPS
        check_page(page, steps, widths, heights)

    # Every flow drawn: directly, or through a connector pair, labels A, B, ... in order.
    page_of = {s: p.index for p in layout.pages for s in p.steps}
    roles: Counter = Counter()
    where = {}
    for p in layout.pages:
        for c in p.connectors:
            roles[(c.label, c.role)] += 1
            where[(c.label, c.role)] = p.index
    labels = sorted({label for label, _ in roles}, key=lambda s: (len(s), s))
    assert labels == [connector_label(i) for i in range(len(labels))]
    for label in labels:
        # One pentagon each end. Both ends on one page only as the last resort for a flow
        # that found no free lane.
        assert roles[(label, "out")] == 1 and roles[(label, "in")] == 1, label
    drawn: Counter = Counter()
    outs, ins = [], {}
    for p in layout.pages:
        for e in p.edges:
            if isinstance(e.source, int) and isinstance(e.target, int):
                assert page_of[e.source] == page_of[e.target] == p.index
                drawn[(e.source, e.target, e.label)] += 1
            elif isinstance(e.source, int):
                assert where[(e.target, "out")] == p.index == page_of[e.source]
                outs.append((e.source, e.target, e.label))
            else:
                assert e.source not in ins, "one arrow leaves an in-connector"
                assert where[(e.source, "in")] == p.index == page_of[e.target]
                assert e.label == ""
                ins[e.source] = e.target
    for source, label, kind in outs:
        drawn[(source, ins[label], kind)] += 1
    assert drawn == flows_of(steps)
    assert set(ins) == set(labels)


# -- properties -------------------------------------------------------------------------------


@pytest.mark.slow  # property test (hypothesis)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(procedures())
def test_random_procedures_obey_the_drawing_rules(case) -> None:
    steps, widths, heights, body, reserve = case
    layout = layout_flowchart(steps, widths, heights, body, reserve)
    check_layout(steps, widths, heights, body, reserve, layout)
    assert layout.warnings == ()


@pytest.mark.slow  # property test (hypothesis)
@settings(max_examples=30, deadline=None)
@given(procedures())
def test_layout_is_deterministic(case) -> None:
    steps, widths, heights, body, reserve = case
    assert layout_flowchart(steps, widths, heights, body, reserve) == layout_flowchart(
        steps, widths, heights, body, reserve
    )


# -- small cases, drawn out -------------------------------------------------------------------


def seed_steps() -> list[FlowStep]:
    """SOP 067/03 (pengumpulan-data-kinerja): Camat, Sekretaris, Kasubbag (columns 0, 1, 2)."""
    return [
        FlowStep(1, (0,), 2),
        FlowStep(2, (2,), 3),
        FlowStep(3, (2,), 4),
        FlowStep(4, (2,), 5),
        FlowStep(5, (2,), 6),
        FlowStep(6, (1,), None, yes_no(7, 5)),
        FlowStep(7, (0,), None, yes_no(8, 5)),
        FlowStep(8, (2,), None),
    ]


def test_seed_procedure_on_one_page() -> None:
    r"""
    Camat        Sekretaris     Kasubbag
    (  1  )--------------------->[ 2 ]
                                 [ 3 ]
                                 [ 4 ]
                    +----------->[ 5 ]<-+     both loops join at the left of step 5
                    |  +---------- | ---+
                    | <6>----------+          (Ya from 5 comes down into 6's top)
                    |  |Ya
      <7>-----------+  |                      Tidak of 7 runs in a lane of its own
       |Ya
       +------------------------>(  8  )
    """
    steps = seed_steps()
    widths, heights = [38.0, 38.0, 38.0], [14.0] * 8
    layout = layout_flowchart(steps, widths, heights, F4_BODY, 7.0)
    check_layout(steps, widths, heights, F4_BODY, 7.0, layout)
    assert len(layout.pages) == 1
    page = layout.pages[0]
    assert [s.shape for s in page.symbols] == ["terminator"] + ["process"] * 4 + [
        "decision",
        "decision",
        "terminator",
    ]
    assert page.connectors == ()
    edges = {(e.source, e.target): e for e in page.edges}
    assert set(edges) == {(1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7), (7, 8), (6, 5), (7, 5)}
    # Same column: one straight line down.
    assert len(edges[(2, 3)].points) == 2
    # Ya leaves the diamond's bottom, Tidak its side, and both loops enter step 5 sideways.
    six = page.symbols[5].bbox
    assert edges[(6, 7)].points[0] == (six.x + six.w / 2, six.bottom)
    assert edges[(6, 5)].points[0][1] == pytest.approx(six.y + six.h / 2)
    five = page.symbols[4].bbox
    for loop in (edges[(6, 5)], edges[(7, 5)]):
        assert loop.points[-1][1] == pytest.approx(five.y + five.h / 2)
        assert loop.label == "tidak"
    # Each loop climbs in its own lane.
    lanes = {e.points[1][0] for e in (edges[(6, 5)], edges[(7, 5)])}
    assert len(lanes) == 2


def test_seed_pengukuran_kinerja() -> None:
    r"""SOP 067/02: Camat, Sekretaris, Kasubbag; step 5 loops back to 4, step 6 back to 5.

      Camat          Sekretaris          Kasubbag
      ( 1 )-------------------------------+
                                          v
                                        [ 2 ]
                                          |
                                        [ 3 ]
                                          |
                              +-------->[ 4 ]
                   +----------|-----------+
                   v          |
            +--->< 5 >--------+     Tidak 5 -> 4: out right, up its own lane, into 4's side
            |      |Ya
      +-----|------+
      v     |
    < 6 >---+                       Tidak 6 -> 5: out right, up its own lane, into 5's side
      |Ya
      +---------------------------------->( 7 )
    """
    steps = [
        FlowStep(1, (0,), 2),
        FlowStep(2, (2,), 3),
        FlowStep(3, (2,), 4),
        FlowStep(4, (2,), 5),
        FlowStep(5, (1,), None, yes_no(6, 4)),
        FlowStep(6, (0,), None, yes_no(7, 5)),
        FlowStep(7, (2,), None),
    ]
    widths, heights = [38.0, 38.0, 38.0], [14.0] * 7
    layout = layout_flowchart(steps, widths, heights, F4_BODY, 7.0)
    check_layout(steps, widths, heights, F4_BODY, 7.0, layout)
    (page,) = layout.pages
    assert [s.shape for s in page.symbols] == ["terminator"] + ["process"] * 3 + [
        "decision",
        "decision",
        "terminator",
    ]
    assert page.connectors == ()
    edges = {(e.source, e.target): e for e in page.edges}
    boxes = {s.step: s.bbox for s in page.symbols}

    def middle(step: int) -> tuple[float, float]:
        b = boxes[step]
        return b.x + b.w / 2, b.y + b.h / 2

    assert len(edges[(2, 3)].points) == len(edges[(3, 4)].points) == 2  # straight down
    for source, target in ((1, 2), (4, 5), (5, 6), (6, 7)):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = edges[(source, target)].points
        assert (x0, y0) == (middle(source)[0], boxes[source].bottom)  # leaves the bottom
        assert (x3, y3) == (middle(target)[0], boxes[target].y)  # enters the top
        assert x0 == x1 and y1 == y2 and x2 == x3  # down, across, down
    for source, target in ((5, 4), (6, 5)):
        loop = edges[(source, target)]
        assert loop.label == "tidak"
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = loop.points
        assert (x0, y0) == (boxes[source].right, middle(source)[1])  # out of the right corner
        assert (x3, y3) == (boxes[target].x, middle(target)[1])  # into the left side
        assert boxes[source].right < x1 == x2 < boxes[target].x  # up a lane between them
    assert edges[(5, 4)].points[1][0] != edges[(6, 5)].points[1][0]


def test_single_step_is_one_terminator() -> None:
    layout = layout_flowchart([FlowStep(1, (0,), None)], [60.0], [12.0], A4_BODY)
    (page,) = layout.pages
    assert [s.shape for s in page.symbols] == ["terminator"]
    assert page.edges == () and page.connectors == ()
    assert layout.row_heights[0] >= 12.0


def test_page_break_uses_a_connector_pair() -> None:
    """
    page 1:  (1)        page 2:   [A]
              |                    |
             [2]                   v
              |                   [3]
              v                    |
             [A]                  (4)
    """
    steps = [
        FlowStep(1, (0,), 2),
        FlowStep(2, (0,), 3),
        FlowStep(3, (0,), 4),
        FlowStep(4, (0,), None),
    ]
    heights = [60.0, 60.0, 60.0, 20.0]
    layout = layout_flowchart(steps, [40.0], heights, 150.0)
    check_layout(steps, [40.0], heights, 150.0, 0.0, layout)
    one, two = layout.pages
    assert one.steps == (1, 2) and two.steps == (3, 4)
    (out,) = one.connectors
    (into,) = two.connectors
    assert (out.label, out.role, into.label, into.role) == ("A", "out", "A", "in")
    # Stacked under step 2 and over step 3, in the same column, joined by straight arrows.
    two_box, three_box = one.symbols[1].bbox, two.symbols[0].bbox
    assert out.bbox.y > two_box.bottom and into.bbox.bottom < three_box.y
    arrow_out = next(e for e in one.edges if e.target == "A")
    arrow_in = next(e for e in two.edges if e.source == "A")
    assert len(arrow_out.points) == 2 and len(arrow_in.points) == 2


def test_loop_back_to_an_earlier_page() -> None:
    steps = [
        FlowStep(1, (0,), 2),
        FlowStep(2, (1,), 3),
        FlowStep(3, (1,), 4),
        FlowStep(4, (2,), None, yes_no(5, 2)),
        FlowStep(5, (0,), None),
    ]
    heights = [50.0, 50.0, 40.0, 50.0, 20.0]
    layout = layout_flowchart(steps, [30.0, 30.0, 30.0], heights, 150.0)
    check_layout(steps, [30.0, 30.0, 30.0], heights, 150.0, 0.0, layout)
    assert [p.steps for p in layout.pages] == [(1, 2, 3), (4, 5)]
    loop_out = next(e for e in layout.pages[1].edges if e.label == "tidak")
    assert loop_out.source == 4 and isinstance(loop_out.target, str)
    loop_in = next(e for e in layout.pages[0].edges if e.source == loop_out.target)
    assert loop_in.target == 2


def test_steps_shared_by_actors() -> None:
    """Adjacent actors share one wide box; actors apart get a box each, joined by a line."""
    steps = [
        FlowStep(1, (0,), 2),
        FlowStep(2, (0, 1), 3),
        FlowStep(3, (0, 2), 4),
        FlowStep(4, (2,), None),
    ]
    widths = [30.0, 30.0, 30.0]
    layout = layout_flowchart(steps, widths, [14.0] * 4, F4_BODY)
    check_layout(steps, widths, [14.0] * 4, F4_BODY, 0.0, layout)
    two, three = layout.pages[0].symbols[1:3]
    assert len(two.parts) == 1 and two.parts[0].x < 30.0 < two.parts[0].right
    assert len(three.parts) == 2
    assert three.parts[0].right < 30.0 and three.parts[1].x > 60.0


def test_rows_fit_pages_and_leave_the_total_row() -> None:
    steps = [FlowStep(i, (0,), i + 1 if i < 12 else None) for i in range(1, 13)]
    heights = [25.0] * 12
    layout = layout_flowchart(steps, [50.0], heights, 150.0, final_reserve=20.0)
    check_layout(steps, [50.0], heights, 150.0, 20.0, layout)
    last = layout.pages[-1]
    assert sum(layout.row_heights[s - 1] for s in last.steps) + 20.0 <= 150.0


def test_a_row_taller_than_a_page_gets_a_page_of_its_own() -> None:
    steps = [FlowStep(1, (0,), 2), FlowStep(2, (1,), 3), FlowStep(3, (0,), None)]
    heights = [20.0, 400.0, 20.0]
    layout = layout_flowchart(steps, [40.0, 40.0], heights, 160.0)
    check_layout(steps, [40.0, 40.0], heights, 160.0, 0.0, layout)
    assert [p.steps for p in layout.pages] == [(1,), (2,), (3,)]


def test_many_nested_loops_get_lanes_of_their_own() -> None:
    """Ten decisions of one column each loop back to step 2: ten arrows into one target may
    share their last stretch, but loops to different targets never share a lane."""
    n = 14
    steps = [FlowStep(1, (0,), 2)]
    for i in range(2, n):
        if i >= 4:
            steps.append(FlowStep(i, (0,), None, yes_no(i + 1, i - 2)))
        else:
            steps.append(FlowStep(i, (0,), i + 1))
    steps.append(FlowStep(n, (0,), None))
    heights = [12.0] * n
    layout = layout_flowchart(steps, [40.0], heights, 175.0)
    check_layout(steps, [40.0], heights, 175.0, 0.0, layout)


def test_connector_labels_run_past_z() -> None:
    assert [connector_label(i) for i in (0, 1, 25, 26, 27, 51, 52)] == [
        "A",
        "B",
        "Z",
        "AA",
        "AB",
        "AZ",
        "BA",
    ]


# -- a drawing that has to break a rule says so -----------------------------------------------


def test_a_connector_with_no_free_place_is_named() -> None:
    """Tidak from step 4 loops back to step 3 on the page before. In an 11 mm column no
    5 mm connector fits beside the diamond or beside the line down the middle, so the
    forced last attempt draws the pair anyway and says where."""
    steps = [
        FlowStep(1, (0,), 2),
        FlowStep(2, (0,), 3),
        FlowStep(3, (0,), 4),
        FlowStep(4, (0,), None, yes_no(5, 3)),
        FlowStep(5, (0,), None),
    ]
    layout = layout_flowchart(steps, [11.0], [22.0, 16.0, 24.0, 30.0, 13.0], 63.5)
    assert [p.steps for p in layout.pages] == [(1, 2, 3), (4, 5)]
    assert layout.warnings == (
        "langkah 4 -> 3: tidak ada tempat bebas untuk konektor masuk di baris langkah 3; konektor digambar melewati batas selnya atau menimpa simbol atau panah",
        "langkah 4 -> 3: tidak ada tempat bebas untuk konektor keluar di baris langkah 4; konektor digambar melewati batas selnya atau menimpa simbol atau panah",
    )
    # Drawn all the same: Tidak ends on the out-connector, its twin leads into step 3.
    (out,) = [e for e in layout.pages[1].edges if e.source == 4 and e.label == "tidak"]
    (into,) = [e for e in layout.pages[0].edges if e.source == out.target]
    assert into.target == 3


def test_an_arrow_through_a_symbol_is_named() -> None:
    """An 8.3 mm column of fourteen steps: step 11 loops back to itself and finds no way
    round its own diamond."""
    steps = [FlowStep(i, (0,), i + 1) for i in range(1, 15)]
    for i, (ya, tidak) in {3: (4, 7), 7: (8, 14), 11: (12, 11)}.items():
        steps[i - 1] = FlowStep(i, (0,), None, yes_no(ya, tidak))
    steps[-1] = FlowStep(14, (0,), None)
    heights = [71.0, 18, 29, 28, 18, 15, 26, 27, 15, 19, 13, 21, 18, 19]
    layout = layout_flowchart(steps, [8.3], heights, 85.0, 7.0)
    assert "langkah 11 -> 11: tidak ada jalur bebas; panah digambar melewati simbol" in (
        layout.warnings
    )
    assert Counter((e.source, e.target) for p in layout.pages for e in p.edges)[(11, 11)] == 1


def test_no_page_of_one_row_when_the_page_before_can_spare_one() -> None:
    from officedocs.flowchart.rows import paginate

    # Greedy filling leaves the last step alone on its page; the step before joins it.
    assert paginate([12.0] * 7 + [20.0], 100.0, 7.0) == [[0, 1, 2, 3, 4, 5], [6, 7]]
    # Not when the page before would be left with one row, or the two do not fit.
    assert paginate([50.0, 40.0, 20.0], 100.0, 0.0) == [[0, 1], [2]]
    assert paginate([30.0, 30.0, 30.0, 95.0], 100.0, 0.0) == [[0, 1, 2], [3]]


def test_a_label_with_no_room_beside_its_line_goes_over_the_diamond_side() -> None:
    """Step 2's Tidak leaves the first column by its left side and loops back into itself:
    beside the line there is no room inside the page, so the label goes over the diamond's
    own side, clear of its outline (it used to be drawn over the diamond)."""
    from officedocs.flowchart import LABEL_FONT, text_width

    steps = [
        FlowStep(1, (2,), 2),
        FlowStep(2, (0,), None, yes_no(3, 2)),
        FlowStep(3, (1,), None, yes_no(4, 2)),
        FlowStep(4, (2,), None),
    ]
    layout = layout_flowchart(steps, [20.0] * 3, [12.0] * 4, 160.0, 7.0)
    (page,) = layout.pages
    for e in page.edges:
        if not e.label:
            continue
        w, h = text_width("Ya" if e.label == "ya" else "Tidak", LABEL_FONT), LABEL_FONT
        cx, cy = e.label_pos
        label = Box(cx - w / 2, cy - h / 2, w, h)
        assert inside(label, Box(0, 0, page.width, page.height)), e
        for sym in page.symbols:
            for part in sym.parts:
                a, b = part.w / 2, part.h / 2
                dx = max(label.x - (part.x + a), 0, part.x + a - label.right)
                dy = max(label.y - (part.y + b), 0, part.y + b - label.bottom)
                assert dx / a + dy / b >= 1, (e.source, e.label, sym.step)
