"""WeasyPrint itself: its quick import, its warnings, its font subsetter, and whether it can
draw an SVG. Light: WeasyPrint is imported only when a function here is called.

The image check (`checks.images`) asks `draw_failure` through the loader; it is handed the
function (`load.load_site(draw_svg=...)`), so a content check never imports the renderer.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .atomic import write_atomic
from .usercache import cache_path, private_folder, trusted


def load_weasyprint() -> None:
    """Import WeasyPrint, a third of a second faster than it imports itself.

    WeasyPrint tries several names for each C library; cffi answers every name that is not a
    file by asking `ctypes.util.find_library`, which runs `ldconfig` and a compiler each time.
    The names that are real files (`libpango-1.0.so.0`) load without it. Should no name load
    that way, WeasyPrint is imported again the usual way."""
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    finally:
        ctypes.util.find_library = find_library
    import weasyprint  # noqa: F401, F811 - the usual way, if the quick one failed


def harfbuzz_subset_available() -> bool:
    """In a worker: WeasyPrint's fast, deterministic font subsetter is there.
    `OFFICEDOCS_HB_SUBSET=0` simulates its absence (tests, diagnosis)."""
    if os.environ.get("OFFICEDOCS_HB_SUBSET") == "0":
        import weasyprint.pdf.fonts as fonts

        fonts.harfbuzz_subset = None
        return False
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


class RenderWarnings(logging.Handler):
    """WeasyPrint reports problems only as log records; collect them so they are not lost."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("Using fontTools instead of HarfBuzz"):  # said once per build
            self.messages.append(message)


@contextmanager
def capture_warnings() -> Iterator[RenderWarnings]:
    logger = logging.getLogger("weasyprint")
    handler = RenderWarnings()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def draw_failure(path: Path, raw: bytes, root: Path) -> str | None:
    """Why WeasyPrint cannot draw this SVG, or None when it can.

    Importing WeasyPrint costs most of a second, too much for every `check`; a verdict that
    the file draws is kept in the user's cache, keyed by the file's bytes and WeasyPrint's
    version, so only a new or changed SVG pays for it.
    """
    from importlib.metadata import version

    key = hashlib.sha256(raw + b"\0" + version("weasyprint").encode()).hexdigest()
    marker = cache_path("svg-drawn", key)
    if trusted(marker):  # a verdict no one else could have planted
        return None
    failure = _draw(path, root)
    if failure is None:
        try:
            write_atomic(private_folder("svg-drawn") / key, b"", mode=0o600)
        except OSError:
            pass  # a read-only home only costs time
    return failure


def _draw(path: Path, root: Path) -> str | None:
    load_weasyprint()
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetchingError

    from .fetcher import ProjectFetcher

    html = f'<img src="{path.resolve().as_uri()}" style="width:20mm">'
    fetcher = ProjectFetcher([root])
    # WeasyPrint logs what it cannot draw instead of failing; those records are the verdict.
    with capture_warnings() as warnings:
        try:
            HTML(string=html, url_fetcher=fetcher).write_pdf()
        except (FatalURLFetchingError, URLFetchingError, OSError, ValueError) as exc:
            return str(exc) or type(exc).__name__
    return "; ".join(m.strip().rstrip(":") for m in warnings.messages) or None
