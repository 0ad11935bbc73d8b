"""Debian's chromium for the browser tests, driven by Playwright (no browser download), and the
`build.py serve` those tests (and benchmarks/bench_editor.py) look at."""

from __future__ import annotations

import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium(profile: Path, **options) -> Iterator:  # noqa: ANN003
    """Chromium with a fresh profile in `profile`; yields its Playwright browser context."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS, **options
        )
        try:
            yield context
        finally:
            context.close()


@contextmanager
def serve(folder: Path) -> Iterator[tuple[queue.Queue[str], list[str]]]:
    """`build.py serve --port 0 --no-pdf --quiet` in `folder`; yields its output lines as they
    come and the list its error output gathers in. Threads drain both pipes so neither fills."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--no-pdf", "--quiet"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    errors: list[str] = []
    threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True).start()
    try:
        yield lines, errors
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def serious_violations(page) -> list:  # noqa: ANN001
    """What axe finds serious or critical on the page: each rule with its first three places."""
    import pytest

    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    result = axe.Axe().run(page)
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
