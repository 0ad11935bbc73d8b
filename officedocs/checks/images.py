"""Image files referenced by content (the logo, images in Markdown): size, type, drawable.

Each file is checked once per load, where it is, and its problems name the file itself
(`content/aset/logo.svg:3:1: ...`), so staff fix the image rather than the YAML.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from ..documents import rel
from ..paths import user_cache
from ..problems import Problems
from .svg import check_svg

IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG"}
IMAGE_WARN_BYTES = 500_000  # larger is slow on the web and heavy in every PDF
IMAGE_MAX_BYTES = 5_000_000  # no office image needs more; refuse before reading it
FILE_MAX_BYTES = 10_000_000  # other files offered for download


class ImageChecks:
    """Checks each file once per load and remembers the verdict (True: usable)."""

    def __init__(self, root: Path, problems: Problems):
        self.root = root
        self.problems = problems
        self.seen: dict[Path, bool] = {}

    def image(self, path: Path) -> bool:
        if path not in self.seen:
            self.seen[path] = self._image(path)
        return self.seen[path]

    def download(self, path: Path) -> bool:
        size = path.stat().st_size
        if size > FILE_MAX_BYTES:
            self._error(path, f"berkas terlalu besar ({size} byte, batas {FILE_MAX_BYTES})")
            return False
        return True

    def _error(self, path: Path, message: str, line: int = 1, col: int = 1) -> None:
        self.problems.add(rel(path), line, col, "", message)

    def _image(self, path: Path) -> bool:
        kind = IMAGE_TYPES.get(path.suffix.lower())
        if kind is None:
            known = ", ".join(sorted({k.lstrip(".") for k in IMAGE_TYPES}))
            self._error(path, f"bukan jenis gambar yang bisa ditampilkan (yang bisa: {known})")
            return False
        size = path.stat().st_size
        if size > IMAGE_MAX_BYTES:
            self._error(path, f"gambar terlalu besar ({size} byte, batas {IMAGE_MAX_BYTES})")
            return False
        if size > IMAGE_WARN_BYTES:
            self.problems.warn(
                rel(path),
                1,
                1,
                "",
                f"gambar besar ({size} byte): halaman web dan PDF jadi berat; "
                f"perkecil sampai di bawah {IMAGE_WARN_BYTES} byte",
            )
        raw = path.read_bytes()
        if kind != "SVG":
            return self._raster(path, raw, kind)
        found = check_svg(raw)
        for p in found:
            self._error(path, p.message, p.line, p.col)
        if found:
            return False
        failure = draw_failure(path, raw, self.root)
        if failure:
            self._error(path, f"WeasyPrint tidak bisa menggambar SVG ini ({failure})")
            return False
        return True

    def _raster(self, path: Path, raw: bytes, kind: str) -> bool:
        from PIL import Image  # only when a raster image is used

        try:
            with Image.open(io.BytesIO(raw)) as im:
                found = im.format
                im.verify()
        except Exception:  # noqa: BLE001 - Pillow raises many types for a damaged file
            found = None
        if found != kind:
            self._error(path, f"bukan gambar {kind} yang utuh (buka dan simpan ulang gambarnya)")
            return False
        return True


def draw_failure(path: Path, raw: bytes, root: Path) -> str | None:
    """Why WeasyPrint cannot draw this SVG, or None when it can.

    Importing WeasyPrint costs most of a second, too much for every `check`; a verdict that
    the file draws is kept in the user's cache, keyed by the file's bytes and WeasyPrint's
    version, so only a new or changed SVG pays for it.
    """
    from importlib.metadata import version

    key = hashlib.sha256(raw + b"\0" + version("weasyprint").encode()).hexdigest()
    marker = user_cache("svg-drawn") / key
    if marker.exists():
        return None
    failure = _draw(path, root)
    if failure is None:
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
        except OSError:
            pass  # a read-only home only costs time
    return failure


def _draw(path: Path, root: Path) -> str | None:
    from ..workers import load_weasyprint

    load_weasyprint()
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetchingError

    from ..fetcher import ProjectFetcher
    from ..pdf import capture_warnings

    html = f'<img src="{path.resolve().as_uri()}" style="width:20mm">'
    fetcher = ProjectFetcher([root])
    # WeasyPrint logs what it cannot draw instead of failing; those records are the verdict.
    with capture_warnings() as warnings:
        try:
            HTML(string=html, url_fetcher=fetcher).write_pdf()
        except (FatalURLFetchingError, URLFetchingError, OSError, ValueError) as exc:
            return str(exc) or type(exc).__name__
    return "; ".join(m.strip().rstrip(":") for m in warnings.messages) or None
