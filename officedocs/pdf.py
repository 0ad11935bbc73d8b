"""Render PDF: HTML -> PDF/A-3u with WeasyPrint, the one slow, side-effecting stage.

A sheet is checked against WeasyPrint's own layout before its PDF is written
(`sheetcheck`): where the plan was short, the sheet is laid out again from what WeasyPrint
measured. Runs in worker processes (`workers`); everything here is per process.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration

from . import sheetcheck
from .deps import file_digest
from .fetcher import ProjectFetcher
from .formatting import tanggal
from .measure import text_width_em
from .paths import LAYOUTS
from .pdfjob import PdfJob, PdfResult
from .sheet import ProcedureGeometry, SheetFix, procedure_geometry
from .views import DocView
from .weasy import capture_warnings, harfbuzz_subset_available

PASSES = 2  # renders of a sheet at most: the plan, then the plan corrected by measurement
_FONTS: FontConfiguration | None = None
_CSS: dict[Path, tuple[tuple[int, int], CSS]] = {}
_ENV = None


def font_config() -> FontConfiguration:
    """One FontConfiguration per process: faster and flat in memory."""
    global _FONTS
    if _FONTS is None:
        _FONTS = FontConfiguration()
    return _FONTS


def stylesheet(path: Path, fetcher: ProjectFetcher) -> CSS:
    """The parsed stylesheet, again only when the file changed (a worker can outlive an edit
    of layouts/: `serve` keeps its workers)."""
    # Passed as a CSS object: inlined in <style>, autoescaping would break its quotes.
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    if _CSS.get(path, (None,))[0] != key:
        _CSS[path] = (key, CSS(filename=str(path), font_config=font_config(), url_fetcher=fetcher))
    return _CSS[path][1]


def prepare() -> None:
    """What every first render would do, done as a worker starts (while the build loads
    content/): the fonts (WeasyPrint's, and the widths that size a sheet's rows), the
    stylesheet, the templates, the Indonesian month names, and one small page through
    WeasyPrint's layout and PDF writer. A third of the first render."""
    fetcher = ProjectFetcher([LAYOUTS])
    env = _environment()
    for name in ("sop.html", "laporan.html"):
        env.get_template(name)
    tanggal(dt.date(2000, 1, 1))
    for bold in (False, True):
        text_width_em("Halong", bold)
    page = '<html lang="id"><table><tr><td>Kecamatan <b>Halong</b> <i>SOP</i></td></tr></table>'
    document(page, LAYOUTS, LAYOUTS, fetcher).write_pdf(pdf_variant="pdf/a-3u")


def fetcher_for(content_root: Path) -> ProjectFetcher:
    return ProjectFetcher([content_root, LAYOUTS])


def document(  # noqa: ANN201 - weasyprint Document
    html: str, base_url: Path, content_root: Path, fetcher: ProjectFetcher | None = None
):
    """Lay the HTML out (pages and boxes)."""
    fetcher = fetcher or fetcher_for(content_root)
    return HTML(string=html, base_url=str(base_url), url_fetcher=fetcher).render(
        stylesheets=[stylesheet(LAYOUTS / "style.css", fetcher)],
        font_config=font_config(),
    )


class SheetMismatch(Exception):
    """The drawing would not sit on the rows WeasyPrint made, even after correcting the plan."""


def _environment():  # noqa: ANN202
    global _ENV
    if _ENV is None:
        from .render import environment

        _ENV = environment()
    return _ENV


@dataclass
class LaidOut:
    """A document as WeasyPrint laid it out, with the HTML and sheet geometry it came from."""

    document: object  # weasyprint.Document
    html: str
    geometry: ProcedureGeometry | None
    fix: SheetFix | None  # the corrections measured so far (sheets)
    passes: int


def lay_out_verified(
    view: DocView,
    logo_src: str,
    content_root: Path,
    fix: SheetFix | None = None,
    fetcher: ProjectFetcher | None = None,
    source: str = "",
) -> LaidOut:
    """Lay a document out with WeasyPrint; a sheet is checked against the plan its drawing
    used and, where they differ, planned again from WeasyPrint's measurements."""
    from .render import document_html

    fetcher = fetcher or fetcher_for(content_root)

    def render(geometry: ProcedureGeometry | None) -> tuple[str, object]:
        html = document_html(
            _environment(), view, web=False, logo_src=logo_src, pdf_href=None, geometry=geometry
        )
        return html, document(html, content_root, content_root, fetcher)

    if view.kind != "sop":
        html, doc = render(None)
        return LaidOut(doc, html, None, None, 1)
    problems: list[str] = []
    for attempt in range(1, PASSES + 1):
        geometry = procedure_geometry(view.doc, view.paper, fix)
        html, doc = render(geometry)
        boxes = sheetcheck.measure(doc)
        problems = sheetcheck.differences(geometry, boxes)
        if not problems:
            return LaidOut(doc, html, geometry, fix, attempt)
        fix = (fix or SheetFix()).merge(sheetcheck.fix_from(geometry, boxes))
    raise SheetMismatch(
        f"{source}: lembar prosedur tidak cocok dengan gambar alur setelah "
        f"{PASSES} kali tata letak: {problems[0]}"
    )


def render(job: PdfJob) -> PdfResult:
    """The PDF bytes (PDF/A-3u, fonts embedded, sources attached) and what it was made from."""
    started = time.perf_counter()
    harfbuzz = harfbuzz_subset_available()
    _test_hooks(job)
    root = Path(job.content_root)
    fetcher = fetcher_for(root)
    date = dt.datetime.fromisoformat(job.date).replace(tzinfo=dt.UTC)
    # fontTools (WeasyPrint's subsetter without HarfBuzz) stamps each font with the clock
    # unless SOURCE_DATE_EPOCH is set: the document's date keeps the bytes reproducible.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(date.timestamp()))
    with capture_warnings() as warnings:
        laid = lay_out_verified(job.view, job.logo_src, root, job.fix, fetcher, job.source)
        # Dates from content, never the clock: unchanged input gives identical bytes.
        files = [
            Attachment(file_obj=io.BytesIO(data), name=name, created=date, modified=date)
            for name, data in job.attachments
        ]
        pdf = laid.document.write_pdf(
            pdf_variant="pdf/a-3u",
            attachments=files,
            pdf_identifier=job.identifier.encode("ascii"),
        )
    fetched = {
        p.relative_to(root).as_posix(): file_digest(p)
        for p in sorted(fetcher.fetched)
        if p.is_relative_to(root)  # layouts/ and fonts are in the program's digest
    }
    bent = laid.geometry.layout.warnings if laid.geometry else ()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = time.perf_counter() - started
    return PdfResult(
        job.out,
        pdf,
        warnings.messages,
        fetched,
        laid.fix,
        laid.passes,
        bent,
        harfbuzz,
        peak,
        seconds,
    )


def _test_hooks(job: PdfJob) -> None:
    """`OFFICEDOCS_TEST_HANG=<out>`: a render that never ends, to test the time limit."""
    if os.environ.get("OFFICEDOCS_TEST_HANG") == job.out:
        import time

        while True:
            time.sleep(1)
