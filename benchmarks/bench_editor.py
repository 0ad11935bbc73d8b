"""How soon the editor shows a change: a keystroke in a step of a long SOP until the sheet
beside the form shows it (chromium, a real `build.py serve`), and the server's own part.

    python benchmarks/bench_editor.py [STEPS]     # default 50 (an SOP may have up to 60)
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser import chromium, serve  # noqa: E402
from synthetic import sop_yaml  # noqa: E402

from officedocs.editor.checking import Office, check_data, sheet_preview  # noqa: E402
from officedocs.yamltext import load_text  # noqa: E402

NAMES = ["Camat", "Sekretaris", "Kasi Pemerintahan", "Kasubbag Umum", "Petugas Loket"]


def server_part(root: Path, text: str, runs: int = 20) -> list[float]:
    """The check and the page of one change, in this process (no browser, no HTTP)."""
    office = Office(root / "content")
    data = load_text(text.encode()).data
    times = []
    for i in range(runs):
        data["kegiatan"][19]["uraian"] = f"Uraian yang diubah {i}"
        start = time.perf_counter()
        checked = check_data(office, "sop", "panjang", data)
        sheet_preview(office, checked.doc)
        times.append(time.perf_counter() - start)
    return times


PROBE = """() => {
  window.__log = [];
  document.addEventListener('input', () => window.__log.push(['input', performance.now()]), true);
  const body = document.getElementById('lembar').contentDocument.body;
  new MutationObserver(() => window.__log.push(['shown', performance.now()]))
    .observe(body, {childList: true, subtree: true});
}"""


def browser_part(root: Path, runs: int = 20) -> tuple[list[float], list[float]]:
    """Per change: in the page, the input event until the sheet's section is replaced; and
    the wall clock of Playwright's fill until it finds the text in the frame."""
    with serve(root) as (lines, _), chromium(root / "chromium") as browser:
        lines.get()
        link = lines.get().split()[1]
        page = browser.new_page()
        page.goto(link)
        page.goto(link.split("?")[0] + "sop/panjang")
        sheet = page.frame_locator("#lembar")
        sheet.locator("svg.flowchart").first.wait_for(timeout=60_000)
        page.evaluate(PROBE)
        field = page.get_by_label("Langkah 20: Uraian Kegiatan", exact=True)
        inside, outside = [], []
        for i in range(runs):
            text = f"Uraian baru nomor {i}"
            page.evaluate("window.__log = []")
            start = time.perf_counter()
            field.fill(text)
            sheet.get_by_text(text, exact=True).wait_for(timeout=60_000)
            outside.append(time.perf_counter() - start)
            log = page.evaluate("window.__log")
            typed = next(t for kind, t in log if kind == "input")
            shown = next(t for kind, t in log if kind == "shown" and t > typed)
            inside.append((shown - typed) / 1000)
    return inside, outside


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    root = Path(tempfile.mkdtemp())
    try:
        shutil.copytree(ROOT / "content", root / "content")
        text = sop_yaml(steps, len(NAMES), seed=7, long_text=True, names=NAMES)
        (root / "content/sop/panjang.yaml").write_text(text)
        ms = [t * 1000 for t in server_part(root, text)]
        print(f"{steps} langkah, server (periksa + halaman): median {statistics.median(ms):.0f} ms,"
              f" max {max(ms):.0f} ms")
        inside, outside = browser_part(root)
        for name, times in (("di halaman: input -> lembar diganti", inside),
                            ("Playwright: fill -> teks terlihat", outside)):
            ms = [t * 1000 for t in times]
            print(f"{steps} langkah, {name} (termasuk jeda 50 ms): median "
                  f"{statistics.median(ms):.0f} ms, max {max(ms):.0f} ms")
            print("   ", " ".join(f"{t:.0f}" for t in ms))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
