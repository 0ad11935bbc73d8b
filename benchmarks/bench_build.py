"""Build timings on N synthetic SOPs: full build, no-op rebuild, one-file rebuild, HTML only.

    python benchmarks/bench_build.py [N] [--jobs J]

Prints a table; nothing here is asserted (tests never time anything).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import sop_yaml  # noqa: E402

from officedocs.build import build  # noqa: E402


def make_content(folder: Path, n: int) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for i in range(n):
        actors = 3 + i % 5
        steps = 6 + (i * 7) % 12
        (content / "sop" / f"uji-{i:04d}.yaml").write_text(
            sop_yaml(steps, actors, seed=i, nomor=f"100/{i:04d}/HLG/I/2024"), encoding="utf-8"
        )
    return content


def timed(label: str, fn, rows: list) -> None:  # noqa: ANN001
    start = time.perf_counter()
    result = fn()
    rows.append((label, time.perf_counter() - start, result.rendered, result.skipped))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=50)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        content = make_content(folder, args.n)
        out = folder / "output"
        rows: list = []
        timed("full build", lambda: build(content, out, jobs=args.jobs), rows)
        timed("no-op rebuild", lambda: build(content, out, jobs=args.jobs), rows)
        one = content / "sop" / "uji-0000.yaml"
        one.write_text(one.read_text().replace("Buku agenda", "Buku agenda surat"))
        timed("one-file rebuild", lambda: build(content, out, jobs=args.jobs), rows)
        timed("HTML only", lambda: build(content, folder / "html", pdf=False), rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.n} synthetic SOPs (+ the real content)\n")
    print(f"| {'run':<18} | {'seconds':>8} | {'PDFs rendered':>13} | {'PDFs skipped':>12} |")
    print(f"|{'-' * 20}|{'-' * 10}|{'-' * 15}|{'-' * 14}|")
    for label, seconds, rendered, skipped in rows:
        print(f"| {label:<18} | {seconds:>8.2f} | {rendered:>13} | {skipped:>12} |")
    print(f"\npeak memory: main process {peak:.0f} MiB, largest worker {children:.0f} MiB")


if __name__ == "__main__":
    main()
