"""The editor's requests: pages, checks as you type, saves. Plain request in, response out;
serve.py hands requests under /_sunting/ here and writes the response.

Only the browser that opened the link `serve` printed may use it: that link carries a key,
kept in a cookie (SameSite=Strict) for the pages and sent in a header with every request the
script makes. Every request must name 127.0.0.1 or localhost as its Host (421 otherwise),
which a page of another site reaching this port through DNS rebinding cannot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import threading
import traceback
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..atomic import write_atomic
from ..checks.laporan import MARKDOWN_FIELDS
from ..formatting import FILTERS
from ..markdown_html import markdown_safe
from ..serverules import host_allowed
from ..views import hasil_laporan
from ..yamltext import YamlProblem, load_text
from . import roundtrip
from .checking import KINDS, Checked, Office, check_data, sheet_preview
from .forms import FORMS, carry_unknown, new_id_problem
from .pages import form_page, list_page

PREFIX = "/_sunting/"
HERE = Path(__file__).parent
STATIC = {"rows.js": "text/javascript", "editor.js": "text/javascript", "editor.css": "text/css"}
COOKIE = "sunting"
HEADER = "X-Kunci"
MAX_BODY = 2_000_000
# A document's page: its kind and its id (the file name in content/<kind>/).
DOCUMENT = r"(sop|laporan)/([A-Za-z0-9][A-Za-z0-9_.-]*)"


@dataclass
class Request:
    method: str
    path: str  # with its query
    headers: dict[str, str]  # names in lower case
    port: int
    body: bytes = b""


# The editor's pages run only their own files: no other site's script, frame or form target,
# and no other site may frame them. (Inline styles: the sheet's rows carry their heights.)
POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


@dataclass
class Response:
    status: int
    body: bytes
    kind: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Security-Policy": POLICY, "X-Frame-Options": "SAMEORIGIN"}
    )


def _json(status: int, value: Any) -> Response:
    return Response(status, json.dumps(value).encode(), "application/json")


def _text(status: int, message: str) -> Response:
    return Response(status, message.encode(), "text/plain; charset=utf-8")


def digest(path: Path) -> str | None:
    """What the form was opened on: a save over anything else is refused."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


