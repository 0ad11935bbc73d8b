"""The retry loop: paginate, draw, and when the drawing returns a request for room, grant
it and start again. Rows only grow and symbols only narrow, so this ends; the last attempt is
forced and reports the rules it had to break as warnings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .columns import columns, slot_width
from .connectors import ConnectorPair, draw_pairs, letters
from .flows import Flow, check_input, flows_of, shape_of
from .labels import place_labels
from .model import (
    BAND_MIN,
    CONN_BAND,
    CONN_H,
    EPS,
    LEVELS,
    SLOT_MIN,
    Connector,
    Edge,
    FlowchartLayout,
    FlowPage,
    FlowStep,
)
from .page import RawPage, route_flow
from .rows import NeedRoom, Room, page_rows, paginate_with_room, row_reasons

MAX_ATTEMPTS = 60


def layout_flowchart(
    steps: Sequence[FlowStep],
    column_widths: Sequence[float],
    text_heights: Sequence[float],
    body_height: float,
    final_reserve: float = 0.0,
) -> FlowchartLayout:
    """Row heights, page breaks and the drawing of every procedure page.

    A row is at least its text height and tall enough for its symbol and connectors; a page
    holds at most `body_height` of rows (a taller row gets a page of its own) and the last
    page leaves `final_reserve` free under its last row.
    """
    check_input(steps, column_widths, text_heights)
    flows = flows_of(steps)
    count = len(steps)
    shapes = [shape_of(s, count) for s in steps]
    # The room granted so far; each attempt adds the bands its page breaks need to it.
    granted: Room | None = Room((BAND_MIN,) * count, (BAND_MIN,) * count, 0)
    for attempt in range(MAX_ATTEMPTS + 1):
        heights, pages, room = paginate_with_room(
            flows, shapes, text_heights, body_height, final_reserve, granted
        )
        # The forced attempt never asks for room; no random procedure of the tests needs it.
        forced = attempt == MAX_ATTEMPTS
        drawn = draw(steps, shapes, flows, column_widths, heights, pages, room, forced)
        if isinstance(drawn, FlowchartLayout):
            return explained(drawn, text_heights)
        granted = grant(drawn, room, granted, column_widths)
        if granted is None:
            drawn = draw(steps, shapes, flows, column_widths, heights, pages, room, True)
            assert isinstance(drawn, FlowchartLayout), "a forced drawing never asks for room"
            return explained(drawn, text_heights)
    raise AssertionError("unreachable: the last attempt is forced")


def explained(layout: FlowchartLayout, text_heights: Sequence[float]) -> FlowchartLayout:
    reasons = row_reasons(layout.pages, layout.row_heights, text_heights)
    return replace(layout, row_reasons=reasons)


def grant(need: NeedRoom, room: Room, granted: Room, widths: Sequence[float]) -> Room | None:
    """The room granted so far with what was asked for added, or None when there is none
    left to give. `room` is what the drawing had: `granted` and the bands of its page breaks.

    A band first grows by a level of connectors; then the symbols narrow by a lane each side;
    last, a flow with no lane is drawn through a connector pair on its page.
    """
    if need.kind in ("top", "bottom"):
        had = (room.top if need.kind == "top" else room.bottom)[need.step - 1]
        bands = list(granted.top if need.kind == "top" else granted.bottom)
        # Each level holds one more row of connectors.
        for level in (CONN_BAND + k * (CONN_H + 1.0) for k in range(LEVELS)):
            if had < level - EPS:  # bands are listed from step 1
                bands[need.step - 1] = level
                return replace(granted, **{need.kind: tuple(bands)})
    if any(slot_width(w, granted.shrink) > SLOT_MIN + EPS for w in widths):
        return replace(granted, shrink=granted.shrink + 1)
    if need.flow is not None and need.flow not in granted.paired:
        return replace(granted, paired=granted.paired | {need.flow})
    return None


def draw(
    steps: Sequence[FlowStep],
    shapes: Sequence[str],
    flows: Sequence[Flow],
    widths: Sequence[float],
    heights: Sequence[float],
    pages: Sequence[Sequence[int]],
    room: Room,
    forced: bool,
) -> FlowchartLayout | NeedRoom:
    """Every page drawn with the room given, or the first request for more."""
    cols = columns(widths, room.shrink)
    page_of: dict[int, int] = {}
    sheets: list[RawPage] = []
    for p, indices in enumerate(pages):
        sheet = RawPage(p + 1, page_rows(indices, heights, shapes, room), cols, forced)
        for i in indices:
            page_of[i + 1] = p
            sheet.place_symbol(steps[i], shapes[i])
        sheets.append(sheet)

    local = [f for f in flows if page_of[f.source] == page_of[f.target] and f not in room.paired]
    # 1. The flow to the next step on the same page: straight down, or down-across-down.
    for f in local:
        if f.sequential and (need := route_flow(sheets[page_of[f.source]], f)):
            return need
    # 2. Flows to other pages: connector pairs.
    pairs = draw_pairs(sheets, flows, page_of, room.paired)
    if isinstance(pairs, NeedRoom):
        return pairs
    # 3. Jumps and loops within a page, shortest first: they take the inner lanes.
    rest = [f for f in local if not f.sequential]
    rest.sort(key=lambda f: (abs(f.target - f.source), f.source, f.label))
    for f in rest:
        if need := route_flow(sheets[page_of[f.source]], f):
            return need
    for sheet in sheets:
        place_labels(sheet)
    return finish(sheets, pairs, heights)


def finish(
    sheets: list[RawPage], pairs: list[ConnectorPair], heights: Sequence[float]
) -> FlowchartLayout:
    """The pages as public values, connectors lettered in reading order."""
    labels = letters(pairs)

    def name(end: int | tuple) -> int | str:
        return labels[end[1]] if isinstance(end, tuple) else end

    pages = []
    for sheet in sheets:
        connectors = tuple(
            Connector(labels[c.pair], c.box, c.role)
            for c in sorted(sheet.conns, key=lambda c: (c.box.y, c.box.x))
        )
        edges = tuple(
            Edge(name(e.source), name(e.target), e.label, tuple(e.points), e.label_pos)
            for e in sheet.edges
        )
        pages.append(
            FlowPage(
                index=sheet.index,
                steps=tuple(sheet.order),
                width=sheet.width,
                height=sheet.height,
                column_lefts=tuple(sheet.cols.lefts),
                row_tops=tuple(sheet.rows[s].top for s in sheet.order),
                symbols=tuple(sorted(sheet.symbols, key=lambda s: s.step)),
                connectors=connectors,
                edges=edges,
            )
        )
    warnings = dict.fromkeys(w for sheet in sheets for w in sheet.warnings)
    return FlowchartLayout(tuple(heights), tuple(pages), tuple(warnings))
