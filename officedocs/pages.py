"""Render pages: each published document's web page, from its view and, for an SOP, the
drawing its PDF printed. Many pages are spread over forked workers (`workers.map_forked`)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deps import Manifest, Record, digest
from .options import BuildResult
from .paths import PATHS
from .sign import signature_info
from .writer import Writer

if TYPE_CHECKING:
    from .decide import Target
    from .site import Website
    from .views import DocView

PARALLEL_PAGES = 64  # fewer pages render faster in this process than a pool starts


@dataclass(frozen=True)
class PageTask:
    """One web page to render: its view, the sheet's measured corrections, its links."""

    view: DocView
    fix: Any  # JSON form of sheet.SheetFix, from the PDF's record
    logo_src: str
    pdf_href: str | None
    extra: dict


def set_page_inputs(pages: list[Target], manifest: Manifest, writer: Writer, site: str) -> None:
    """Each page's inputs: its PDF's, and whether the PDF is there (and its SHA-256: a
    re-signed PDF means a new page), the sheet's measured corrections and the site's
    fingerprint `site` (navigation, names the page shows of other documents)."""
    for t in pages:
        record = manifest.records.get(t.pdf)
        options = {
            "pdf": writer.is_kept(t.pdf),
            "fix": record.fix if record else None,
            "pdf_sha256": record.outputs.get(t.pdf) if record else None,
            "site": site,
        }
        t.page_inputs = {**t.pdf_inputs, "options": digest(options)}


def site_logo_url(t: Target) -> str:
    return PATHS.url(t.html, PATHS.asset(Path(t.refs["kantor"]["logo"]).name))


def render_pages(
    pages: list[Target],
    stale: list[Target],
    manifest: Manifest,
    writer: Writer,
    result: BuildResult,
    website: Website,
    jobs: int | None = None,
) -> None:
    """Write the stale pages (laid out), keep the others."""
    rendering = {id(t) for t in stale}
    for t in pages:
        if id(t) not in rendering:
            writer.keep(t.html)
    todo = [t for t in pages if id(t) in rendering]
    tasks = [_task(t, manifest, writer, website) for t in todo]
    for t, html in zip(todo, _render_all(tasks, jobs), strict=True):
        assert t.page_inputs is not None
        manifest.records[t.html] = Record(t.page_inputs, {}, {t.html: writer.write(t.html, html)})
        result.pages += 1


def _task(t: Target, manifest: Manifest, writer: Writer, website: Website) -> PageTask:
    record = manifest.records.get(t.pdf)
    kept = writer.is_kept(t.pdf)
    assert t.view is not None
    return PageTask(
        t.view,
        record.fix if t.kind == "sop" and record else None,
        site_logo_url(t),
        PATHS.url(t.html, t.pdf) if kept else None,
        {
            "nav_pages": website.nav,
            "tte": signature_info(writer.root / t.pdf) if kept else None,
        },
    )


def _render_all(tasks: list[PageTask], jobs: int | None) -> list[str]:
    """Every page's HTML, in order."""
    from .render import environment

    count = min(jobs or os.cpu_count() or 1, 8)
    if len(tasks) < PARALLEL_PAGES or count == 1:
        env = environment()
        return [page_html(task, env) for task in tasks]
    from .workers import map_forked

    return map_forked(page_html, tasks, count, environment)


def page_html(task: PageTask, env: Any) -> str:
    from .render import document_html
    from .sheet import SheetFix, procedure_geometry

    geometry = None
    if task.fix:
        # The page shows the drawing the PDF printed: the plan as WeasyPrint corrected it.
        fix = SheetFix.from_json(task.fix)
        geometry = procedure_geometry(task.view.doc, task.view.paper, fix)
    return document_html(
        env,
        task.view,
        web=True,
        logo_src=task.logo_src,
        pdf_href=task.pdf_href,
        geometry=geometry,
        extra=task.extra,
    )
