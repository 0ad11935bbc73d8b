"""`python build.py serve`: build, serve output/ on 127.0.0.1, rebuild and reload on change.

Three threads share one `LiveState`: the HTTP server (pages get a small script injected that asks
for the state and reloads or shows the problems), the builder (HTML first, so an edit shows at
once, then the PDFs), and the main thread watching content/ and layouts/ with watchfiles.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import watchfiles

from .build import build
from .editor.app import MAX_BODY, Editor, sunting_link
from .editor.app import PREFIX as EDITOR
from .editor.app import Request as EditRequest
from .paths import LAYOUTS
from .problems import ContentError
from .serverules import IDLE_SECONDS, KINDS, host_allowed, kind_of, served_file
from .shown import say, shown
from .workers import Workers
from .writer import DuplicateOutput

LIVE = "/__serve/"
LIVE_JS = """(function () {
  "use strict";
  var version = document.currentScript.getAttribute("data-version");
  function overlay(problems) {
    var box = document.getElementById("serve-overlay");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "serve-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "z-index:1000;background:#fff4f4;color:#600;border-top:3px solid #c00;" +
        "font:13px/1.4 monospace;padding:12px 16px;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Isi belum bisa dibangun:\\n" + problems.join("\\n");
  }
  function poll() {
    fetch("/__serve/status", {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (String(s.version) !== version && !s.problems.length) { location.reload(); return; }
        overlay(s.problems);
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  poll();
})();
"""
MISSING_PAGE = (
    '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Tidak ada</title></head>'
    "<body><p>Halaman ini belum ada di output/.</p></body></html>"
)


@dataclass
class LiveState:
    """What the open pages ask for: the build they show, and the problems of the last try."""

    version: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "problems": list(self.problems)}

    def built(self, changed: bool) -> None:
        with self.lock:
            self.problems = []
            if changed:
                self.version += 1

    def failed(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = problems


class Handler(BaseHTTPRequestHandler):
    """Files of output/, never cached, with the live script added to every HTML page; only
    to requests addressed to this server, only files inside output/ of the kinds the build
    writes (serverules)."""

    state: LiveState
    root: Path  # output/
    editor: Editor
    timeout = IDLE_SECONDS  # an idle connection is closed, not left holding a thread

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host"), self.server.server_address[1]):
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host tidak dikenal")
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
        self._answer(body=False)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        if self.path.startswith(EDITOR):
            return self._edit()
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

    def _edit(self) -> None:
        """The editor (editor/app.py) answers everything under /_sunting/."""
        size = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(min(size, MAX_BODY + 1)) if size > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = EditRequest(self.command, self.path, headers, self.server.server_address[1], data)
        answer = self.editor.handle(req)
        self._send(answer.body, answer.kind, True, answer.status, answer.headers)

    def _answer(self, body: bool) -> None:
        path = self.path.split("?", 1)[0]
        if path.startswith(EDITOR) and body:
            return self._edit()
        if path == LIVE + "status":
            return self._send(json.dumps(self.state.snapshot()).encode(), "application/json", body)
        if path == LIVE + "live.js":
            return self._send(LIVE_JS.encode(), "text/javascript", body)
        file = served_file(self.root, path)
        if file is None:  # not (yet) in output/: the page appears when the build makes it
            return self._send(self._live(MISSING_PAGE), KINDS[".html"], body, 404)
        if file.suffix == ".html":
            return self._send(self._live(file.read_text("utf-8")), KINDS[".html"], body)
        return self._send(file.read_bytes(), kind_of(file), body)

    def _live(self, html: str) -> bytes:
        version = self.state.snapshot()["version"]
        script = f'<script src="{LIVE}live.js" data-version="{version}"></script>'
        script += sunting_link(self.path.split("?", 1)[0])
        return html.replace("</body>", script + "</body>", 1).encode("utf-8")

    def _send(
        self, data: bytes, kind: str, body: bool, status: int = 200, headers: dict | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the pages poll twice a second: keep the terminal for problems


class Builder(threading.Thread):
    """Builds whenever asked: the HTML first, then (unless --no-pdf) the PDFs."""

    def __init__(self, content: Path, output: Path, state: LiveState, options: dict[str, Any]):
        super().__init__(daemon=True)
        self.content, self.output, self.state, self.options = content, output, state, options
        self.wanted = threading.Event()
        # PDF workers kept warm for every build: an edit's PDF is only its render away.
        self.workers = Workers(options["jobs"] or os.cpu_count() or 1) if options["pdf"] else None

    def request(self) -> None:
        self.wanted.set()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            if self.build(pdf=False) and self.options["pdf"] and not self.wanted.is_set():
                before = set(self.output.rglob("*.pdf"))
                # New PDFs add links to the pages; only then is a reload worth it.
                self.build(pdf=True, reload=set(self.output.rglob("*.pdf")) != before)

    def build(self, pdf: bool, reload: bool = True) -> bool:
        try:
            result = build(
                self.content,
                self.output,
                pdf=pdf,
                drafts=self.options["drafts"],
                jobs=self.options["jobs"],
                explain=say if self.options["explain"] else None,
                key=self.options.get("key") if pdf else None,
                strict=self.options.get("strict", False),
                wait=True,  # a build from the command line on this output: after it
                workers=self.workers,
            )
        except ContentError as exc:
            lines = [str(p) for p in exc.problems]
            say(*lines)
            say(f"{len(lines)} {exc.what}; halaman terakhir tetap dilayani")
            self.state.failed(lines)
            return False
        except DuplicateOutput as exc:
            say(f"gagal: {exc}")
            self.state.failed([shown(f"gagal: {exc}")])
            return False
        except Exception as exc:  # a bug: say it, keep serving the last good build
            traceback.print_exc()
            self.state.failed([shown(f"kesalahan program: {exc!r}")])
            return False
        if not pdf:  # the PDF build that follows would say the same again
            say(*result.warnings)
        say(*result.failed)  # a PDF that failed: its page is still there
        if not self.options["quiet"]:
            say(("PDF: " if pdf else "HTML: ") + result.summary())
        self.state.built(changed=reload or not pdf)
        failures = [str(line) for line in result.failed]
        if strict := result.strict_failure(self.options.get("strict", False)):  # a render's
            say(strict)
            failures += [*map(str, result.warnings), strict]
        if failures:
            self.state.failed([shown(line) for line in failures])
        return True


def serve(
    content: Path,
    output: Path,
    *,
    port: int = 8000,
    pdf: bool = True,
    drafts: bool = False,
    jobs: int | None = None,
    quiet: bool = False,
    explain: bool = False,
    strict: bool = False,
    key: Any = None,  # sign.SigningKey: final PDFs are signed as in a build
) -> int:
    """Serve until Ctrl+C. Port 0 takes a free one; the address is printed either way."""
    state = LiveState()
    options = {"pdf": pdf, "drafts": drafts, "jobs": jobs, "quiet": quiet, "explain": explain}
    options["strict"] = strict
    options["key"] = key
    builder = Builder(content, output, state, options)
    output.mkdir(parents=True, exist_ok=True)
    editor = Editor(content)
    handler = type("LiveHandler", (Handler,), {"state": state, "root": output, "editor": editor})
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        print(f"gagal: port {port} tidak bisa dipakai ({exc.strerror})", file=sys.stderr)
        return 1
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    builder.start()
    builder.request()
    print(f"Situs: http://127.0.0.1:{server.server_address[1]}/  (Ctrl+C untuk berhenti)")
    print(f"Penyunting: {editor.link(server.server_address[1])}")
    sys.stdout.flush()
    try:
        for _changes in watchfiles.watch(content, LAYOUTS, raise_interrupt=False):
            builder.request()
    finally:
        server.shutdown()
        if builder.workers is not None:
            builder.workers.close()
    return 0
