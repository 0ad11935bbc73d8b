"""Fingerprint the flowchart layouts of many random procedures, for refactors that must not
change a single drawing: `python benchmarks/flowchart_fingerprint.py [count] [dump.txt]`.

Lays out `count` (default 400) seeded random procedures (1 to 40 steps, 1 to 8 actors, loops,
jumps, shared steps, tall rows, cramped columns) and prints one SHA-256 over the repr of every
`FlowchartLayout`. Run it before and after a change; with a dump file, `diff` shows where two
runs differ.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

# The checkout this script lives in, not whichever one the editable install points to: a
# fingerprint of the wrong code would compare equal for the wrong reason.
ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's officedocs; test helpers
from synthetic import vary  # noqa: E402

from officedocs.flowchart import FlowStep, layout_flowchart  # noqa: E402


def _actors(rnd: random.Random, k: int) -> tuple[int, ...]:
    kind = rnd.choice(["one"] * 8 + ["adjacent", "apart"])
    if kind == "adjacent" and k >= 2:
        a = rnd.randint(0, k - 2)
        return tuple(range(a, rnd.randint(a + 1, min(k - 1, a + 2)) + 1))
    if kind == "apart" and k >= 3:
        return tuple(sorted(rnd.sample(range(k), rnd.randint(2, min(3, k)))))
    return (rnd.randrange(k),)


def procedure(seed: int) -> tuple[list[FlowStep], list[float], list[float], float, float]:
    rnd = random.Random(seed)
    n, k = rnd.randint(1, 40), rnd.randint(1, 8)
    # One case in five has cramped columns and many jumps: the layout must ask for room.
    cramped = seed % 5 == 0
    widest = max(13.0, min(80.0, 200.0 / k))
    widths = [rnd.uniform(8.0, 14.0) if cramped else rnd.uniform(13.0, widest) for _ in range(k)]
    steps = [FlowStep(i, _actors(rnd, k), i + 1 if i < n else None) for i in range(1, n + 1)]
    for _ in range(rnd.randint(0, max(1, n if cramped else n // 2))):
        kind = rnd.choice(["tidak", "tidak", "lanjut", "ya"])
        steps = vary(steps, kind, rnd.randint(1, n), rnd.randint(1, n))
    heights = [
        rnd.uniform(12.0, 260.0) if rnd.random() < 0.05 else rnd.uniform(12.0, 30.0)
        for _ in range(n)
    ]
    body = rnd.uniform(60.0, 100.0) if cramped else rnd.uniform(150.0, 175.0)
    return steps, widths, heights, body, rnd.choice([0.0, 7.0, 12.0])


def main(count: int = 400, dump: str | None = None) -> None:
    digest = hashlib.sha256()
    out = open(dump, "w", encoding="utf-8") if dump else None  # noqa: SIM115
    for seed in range(count):
        layout = layout_flowchart(*procedure(seed))
        text = repr((layout.row_heights, layout.pages))
        digest.update(text.encode())
        if out:
            out.write(f"{seed}: {text}\n")
    if out:
        out.close()
    print(f"{count} layouts: {digest.hexdigest()}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 400,
        sys.argv[2] if len(sys.argv) > 2 else None,
    )
