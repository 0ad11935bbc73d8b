"""`serve`: from an edit of one SOP to its new page, its new PDF, and the reload signal.

    python benchmarks/bench_serve.py [N] [--edits E] [--checkout DIR]

Starts `python build.py serve --port 0` (a new process) on the real content plus N
synthetic SOPs (28 by default), waits for its first build, then edits one SOP E times (5 by
default), each after the last edit's PDF is written. For each edit it reports the seconds
until the status the open pages poll says to reload (`/__serve/status`), until the SOP's
page shows the edit, and until its PDF file is replaced. `--checkout DIR` runs the server of
another checkout (say a worktree of an earlier revision) on the same content, to compare.
The user's caches start empty in a folder of the run. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks")]

from bench_build import make_content  # noqa: E402

EDITED = "sop/uji-0000"
POLL = 0.01  # s between looks at the file and the status


def status(url: str) -> int:
    with urllib.request.urlopen(url + "__serve/status", timeout=10) as answer:
        return int(json.load(answer)["version"])


def wait(test, limit: float = 120.0) -> float:  # noqa: ANN001
    """Seconds until test() is true (polled)."""
    start = time.perf_counter()
    while not test():
        if time.perf_counter() - start > limit:
            raise TimeoutError("serve did not answer in time")
        time.sleep(POLL)
    return time.perf_counter() - start


def read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def edit_once(content: Path, out: Path, url: str, i: int) -> tuple[float, float, float]:
    """(to the reload signal, to the page showing it, to the new PDF), seconds from the edit."""
    source = content / f"{EDITED}.yaml"
    page, pdf = out / f"{EDITED}.html", out / f"{EDITED}.pdf"
    old_pdf, version = read(pdf), status(url)
    marker = f"Buku agenda {i:03d}"
    text = source.read_text(encoding="utf-8")
    edited = text.replace("Buku agenda", marker, 1) if i == 0 else text
    if i:
        edited = text.replace(f"Buku agenda {i - 1:03d}", marker, 1)
    seen: dict[str, float] = {}
    start = time.perf_counter()
    source.write_text(edited, encoding="utf-8")

    def look() -> bool:
        now = time.perf_counter() - start
        if "reload" not in seen and status(url) != version:
            seen["reload"] = now
        if "page" not in seen and marker.encode() in read(page):
            seen["page"] = now
        if "pdf" not in seen and read(pdf) not in (b"", old_pdf):
            seen["pdf"] = now
        return len(seen) == 3

    wait(look)
    return seen["reload"], seen["page"], seen["pdf"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=28)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="whose build.py serves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
        content, out = make_content(folder, args.n), folder / "output"
        command = [sys.executable, str(args.checkout.resolve() / "build.py"), "serve"]
        command += ["--content", str(content), "--output", str(out), "--port", "0"]
        server = subprocess.Popen(
            command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        try:
            assert server.stdout is not None and server.stderr is not None
            url = server.stdout.readline().decode().split()[1]
            start = time.perf_counter()
            while not server.stderr.readline().startswith(b"PDF: "):  # the first build's end
                pass
            threading.Thread(target=server.stderr.read, daemon=True).start()  # keep it flowing
            first = time.perf_counter() - start
            rows = [edit_once(content, out, url, i) for i in range(args.edits)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"serve ({args.checkout}), {args.n} synthetic SOPs + the real content")
    print(f"first build: about {first:.1f} s\n")
    print("| edit | reload signal (s) | page shows it (s) | new PDF written (s) |")
    print("|---:|---:|---:|---:|")
    for i, (reload, page, pdf) in enumerate(rows, 1):
        print(f"| {i} | {reload:.2f} | {page:.2f} | {pdf:.2f} |")
    best = [min(column) for column in zip(*rows, strict=True)]
    print(f"| min | {best[0]:.2f} | {best[1]:.2f} | {best[2]:.2f} |")


if __name__ == "__main__":
    main()
