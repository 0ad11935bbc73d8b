"""`serve` makes again only what an edit changed: one SOP edited, one PDF rendered, by the PDF
workers it keeps between builds. A real server process, no browser; nothing is timed (speed:
benchmarks/bench_serve.py)."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a server in a subprocess that renders PDFs

ROOT = Path(__file__).resolve().parent.parent
SOP = "content/sop/pengumpulan-data-kinerja.yaml"
WAIT = 300  # s: a build on however loaded a machine


def children(pid: int) -> set[int]:
    """The processes `pid` started and that still run (Linux /proc)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def next_summary(lines: queue.Queue[str], said: list[str]) -> str:
    """The next `PDF: ...` line; every line before it goes to `said`."""
    while True:
        line = lines.get(timeout=WAIT)
        said.append(line)
        if line.startswith("PDF: "):
            return line


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_serve_renders_only_the_edited_sop_in_the_workers_it_kept(site_dir: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--explain"],
        cwd=site_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(x.rstrip("\n")) for x in proc.stderr], daemon=True
    ).start()
    try:
        first = next_summary(lines, [])
        pdfs = {p: p.read_bytes() for p in (site_dir / "output").rglob("*.pdf")}
        assert len(pdfs) >= 2 and f"{len(pdfs)} PDF dibuat, 0 PDF dilewati" in first, first
        hosts = children(proc.pid)  # the PDF workers' host, kept warm

        sop = site_dir / SOP
        sop.write_text(sop.read_text().replace("Mengarsipkan", "Mengarsipkan Berkas"))
        said: list[str] = []
        summary = next_summary(lines, said)

        assert f" 1 PDF dibuat, {len(pdfs) - 1} PDF dilewati" in summary, summary
        remade = [s.split(":")[0] for s in said if s.endswith(".pdf") or ".pdf: dibuat" in s]
        assert remade == ["sop/pengumpulan-data-kinerja.pdf"], said
        changed = {p.name for p, data in pdfs.items() if p.read_bytes() != data}
        assert changed == {"pengumpulan-data-kinerja.pdf"}
        assert hosts and hosts <= children(proc.pid)  # the same host rendered it
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert proc.returncode is not None
