"""Off-page connectors and their lettering: flows that leave their page (or found no lane on
it) in; connector pairs, each placed where its arrow can be drawn, and their letters out.

Flows from one page into the same target share one pair. The pair for the flow to the next
step sits under the last symbol and over the first symbol of the next page; the others sit
beside their symbol, or in the band over or under it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .flows import Flow
from .model import (
    ARROW_RUN,
    CLEAR,
    CONN_GAP,
    CONN_H,
    CONN_SQUARE,
    CONN_W,
    EPS,
    LEVELS,
    Box,
)
from .page import ROUTE_BREAKS, RawConnector, RawPage, in_ports, out_ports, rule_broken
from .routing import Port, Route
from .rows import NeedRoom

NO_SPOT = "tidak ada tempat bebas untuk konektor {role} di baris langkah {step}"
ROLES = {"out": "keluar", "in": "masuk"}
SPOT_BREAKS = "konektor digambar melewati batas selnya atau menimpa simbol atau panah"


@dataclass
class ConnectorPair:
    id: int
    target: int
    flows: list[Flow]
    out: tuple[int, RawConnector] | None = None  # (page index, connector)
    into: tuple[int, RawConnector] | None = None


class Placed(NamedTuple):
    conn: RawConnector
    route: Route
    fits: bool  # False only on the forced attempt: out of its cell or over something drawn


def connector_label(n: int) -> str:
    """A, B, ..., Z, AA, AB, ...: the label of the n-th (0-based) connector pair."""
    label = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        label = chr(65 + r) + label
    return label


def letters(pairs: Sequence[ConnectorPair]) -> dict[int, str]:
    """Letters by pair id, in reading order: page, then top to bottom, then left to right."""

    def first_seen(pair: ConnectorPair) -> tuple:
        return min((p, c.box.y, c.box.x) for p, c in (pair.out, pair.into))

    return {pair.id: connector_label(n) for n, pair in enumerate(sorted(pairs, key=first_seen))}


def draw_pairs(
    pages: Sequence[RawPage],
    flows: Sequence[Flow],
    page_of: dict[int, int],
    paired: frozenset[Flow],
) -> list[ConnectorPair] | NeedRoom:
    """Connector pairs for the flows to other pages and the `paired` ones: one per source
    page and target, the pair of the flow to the next step first (its place under and over
    the symbols was reserved)."""
    pairs: list[ConnectorPair] = []
    groups: dict[tuple[int, int], list[Flow]] = {}
    for f in flows:
        if page_of[f.source] != page_of[f.target] or f in paired:
            groups.setdefault((page_of[f.source], f.target), []).append(f)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (
            not any(f.sequential for f in kv[1]),
            kv[0][0],
            min(f.source for f in kv[1]),
        ),
    )
    for (p, target), group in ordered:
        group.sort(key=lambda f: (not f.sequential, f.source, f.label))
        pair: ConnectorPair | None = None
        for f in group:
            if pair is not None and _join_out(pages[p], pair, f):
                continue
            pair = ConnectorPair(len(pairs), target, [f])
            pairs.append(pair)
            if need := _place_out(pages[p], pair, f):
                return need
    for pair in sorted(pairs, key=lambda pr: (not pr.flows[0].sequential, pr.id)):
        if need := _place_in(pages[page_of[pair.target]], pair):
            return need
    return pairs


def conn_entries(conn: RawConnector) -> list[Port]:
    """Where an arrow may end on a connector: its top, or either side of its square."""
    b = conn.box
    mid = b.y + CONN_SQUARE / 2
    return [
        Port(b.x + b.w / 2, b.y, "D", conn.owner, 0.0),
        Port(b.x, mid, "R", conn.owner, 0.0),
        Port(b.right, mid, "L", conn.owner, 0.0),
    ]


def conn_exits(conn: RawConnector) -> list[Port]:
    """Where an arrow may leave a connector: its point, or either side of its square."""
    b = conn.box
    mid = b.y + CONN_SQUARE / 2
    return [
        Port(b.x + b.w / 2, b.bottom, "D", conn.owner, 0.0),
        Port(b.x, mid, "L", conn.owner, 0.0),
        Port(b.right, mid, "R", conn.owner, 0.0),
    ]


def _place_out(page: RawPage, pair: ConnectorPair, f: Flow) -> NeedRoom | None:
    sources = out_ports(page, f)
    # A decision keeps its sides for Tidak: its Ya connector goes under it.
    beside = "" if f.main and page.shapes[f.source] == "decision" else "LR"
    placed = place_conn(page, pair, "out", f.source, f.sequential, beside, sources, None)
    if isinstance(placed, NeedRoom):
        return placed
    _note(page, placed, [f.source], pair.target, f.source)
    page.commit(placed.route.points, placed.conn.owner, f.source, ("pair", pair.id), f.label)
    pair.out = (page.index - 1, placed.conn)
    page.left_by(f)
    return None


def _join_out(page: RawPage, pair: ConnectorPair, f: Flow) -> bool:
    """Route another flow of the same page and target onto the pair's existing connector."""
    _, conn = pair.out
    found = page.router.route(out_ports(page, f), conn_entries(conn), conn.owner)
    if found is None:
        return False
    page.commit(found.points, conn.owner, f.source, ("pair", pair.id), f.label)
    pair.flows.append(f)
    page.left_by(f)
    return True


