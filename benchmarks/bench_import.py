"""`build.py impor` over a folder of sheets: sheets per second, time per sheet (median, 95th
percentile, slowest, against the 3 s target) and peak memory (this process, and the largest
forked reader, since each file is read in a child bounded by impor/limits.py).

    python benchmarks/bench_import.py FOLDER [--limit N]  # every .docx / .pdf under FOLDER
    python benchmarks/bench_import.py                      # 20 Word sheets made like ours

The sheets are imported into a throw-away copy of content/ (registries only), one call of the
importer per file as `impor` makes it, so the numbers include writing the drafts.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from officedocs.impor.model import UnreadableSheet  # noqa: E402
from officedocs.impor.run import one, sop_id  # noqa: E402


def made_sheets(folder: Path, n: int = 20) -> list[Path]:
    """Word sheets of the seed SOPs, as another office would make them (tests/sheet_docx)."""
    import yaml
    from sheet_docx import numbered, write_sheet

    content = ROOT / "content"
    regs = yaml.safe_load((content / "dasar_hukum.yaml").read_text(encoding="utf-8"))
    signer = yaml.safe_load((content / "pejabat.yaml").read_text(encoding="utf-8"))
    signer = signer["camat"]["masa"][0]
    sops = sorted((content / "sop").glob("*.yaml"))
    out = []
    for k in range(n):
        sop = numbered(yaml.safe_load(sops[k % len(sops)].read_text(encoding="utf-8")))
        out.append(write_sheet(folder / f"lembar-{k:03d}.docx", sop, regs, signer,
                               typed_numbers=k % 2 == 0, labels_above=k % 3 == 0))  # fmt: skip
    return out


def fresh_content(root: Path) -> Path:
    dest = root / "content"
    shutil.copytree(ROOT / "content", dest, ignore=shutil.ignore_patterns("laporan"))
    for p in (dest / "sop").glob("*.yaml"):
        p.unlink()
    return dest


def run(files: list[Path], content: Path) -> dict:
    times, refused, unexpected = [], 0, 0
    start = time.perf_counter()
    for n, path in enumerate(files):
        t0 = time.perf_counter()
        try:
            one(path, content, f"{sop_id(path)}-{n}")
        except UnreadableSheet:
            refused += 1
        except Exception:  # noqa: BLE001 - counted: `impor` says these in one line too
            unexpected += 1
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    return {"times": times, "total": total, "refused": refused, "unexpected": unexpected}


def report(files: list[Path], r: dict) -> None:
    times = sorted(r["times"])
    mb = 1024.0  # ru_maxrss is in KiB on Linux
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / mb
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / mb
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    print(f"sheets: {len(files)}  imported: {len(files) - r['refused'] - r['unexpected']}  "
          f"refused: {r['refused']}  unexpected: {r['unexpected']}")  # fmt: skip
    print(f"total {r['total']:.1f} s  ->  {len(files) / r['total']:.2f} sheets/s")
    print(f"per sheet: median {statistics.median(times):.2f} s  p95 {p95:.2f} s  "
          f"slowest {times[-1]:.2f} s  over 3 s: {sum(t > 3 for t in times)}")  # fmt: skip
    print(f"peak memory: this process {own:.0f} MB, largest reader child {child:.0f} MB")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", nargs="?", type=Path)
    p.add_argument("--limit", type=int, default=0)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.folder is None:
            (root / "sheets").mkdir()
            files = made_sheets(root / "sheets")
        else:
            files = sorted(
                f for f in args.folder.rglob("*") if f.suffix.lower() in (".docx", ".pdf")
            )
        files = files[: args.limit] if args.limit else files
        report(files, run(files, fresh_content(root)))


if __name__ == "__main__":
    main()
