"""The flowchart layout of this checkout against an earlier revision, side by side in one run:
`python benchmarks/compare_layout.py [REV] [rounds] [runs]` (default REV: main).

REV's `officedocs` is exported with `git archive` to a temporary folder. Each round runs the
50-step, 7-actor procedure of `bench_flowchart.py` in a fresh interpreter for REV and for this
checkout, one after the other, `runs` layouts each on F4 and A4. The machine is shared and
noisy, so each side reports its fastest layout over all rounds: wall time (perf_counter) and
CPU time (process_time, which waiting for a core does not inflate).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in the child: the benchmark's procedure, with decisions in the form its revision takes.
CHILD = r"""
import json, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import officedocs.flowchart as fc
if not hasattr(fc, "yes_no"):  # before named branches: (ya, tidak)
    fc.yes_no = lambda ya, tidak: (ya, tidak)
import bench_flowchart as bench
steps, widths, heights = bench.procedure()
out = {}
for paper, body in bench.BODIES.items():
    wall, cpu = [], []
    for _ in range(int(sys.argv[3])):
        w, c = time.perf_counter(), time.process_time()
        fc.layout_flowchart(steps, widths, heights, body, 7.0)
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    out[paper] = (min(wall) * 1000, min(cpu) * 1000)
print(json.dumps(out))
"""


def export(rev: str, into: Path) -> None:
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "officedocs", "layouts/fonts"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")


def run(code_root: Path, runs: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(code_root), str(ROOT / "benchmarks"), str(runs)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{code_root}: {done.stderr}")
    return json.loads(done.stdout)


def main(rev: str = "main", rounds: int = 5, runs: int = 20) -> None:
    best: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        export(rev, Path(tmp))
        sides = {rev: Path(tmp), "this checkout": ROOT}
        for _ in range(rounds):
            for name, code in sides.items():
                for paper, (wall, cpu) in run(code, runs).items():
                    b = best.setdefault(name, {}).setdefault(paper, [wall, cpu])
                    b[0], b[1] = min(b[0], wall), min(b[1], cpu)
    print(f"50 steps, 7 actors: fastest of {rounds} rounds x {runs} layouts (ms)")
    print(f"{'code':<16}{'paper':<7}{'wall':>8}{'cpu':>8}")
    for name, papers in best.items():
        for paper, (wall, cpu) in papers.items():
            print(f"{name:<16}{paper:<7}{wall:>8.2f}{cpu:>8.2f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        args[0] if args else "main",
        int(args[1]) if len(args) > 1 else 5,
        int(args[2]) if len(args) > 2 else 20,
    )