def _place_in(page: RawPage, pair: ConnectorPair) -> NeedRoom | None:
    t = pair.target
    sequential = any(f.sequential for f in pair.flows)
    targets = in_ports(page, t, sequential)
    beside = "LR"
    left = page.side_exits.get(t, 0)
    if left == 1:
        # A connector beside the decision takes that side, as an arrow into it would.
        side = page.entry_side.get(t)
        beside = "LR" if side is None else "L" if side == "R" else "R"
    elif left > 1:
        beside = ""
    placed = place_conn(page, pair, "in", t, sequential, beside, None, targets)
    if isinstance(placed, NeedRoom):
        return placed
    conn = placed.conn
    _note(page, placed, sorted({f.source for f in pair.flows}), t, t)
    page.commit(placed.route.points, ("s", t), ("pair", pair.id), t, "")
    page.entered(t, placed.route.target.dir)
    if abs(conn.box.y - (page.rows[t].cy - CONN_SQUARE / 2)) < EPS:
        # Beside the symbol: the connector takes that side even if its arrow goes round.
        page.entered(t, "L" if conn.box.x >= page.parts[t][-1][0].right else "R")
    pair.into = (page.index - 1, conn)
    return None


def _note(page: RawPage, placed: Placed, sources: list[int], target: int, step: int) -> None:
    """Warn of a connector placed (or its arrow drawn) against the rules."""
    if placed.fits:
        page.note_breaks(placed.route, sources, target)
        return
    what = [NO_SPOT.format(role=ROLES[placed.conn.role], step=step), SPOT_BREAKS]
    if placed.route.breaks:
        what.append(ROUTE_BREAKS[placed.route.breaks])
    page.warnings.append(rule_broken(sources, target, *what))


def place_conn(
    page: RawPage,
    pair: ConnectorPair,
    role: str,
    step: int,
    stacked: bool,
    beside: str,
    sources: list[Port] | None,
    targets: list[Port] | None,
) -> Placed | NeedRoom:
    """Put a connector in the first free spot to which (out) or from which (in) the arrow
    can be routed. No spot: ask for a taller band, or on the forced attempt take the first."""
    spots = conn_spots(page, step, role, stacked, beside)
    first = None
    fitting: list[Box] = []

    def attempt(box: Box, bends: tuple[str, ...], last_resort: bool = False) -> Placed | None:
        conn = RawConnector(pair.id, role, box)
        _add_conn(page, conn)
        if role == "out":
            ends = sources, conn_entries(conn), conn.owner
        else:
            ends = conn_exits(conn), targets, ("s", step)
        found = page.router.route(*ends, last_resort, bends)
        if found is None:
            _drop_conn(page, conn)
            return None
        return Placed(conn, found, True)

    # Every spot with a simple arrow before any spot with a winding one; most connectors
    # find a simple arrow at one of the first spots, so spots are checked as they come.
    for box in spots:
        first = first or box
        if conn_fits(page, box, step):
            fitting.append(box)
            if placed := attempt(box, ("few",)):
                return placed
    for box in fitting:
        if placed := attempt(box, ("many",)):
            return placed
    if not page.forced:
        return NeedRoom("bottom" if role == "out" else "top", step)
    placed = attempt(fitting[0] if fitting else first, (), last_resort=True)
    if placed:
        return placed if fitting else placed._replace(fits=False)
    raise AssertionError("unreachable: the last resort always routes")


def _add_conn(page: RawPage, conn: RawConnector) -> None:
    b = conn.box
    page.obstacles.add_box(b.x, b.y, b.right, b.bottom, conn.owner)
    page.conns.append(conn)


