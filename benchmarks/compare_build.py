"""An earlier revision and this checkout side by side, from the command line (new processes):
one changed SOP among N, and the HTML-only build of M SOPs with every cache empty.

    python benchmarks/compare_build.py REV [--runs R] [--n 28] [--html 1000]

REV is checked out (`git archive`) into a temporary folder. Each side builds its own shipped
content/ plus the same synthetic SOPs (`tests/synthetic.py`), with its own user cache. The runs
alternate (earlier, this, earlier, ...), so a machine that grows busier slows both; each figure
is the whole process (`python build.py --quiet`), wall time and CPU time (the process and the
workers it waited for), printed as min and median of R runs (min: the machine is shared, and
a run that waited for a core says little). Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests")]

from synthetic import sop_yaml  # noqa: E402

EDITED = "sop/uji-0000.yaml"


def content_for(checkout: Path, folder: Path, n: int) -> Path:
    content = folder / "content"
    shutil.copytree(checkout / "content", content)
    for i in range(n):
        text = sop_yaml(6 + (i * 7) % 12, 3 + i % 5, seed=i, nomor=f"100/{i:04d}/HLG/I/2024")
        (content / "sop" / f"uji-{i:04d}.yaml").write_text(text, encoding="utf-8")
    return content


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run of `command` and everything it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


class Side:
    def __init__(self, name: str, checkout: Path, folder: Path, n: int, html: int):
        self.name, self.checkout, self.folder = name, checkout, folder
        self.env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        self.small = content_for(checkout, folder / "small", n)
        self.large = content_for(checkout, folder / "large", html)
        self.edits = 0

    def build(self, content: Path, out: Path, *extra: str) -> tuple[float, float]:
        command = [sys.executable, str(self.checkout / "build.py"), "--content", str(content)]
        return timed(command + ["--output", str(out), "--quiet", *extra], self.env)

    def one_changed(self) -> tuple[float, float]:
        source = self.small / EDITED
        text = source.read_text(encoding="utf-8")
        self.edits += 1
        source.write_text(text.replace("Buku agenda", f"Buku agenda {self.edits}", 1), "utf-8")
        return self.build(self.small, self.folder / "small" / "output")

    def html_empty(self) -> tuple[float, float]:
        for gone in ("cache", "large/output", "large/.officedocs"):
            shutil.rmtree(self.folder / gone, ignore_errors=True)
        return self.build(self.large, self.folder / "large" / "output", "--no-pdf")


def show(label: str, runs: dict[str, list[tuple[float, float]]]) -> None:
    for name, figures in runs.items():
        wall, cpu = zip(*figures, strict=True)
        print(
            f"| {label} | {name} | {min(wall):.2f} | {statistics.median(wall):.2f} "
            f"| {min(cpu):.2f} | {statistics.median(cpu):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rev")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--n", type=int, default=28, help="synthetic SOPs, one changed")
    parser.add_argument("--html", type=int, default=1000, help="synthetic SOPs, HTML only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        old = folder / "checkout"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.rev], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        sides = [
            Side(args.rev, old, folder / "a", args.n, args.html),
            Side("this checkout", ROOT, folder / "b", args.n, args.html),
        ]
        for side in sides:  # the full build the one-change runs start from (not counted)
            side.one_changed()
        one: dict[str, list] = {s.name: [] for s in sides}
        html: dict[str, list] = {s.name: [] for s in sides}
        for _ in range(args.runs):
            for side in sides:
                one[side.name].append(side.one_changed())
        for _ in range(max(3, args.runs // 2)):
            for side in sides:
                html[side.name].append(side.html_empty())
    print("| build (command line) | code | wall min (s) | wall median | cpu min (s) | cpu median |")
    print("|---|---|---:|---:|---:|---:|")
    show(f"one SOP changed of {args.n}", one)
    show(f"HTML only, {args.html} SOPs, caches empty", html)


if __name__ == "__main__":
    main()
