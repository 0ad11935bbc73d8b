"""Swimlane flowchart of an SOP procedure: row heights, page breaks, symbols and arrows.

Pure geometry in millimetres; `flowchart_svg` draws it. The drawing covers the actor columns
of the procedure table: drawing column c is actor c, drawing row i is step i + 1, so a symbol
sits in its step's row and its actor's column by construction.

How it is laid out, phase by phase (one module each, a plain value in and out):
- `flows`: the steps become flows (one per arrow) and shapes. The first and last steps, and
  steps marked as another start or end (`terminal`), are terminators; a step with a decision
  is a diamond, any other step a process box. A decision that is first or last stays a
  diamond: the diamond carries the exits, a terminator could not. A decision has 2 to 4
  branches: the first leaves the bottom, the others the sides (a fourth may leave by a lower
  edge). A step with several actors is one box across adjacent actor columns, and one box
  per run of adjacent columns joined by a line when the columns are apart.
- `rows`: a row is a top band, the symbol, a bottom band, and at least its text height.
  Pages break between rows, greedily; the rows at a break crossed by the flow to the next
  step get bands tall enough for its connector pair, which may move the break, so this
  repeats until stable.
- `columns`: a column is a left strip, the symbol slot (every symbol of a column has the
  slot's width), a right strip. Arrows run down vertical *lanes* (in the strips, or down the
  middle of a column) and along horizontal *tracks* (in the bands).
- `obstacles`: what is drawn on a page so far, and whether a path keeps clear of every
  symbol, connector and grid line, and of every arrow going to another target.
- `routing`: candidate orthogonal paths between the ports of two symbols, fewest bends
  first, then shortest; the first clear one wins. The flow to the next step (`next`, `ya`)
  leaves the symbol's bottom and enters the next symbol's top; `tidak` (every branch but
  the first) leaves sideways, runs in a lane of its own and enters its target's side.
  Several arrows into one target may join; arrows to different targets never share a stretch
  of line. `page` holds one page under construction and draws a flow on it.
- `connectors`: a flow to another page ends on an off-page connector (a pentagon) and starts
  again from its twin on the target page. Flows from one page into the same target share one
  pair. The pair for the flow to the next step sits under the last symbol and over the first
  symbol of the next page; the others sit beside their symbol. Pairs are lettered A, B, ...
  in reading order.
- `labels`: each branch label (`Ya`, `Tidak`, `Teknis`, ...) goes beside the start of its
  arrow, where it overlaps least.
- `layout`: the retry loop. Flows to the next step are drawn first, then connector pairs,
  then jumps and loops within a page, short before long, so a short loop takes the lane
  next to the symbols and longer loops nest around it (greedy interval colouring of the
  lanes). When something does not fit (no lane left, no room for a connector) the drawing
  returns a request for room (`rows.NeedRoom`) instead of a layout. The loop grants it (a
  taller band, narrower symbols, or a connector pair on the page for a flow with no lane)
  and starts again. Rows only grow, so this ends. When no room is left, or after 60
  attempts, a last attempt is forced: it draws every flow anyway and names each rule it had
  to break in `FlowchartLayout.warnings`.

Words: a `Flow` is what an arrow joins (source step, target step, branch label); while a page
is laid out it is a `RawPage` holding `RawEdge`s (routed arrows) and `RawConnector`s, two of
which make a `ConnectorPair`; `layout.finish` turns them into the result, a `FlowPage` of
`Symbol`s, `Connector`s (lettered) and `Edge`s. Steps are numbered from 1 everywhere.
"""

from __future__ import annotations

from .connectors import connector_label
from .labels import text_width
from .layout import layout_flowchart
from .model import (
    ARROW_HALF,
    ARROW_LEN,
    ARROW_RUN,
    BAND_MIN,
    CLEAR,
    CONN_BAND,
    CONN_GAP,
    CONN_H,
    CONN_SQUARE,
    CONN_W,
    CONNECTOR_FONT,
    DECISION_H,
    DIAMOND_MAX_W,
    GRID_CLEAR,
    LABEL_FONT,
    LANE_GAP,
    MIN_JOG,
    MIN_STUB,
    PROCESS_H,
    SEP,
    SLOT_MAX,
    SLOT_MIN,
    Box,
    Branch,
    Connector,
    Edge,
    FlowchartLayout,
    FlowPage,
    FlowStep,
    Symbol,
    branch_text,
    yes_no,
)

__all__ = [
    "ARROW_HALF",
    "ARROW_LEN",
    "ARROW_RUN",
    "BAND_MIN",
    "CLEAR",
    "CONNECTOR_FONT",
    "CONN_BAND",
    "CONN_GAP",
    "CONN_H",
    "CONN_SQUARE",
    "CONN_W",
    "DECISION_H",
    "DIAMOND_MAX_W",
    "GRID_CLEAR",
    "LABEL_FONT",
    "LANE_GAP",
    "MIN_JOG",
    "MIN_STUB",
    "PROCESS_H",
    "SEP",
    "SLOT_MAX",
    "SLOT_MIN",
    "Box",
    "Branch",
    "Connector",
    "Edge",
    "FlowPage",
    "FlowStep",
    "FlowchartLayout",
    "Symbol",
    "branch_text",
    "connector_label",
    "layout_flowchart",
    "text_width",
    "yes_no",
]
