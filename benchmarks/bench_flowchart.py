"""Time the flowchart layout and its SVG: `python benchmarks/bench_flowchart.py [runs]`.

A 50-step, 7-actor procedure with decisions looping back, a few forward jumps and some steps
shared by two actors, on F4 and A4 pages; prints the median, fastest and slowest of many
runs as a table.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __name__ == "__main__":  # this checkout's officedocs, not whichever one is installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from officedocs.flowchart import FlowStep, layout_flowchart, yes_no  # noqa: E402
from officedocs.flowchart_svg import render_svg  # noqa: E402

STEPS, ACTORS = 50, 7
BODIES = {"F4": 168.0, "A4": 147.0}  # mm of step rows per page, about what sheet.py leaves


def procedure(seed: int = 7) -> tuple[list[FlowStep], list[float], list[float]]:
    rnd = random.Random(seed)
    steps = []
    for i in range(1, STEPS + 1):
        a = rnd.randrange(ACTORS)
        actors = (a, a + 1) if a + 1 < ACTORS and rnd.random() < 0.1 else (a,)
        if 3 <= i < STEPS and rnd.random() < 0.25:
            # Tidak goes back a little way, as in real sheets; Ya carries on.
            steps.append(
                FlowStep(i, actors, None, yes_no(i + 1, rnd.randint(max(2, i - 6), i - 1)))
            )
        else:
            steps.append(FlowStep(i, actors, None if i == STEPS else i + 1))
    widths = [16.0] * ACTORS
    heights = [rnd.choice([12.0, 12.0, 14.5, 17.0, 21.5]) for _ in range(STEPS)]
    return steps, widths, heights


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(runs: int = 50) -> None:
    steps, widths, heights = procedure()
    names = [f"Pelaksana {chr(65 + i)}" for i in range(ACTORS)]
    rows = []
    for paper, body in BODIES.items():
        layout = layout_flowchart(steps, widths, heights, body, 7.0)

        def lay(body: float = body) -> object:
            return layout_flowchart(steps, widths, heights, body, 7.0)

        def draw(layout: object = layout) -> object:
            return [render_svg(p, names) for p in layout.pages]

        def both(body: float = body) -> object:
            laid = layout_flowchart(steps, widths, heights, body, 7.0)
            return [render_svg(p, names) for p in laid.pages]

        pages = len(layout.pages)
        connectors = sum(len(p.connectors) for p in layout.pages)
        for what, fn in (
            ("layout_flowchart", lay),
            ("render_svg (all pages)", draw),
            ("both", both),
        ):
            t = timed(fn, runs)
            rows.append((paper, pages, connectors, what, statistics.median(t), min(t), max(t)))
    print(f"{STEPS} steps, {ACTORS} actors, {runs} runs each (ms)")
    head = ("paper", "pages", "connectors", "what", "median", "min", "max")
    print(
        f"{head[0]:<6}{head[1]:>6}{head[2]:>11}  {head[3]:<24}{head[4]:>8}{head[5]:>8}{head[6]:>8}"
    )
    for paper, pages, conns, what, med, lo, hi in rows:
        print(f"{paper:<6}{pages:>6}{conns:>11}  {what:<24}{med:>8.2f}{lo:>8.2f}{hi:>8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
