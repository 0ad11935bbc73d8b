"""One PDF to render and its result: what passes between the build and a worker.

Light on purpose: the build imports this, and only a worker imports WeasyPrint (`pdf`,
through `workers.render_pdf`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sheet import SheetFix
    from .views import DocView


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render: what the worker needs, and nothing it does not."""

    out: str  # path inside output/
    source: str  # the content file, for messages
    view: DocView
    logo_src: str
    content_root: str
    attachments: tuple[tuple[str, bytes], ...]
    date: str  # ISO date of the document, for the attachment dates
    identifier: str  # the document's permanent identifier, the first part of /ID
    fix: SheetFix | None = None  # what an earlier build measured (sheets)


@dataclass
class PdfResult:
    out: str
    pdf: bytes
    warnings: list[str]
    fetched: dict[str, str]  # content files WeasyPrint loaded (relative to content/) -> sha256
    fix: SheetFix | None = None  # the measured corrections the sheet needed
    passes: int = 1
    layout_warnings: tuple[str, ...] = ()  # drawing rules the flowchart had to bend
    harfbuzz: bool = True  # fonts were subset by HarfBuzz (else by fontTools, slower)
    peak_mib: float = 0.0  # the worker's peak memory so far (benchmarks)
    seconds: float = 0.0  # the render's own time in the worker (benchmarks)
