"""Renja evaluation workbook timings: one export in process (median of N), and the
`impor FILE.xlsx` command as a whole process (start-up, content load, write), on the example
report with Triwulan IV filled in.

    python benchmarks/bench_workbook.py [N]

Nothing here is asserted: tests never time anything.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # this checkout's officedocs, not another

import openpyxl  # noqa: E402

from officedocs.cli import main  # noqa: E402
from officedocs.content import load_site  # noqa: E402
from officedocs.workbook_export import evaluasi_workbook  # noqa: E402


def export_ms(n: int) -> float:
    site = load_site(ROOT / "content")
    doc = next(iter(site.laporan.values()))
    evaluasi_workbook(site, doc)  # warm: openpyxl's first use
    times = []
    for _ in range(n):
        started = time.perf_counter()
        evaluasi_workbook(site, doc)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def impor_ms(n: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "content", work / "content")
        args = ["--content", str(work / "content"), "--output", str(work / "out"), "--drafts"]
        main([*args, "--no-pdf", "--quiet"])
        wb = openpyxl.load_workbook(work / "out/laporan/kinerja-triwulan-iii-2023.xlsx")
        ws = wb.active
        for r in range(10, 16):
            ws[f"Q{r}"] = 90
        wb.save(work / "isi.xlsx")
        report = work / "content/laporan/kinerja-triwulan-iii-2023.yaml"
        original = report.read_bytes()
        for _ in range(n):
            report.write_bytes(original)
            cmd = [sys.executable, str(ROOT / "build.py"), "impor", str(work / "isi.xlsx")]
            started = time.perf_counter()
            subprocess.run(cmd, cwd=work, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    print(f"export, one workbook (median of {n}): {export_ms(n):.0f} ms")
    print(
        f"impor FILE.xlsx, whole process (median of {max(3, n // 3)}): "
        f"{impor_ms(max(3, n // 3)):.0f} ms"
    )
