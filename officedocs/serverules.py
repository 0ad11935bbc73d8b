"""What the preview server answers, as pure functions: which Host it serves, which file a URL
names, and which kinds of file it hands out.

The server listens on 127.0.0.1 only, but a web page elsewhere can point a name of its own at
127.0.0.1 (DNS rebinding) and read whatever answers; so only a request addressed to this
server by its own name is answered. A URL never reaches a file outside output/ (no `..`, no
symlink leading out), a hidden file, or a kind of file the build does not write.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

# The kinds of file a build writes into output/ (pages, PDFs, the site's own files, the
# content's images and downloads), with the type they are served as.
KINDS = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ttf": "font/ttf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".csv": "text/csv; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".zip": "application/zip",
}
IDLE_SECONDS = 5  # a connection that sends nothing for this long is closed


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this server: 127.0.0.1:PORT or localhost:PORT."""
    return host is not None and host.strip().lower() in (f"127.0.0.1:{port}", f"localhost:{port}")


def served_file(root: Path, url_path: str) -> Path | None:
    """The file of output/ (`root`) that `url_path` names, or None: outside output/ (after
    symlinks), hidden (a name starting with a dot), or not a kind the build writes.
    A folder names its index.html."""
    path = unquote(urlsplit(url_path).path)
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") or "\\" in p or "\0" in p for p in parts):
        return None
    base = root.resolve()
    target = base.joinpath(*parts)
    if target.is_dir():
        target = target / "index.html"
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        return None
    if not real.is_relative_to(base) or not real.is_file():
        return None
    if real.suffix.lower() not in KINDS or target.suffix.lower() not in KINDS:
        return None
    return real


def kind_of(path: Path) -> str:
    return KINDS[path.suffix.lower()]