class Editor:
    def __init__(self, content: Path, key: str | None = None):
        self.office = Office(content)
        self.key = key or secrets.token_urlsafe(24)
        # serve answers on many threads; the registries are re-read and files written by one
        self.lock = threading.Lock()
        self.env = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(FILTERS)

    def link(self, port: int) -> str:
        return f"http://127.0.0.1:{port}{PREFIX}?kunci={self.key}"

    def handle(self, req: Request) -> Response:
        if not host_allowed(req.headers.get("host"), req.port):  # serve checks too: twice is fine
            return _text(421, "Host tidak dikenal: penyunting hanya melayani 127.0.0.1")
        url = urlsplit(req.path)
        route = url.path[len(PREFIX) :]
        if req.method == "GET" and route.startswith("static/") and route[7:] in STATIC:
            name = route[7:]
            return Response(200, (HERE / "static" / name).read_bytes(), STATIC[name])
        given = parse_qs(url.query).get("kunci", [""])[0]
        if req.method == "GET" and given and self._same(given):
            # The key leaves the address (and the history) for a cookie of this site only.
            cookie = f"{COOKIE}={self.key}; Path={PREFIX}; HttpOnly; SameSite=Strict"
            answer = Response(303, b"")
            answer.headers |= {"Location": url.path, "Set-Cookie": cookie}
            return answer
        if not self._allowed(req):
            return _text(
                403,
                "Kunci penyunting tidak ada atau salah: buka alamat yang dicetak "
                "saat `python build.py serve` dimulai.",
            )
        if req.method not in ("GET", "POST"):
            return _text(405, "Metode tidak didukung")
        with self.lock:
            try:
                return self._post(route, req.body) if req.method == "POST" else self._get(route)
            except Exception:  # a bug: said in the terminal, the editor keeps serving
                traceback.print_exc()
                return _text(500, "Kesalahan program di penyunting; lihat terminal serve")

    def _same(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.key.encode())

    def _allowed(self, req: Request) -> bool:
        if req.method != "GET":  # a write presents the key itself, not only a cookie
            return self._same(req.headers.get(HEADER.lower(), ""))
        cookie = SimpleCookie()
        try:
            cookie.load(req.headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie is no key
            return False
        morsel = cookie.get(COOKIE)
        return morsel is not None and self._same(morsel.value)

    def _get(self, route: str) -> Response:
        self.office.refresh()
        if route == "":
            return Response(200, list_page(self).encode())
        m = re.fullmatch(DOCUMENT, route)
        if not m:
            return _text(404, "Halaman penyunting ini tidak ada")
        kind, doc_id = m.groups()
        if doc_id == "baru":
            return Response(200, form_page(self, kind, None).encode())
        if doc_id not in self.office.names[kind]:
            return _text(404, f"Tidak ada berkas content/{kind}/{doc_id}.yaml")
        return Response(200, form_page(self, kind, doc_id).encode())

    def _post(self, route: str, body: bytes) -> Response:
        if len(body) > MAX_BODY:
            return _text(413, "Isian terlalu besar")
        try:
            ask = json.loads(body)
            kind, doc_id, data = ask["kind"], str(ask.get("id") or ""), ask["data"]
        except (ValueError, KeyError, TypeError):
            return _text(400, "Permintaan tidak bisa dibaca")
        if kind not in KINDS or not isinstance(data, dict):
            return _text(400, "Jenis dokumen tidak dikenal")
        self.office.refresh()
        if route == "api/periksa":
            return _json(200, self.check(kind, doc_id or "baru", data))
        if route == "api/simpan":
            return self.save(kind, doc_id, data, ask.get("base"), bool(ask.get("new")))
        return _text(404, "Tidak ada")

    def _with_file(self, kind: str, doc_id: str, data: dict) -> dict:
        """The form's data and what the file has that the form does not show."""
        path = self.office.root / kind / f"{doc_id}.yaml"
        if doc_id not in self.office.names[kind]:
            return data
        try:
            old = load_text(path.read_bytes()).data
        except (OSError, YamlProblem):
            return data
        return carry_unknown(FORMS[kind], old, data)

    def check(self, kind: str, doc_id: str, data: dict) -> dict[str, Any]:
        """Problems beside the fields, and the drawing or the figures beside the form."""
        data = self._with_file(kind, doc_id, data)
        checked = check_data(self.office, kind, doc_id, data)
        out: dict[str, Any] = {"problems": _problems(checked)}
        date_key = "tanggal_efektif" if kind == "sop" else "tanggal"
        out["pejabat"] = self.office.holders(_date(data.get(date_key)))
        if kind == "sop":
            out["page"] = sheet_preview(self.office, checked.doc) if checked.doc else None
        else:
            site = self.office.site
            hasil = hasil_laporan(site, checked.doc) if checked.doc and site else None
            template = self.env.get_template("_hasil.html")
            out["hasil"] = template.render(hasil=hasil) if hasil else None
            out["markdown"] = {
                k: str(markdown_safe(str(data.get(k) or ""), "../")) for k in MARKDOWN_FIELDS
            }
        return out

    def save(self, kind: str, doc_id: str, data: dict, base: Any, new: bool) -> Response:
        folder = self.office.root / kind
        if new:
            problem = new_id_problem(doc_id)
            if problem:
                return _json(200, {"ok": False, "problems": [_one("__berkas", problem)]})
            if (folder / f"{doc_id}.yaml").exists():
                message = f"berkas content/{kind}/{doc_id}.yaml sudah ada; pilih nama lain"
                return _json(200, {"ok": False, "problems": [_one("__berkas", message)]})
        elif doc_id not in self.office.names[kind]:
            return _text(404, "Berkas ini tidak ada")
        path = folder / f"{doc_id}.yaml"
        if not new:
            data = self._with_file(kind, doc_id, data)
        checked = check_data(self.office, kind, doc_id, data)
        if checked.errors:
            return _json(200, {"ok": False, "problems": _problems(checked)})
        before = template_text(self.office.root, kind) if new else path.read_text("utf-8")
        if not new and digest(path) != base:
            return _json(409, {"ok": False, "changed": True})
        text = roundtrip.update(before, data)
        checked = check_data(self.office, kind, doc_id, None, text=text)
        if checked.errors:  # what the file would say differs from the form: keep the file
            return _json(200, {"ok": False, "problems": _problems(checked)})
        try:
            if new:  # never over a file made meanwhile by someone else
                write_atomic(path, text, exclusive=True)
            else:
                write_atomic(path, text, mode=path.stat().st_mode & 0o777)
        except FileExistsError:
            message = f"berkas content/{kind}/{doc_id}.yaml sudah ada; pilih nama lain"
            return _json(200, {"ok": False, "problems": [_one("__berkas", message)]})
        except OSError as exc:
            message = f"berkas tidak bisa ditulis: {exc.strerror}; isian belum disimpan"
            return _json(200, {"ok": False, "problems": [_one("", message)]})
        return _json(200, {"ok": True, "base": digest(path), "id": doc_id})

    def form_context(self, kind: str, doc_id: str | None) -> dict[str, Any]:
        path = self.office.root / kind / f"{doc_id}.yaml"
        text = template_text(self.office.root, kind) if doc_id is None else path.read_text("utf-8")
        return {"form": FORMS[kind], "text": text, "base": None if doc_id is None else digest(path)}


def sunting_link(page: str) -> str:
    """The "Sunting" link a served SOP or report page gets (never written into output/)."""
    m = re.fullmatch(rf"/{DOCUMENT}\.html", page)
    if not m:
        return ""
    return (
        f'<a id="serve-sunting" href="{PREFIX}{m.group(1)}/{m.group(2)}" style="position:fixed;'
        "top:8px;right:8px;z-index:1000;background:#1f3b5a;color:#fff;padding:6px 14px;"
        'font:600 15px sans-serif;text-decoration:none">Sunting</a>'
    )


def template_text(root: Path, kind: str) -> str:
    """The office's own template (content/templat/<kind>.yaml) or the one shipped here."""
    own = root / "templat" / f"{kind}.yaml"
    return (own if own.is_file() else HERE / "templat" / f"{kind}.yaml").read_text("utf-8")


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _one(where: str, message: str) -> dict[str, str]:
    return {"where": where, "message": message, "kind": "error"}


def _problems(checked: Checked) -> list[dict[str, Any]]:
    return [
        {"where": p.where, "message": p.message, "kind": p.kind, "line": p.line}
        for p in checked.problems
    ]
