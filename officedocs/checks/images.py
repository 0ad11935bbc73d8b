"""Image files referenced by content (the logo, images in Markdown): size, type, drawable.

Each file is checked once per load, where it is, and its problems name the file itself
(`content/aset/logo.svg:3:1: ...`), so staff fix the image rather than the YAML.

Whether WeasyPrint can draw an SVG is asked of the function the build hands in
(`weasy.draw_failure`): a content check does not import the renderer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ..documents import rel
from ..problems import Problems
from .svg import check_svg

IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".svg": "SVG"}
IMAGE_WARN_BYTES = 500_000  # larger is slow on the web and heavy in every PDF
IMAGE_MAX_BYTES = 5_000_000  # no office image needs more; refuse before reading it
FILE_MAX_BYTES = 10_000_000  # other files offered for download

DrawSvg = Callable[[Path, bytes, Path], "str | None"]  # (file, its bytes, content/) -> why not


class ImageChecks:
    """Checks each file once per load and remembers the verdict (True: usable)."""

    def __init__(self, root: Path, problems: Problems, draw_svg: DrawSvg | None = None):
        self.root = root
        self.problems = problems
        self.draw_svg = draw_svg  # None: not asked (a library call that renders nothing)
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
        failure = self.draw_svg(path, raw, self.root) if self.draw_svg else None
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
