"""Render an HTML document to PDF/A-3u with WeasyPrint: the one slow, side-effecting stage."""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from .fetcher import ProjectFetcher

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
_FONTS: FontConfiguration | None = None
_CSS: dict[Path, CSS] = {}


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: faster and flat in memory."""
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


def stylesheet(path: Path, fetcher: ProjectFetcher) -> CSS:
    # Passed as a CSS object: inlined in <style>, autoescaping would break its quotes.
    if path not in _CSS:
        _CSS[path] = CSS(filename=str(path), font_config=font_config(), url_fetcher=fetcher)
    return _CSS[path]


class RenderWarnings(logging.Handler):
    """WeasyPrint reports problems only as log records; collect them so they are not lost."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def capture_warnings() -> Iterator[RenderWarnings]:
    logger = logging.getLogger("weasyprint")
    handler = RenderWarnings()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def fetcher_for(content_root: Path) -> ProjectFetcher:
    return ProjectFetcher([content_root, LAYOUTS])


def document(html: str, base_url: Path, content_root: Path):  # noqa: ANN201 - weasyprint Document
    """Lay the HTML out (pages and boxes); tests read the geometry of this."""
    fetcher = fetcher_for(content_root)
    return HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render(
        stylesheets=[stylesheet(LAYOUTS / "style.css", fetcher)],
        font_config=font_config(),
    )


def render_pdf(
    html: str,
    base_url: Path,
    content_root: Path,
    attachments: list[tuple[str, bytes]],
    date: dt.datetime,
) -> tuple[bytes, list[str]]:
    """The PDF bytes (PDF/A-3u, fonts embedded, sources attached) and WeasyPrint's warnings."""
    with capture_warnings() as warnings:
        doc = document(html, base_url, content_root)
        # Dates from content, never the clock: unchanged input gives identical bytes.
        files = [
            Attachment(file_obj=io.BytesIO(data), name=name, created=date, modified=date)
            for name, data in attachments
        ]
        pdf = doc.write_pdf(
            pdf_variant="pdf/a-3u",
            attachments=files,
            pdf_identifier=b"officedocs",
        )
    return pdf, warnings.messages
