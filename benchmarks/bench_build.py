"""Build timings on N synthetic SOPs (realistic lengths, decisions, 3 to 7 actors).

    python benchmarks/bench_build.py [N] [--jobs J] [--html-only]

Prints a table: full build, no-op rebuild, one file changed, HTML-only build and its no-op,
with PDFs rendered and skipped, sheets that needed a second (corrected) layout pass, and the
peak memory of the main process and of the largest PDF worker of each build. Then the same
from the command line (`python build.py`, a new process each time: imports included). The
user's caches (SVG verdicts, checked SOPs, compiled templates) start empty in a folder of the
run. Nothing here is asserted: tests never time anything. `bench_workers.py` compares 1 and 2
workers and WeasyPrint's own render.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's officedocs, not another

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
    r = fn()
    seconds = time.perf_counter() - start
    rows.append(
        (label, seconds, r.render_seconds, r.rendered, r.skipped, r.pages, r.second_pass)
        + (r.worker_peak_mib,)
    )


def command_line(content: Path, out: Path, *extra: str) -> float:
    """Seconds of `python build.py` in a new process (imports and start-up included)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--content", str(content), "--output", str(out)]
        + ["--quiet", *extra],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=50)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--html-only", action="store_true", help="skip the PDF builds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        content = make_content(folder, args.n)
        out, html = folder / "output", folder / "html"
        rows: list = []
        one = content / "sop" / "uji-0000.yaml"
        cli = []
        if not args.html_only:
            timed("full build", lambda: build(content, out, jobs=args.jobs), rows)
            timed("no-op rebuild", lambda: build(content, out, jobs=args.jobs), rows)
            one.write_text(one.read_text().replace("Buku agenda", "Buku agenda surat"))
            timed("one SOP changed", lambda: build(content, out, jobs=args.jobs), rows)
            cli.append(("no-op rebuild", command_line(content, out)))
            one.write_text(one.read_text().replace("Buku agenda", "Buku agenda tamu"))
            cli.append(("one SOP changed", command_line(content, out)))
        timed("HTML only", lambda: build(content, html, pdf=False), rows)
        timed("HTML only, no-op", lambda: build(content, html, pdf=False), rows)
        one.write_text(one.read_text().replace("Buku agenda", "Buku agenda arsip"))
        timed("HTML, one changed", lambda: build(content, html, pdf=False), rows)
        cli.append(("HTML, no-op", command_line(content, html, "--no-pdf")))
        one.write_text(one.read_text().replace("Buku agenda", "Buku agenda masuk"))
        cli.append(("HTML, one changed", command_line(content, html, "--no-pdf")))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.n} synthetic SOPs (+ the real content)\n")
    head = (
        "run", "seconds", "renders", "PDFs made", "PDFs skipped", "pages made", "2nd pass",
        "worker MiB",
    )  # fmt: skip
    print("| {:<18} | {:>8} | {:>8} | {:>9} | {:>12} | {:>10} | {:>8} | {:>10} |".format(*head))
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, seconds, renders, made, skipped, pages, second, worker in rows:
        print(
            f"| {label:<18} | {seconds:>8.2f} | {renders:>8.2f} | {made:>9} | {skipped:>12} "
            f"| {pages:>10} | {second:>8} | {worker:>10.0f} |"
        )
    print(
        "\nrenders: the PDF workers' own time in WeasyPrint and the sheet check, summed; "
        "worker MiB: the largest PDF worker's peak memory"
    )
    print(f"peak memory of the main process: {peak:.0f} MiB")
    print("\ncommand line (python build.py --quiet, a new process):\n")
    for label, seconds in cli:
        print(f"| {label:<18} | {seconds:>8.2f} |")


if __name__ == "__main__":
    main()