def _drop_conn(page: RawPage, conn: RawConnector) -> None:
    page.obstacles.pop_box()
    page.conns.remove(conn)


def conn_fits(page: RawPage, box: Box, step: int) -> bool:
    """A connector lies inside one cell of its step's row, clear of symbols, connectors
    and arrows."""
    cols = page.cols
    c = cols.column_at(box.x + box.w / 2)
    left, right = cols.lefts[c], cols.lefts[c] + cols.widths[c]
    if box.x < left + CLEAR - EPS or box.right > right - CLEAR + EPS:
        return False
    row = page.rows[step]
    if box.y < row.top + CLEAR - EPS or box.bottom > row.bottom - CLEAR + EPS:
        return False
    return page.obstacles.box_clear(
        box.x - CLEAR, box.y - CLEAR, box.right + CLEAR, box.bottom + CLEAR
    )


def conn_spots(page: RawPage, step: int, role: str, stacked: bool, beside: str) -> Iterator[Box]:
    """Where a connector of `step` may go, best first (made as they are asked for: most
    connectors take one of the first).

    stacked: under (out) or over (in) the symbol, the place of the pair that carries the
    flow to the next step across a page break. Otherwise beside the symbol at its middle
    height, so the arrow is one straight line (`beside`: on which sides, "L" and/or "R"),
    then in the band over or under it.
    """
    row = page.rows[step]
    below = row.sym_bottom + CONN_GAP
    above = row.sym_top - CONN_GAP - CONN_H
    # Levels of connectors under (out) or over (in) the symbol, as many as the row holds.
    level = CONN_H + 1.0
    if role == "out":
        band_ys = [y for k in range(LEVELS) if (y := below + k * level) + CONN_H <= row.bottom]
    else:
        band_ys = [y for k in range(LEVELS) if (y := above - k * level) >= row.top]
    band_ys = band_ys or [below if role == "out" else above]
    if stacked:
        for _, x, _, _ in page.verticals(step):
            yield Box(x - CONN_W / 2, band_ys[0], CONN_W, CONN_H)
    parts = page.parts[step]
    c0, c1 = parts[0][1], parts[-1][2]
    others = sorted(
        (c for c in range(len(page.cols.widths)) if c < c0 or c > c1),
        key=lambda c: (min(abs(c - c0), abs(c - c1)), c),
    )
    yield from _beside_spots(page, step, beside, others)
    yield from _band_spots(page, band_ys, list(range(c0, c1 + 1)) + others)


def _beside_spots(page: RawPage, step: int, beside: str, others: list[int]) -> list[Box]:
    """Beside the symbol at its middle height: in its own column's strips (near it, or
    against the grid line), then in the middle of another column."""
    cols, parts = page.cols, page.parts[step]
    c0, c1 = parts[0][1], parts[-1][2]
    mid = page.rows[step].cy - CONN_SQUARE / 2
    spots = []
    right, left = parts[-1][0].right, parts[0][0].x
    col_right = cols.lefts[c1] + cols.widths[c1]
    for x in (right + ARROW_RUN + 0.7, col_right - CLEAR - CONN_W):
        if x >= right + ARROW_RUN and "R" in beside:
            spots.append(Box(x, mid, CONN_W, CONN_H))
    for x in (left - ARROW_RUN - 0.7 - CONN_W, cols.lefts[c0] + CLEAR):
        if x + CONN_W <= left - ARROW_RUN and "L" in beside:
            spots.append(Box(x, mid, CONN_W, CONN_H))
    for c in others:
        if ("R" if c > c1 else "L") in beside:
            spots.append(Box(cols.centre(c) - CONN_W / 2, mid, CONN_W, CONN_H))
    return spots


def _band_spots(page: RawPage, band_ys: list[float], near: list[int]) -> Iterator[Box]:
    """In the band under (out) or over (in) the symbol, anywhere across the page, the
    symbol's own columns first."""
    cols = page.cols
    for y in band_ys:
        for c in near:
            sl, sr = cols.slots[c]
            centre, lo = cols.centre(c), cols.lefts[c]
            hi = lo + cols.widths[c]
            for x in (
                centre - CONN_W / 2,
                sl,
                sr - CONN_W,
                centre + CLEAR + 0.4,  # beside a line down the middle of the column
                centre - CLEAR - 0.4 - CONN_W,
                lo + CLEAR,
                hi - CLEAR - CONN_W,
            ):
                yield Box(x, y, CONN_W, CONN_H)
