"""The build: load and check -> decide -> lay out -> render PDFs -> sign -> render pages -> write.

`build()` reads as that list; each stage is a call into the module that owns it:

    load and check  content.load_site     (ContentError before anything is written)
    decide          decide                (which PDFs and pages must be made again)
    lay out         views.lay_out         (only what is made)
    render PDFs     pdfs.render_pdfs      (in workers.Workers, forked at the start)
    sign            pdfs.Signing          (here, in the main process)
    render pages    pages.render_pages    (many: workers.map_forked)
    write           site.write_site, record.finish (the manifest, stale files removed)

Deciding comes before any work: a document whose recorded inputs are unchanged is neither
laid out nor rendered (`deps`); a build in which nothing changed at all stops before loading
content/, and says again what the last one said (`record.unchanged`).
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import record
from .buildstate import BuildLock, state_folder
from .deps import ContentFiles, Manifest
from .options import RENDER_TIMEOUT, BuildResult, Options
from .problems import refuse_warnings
from .writer import Writer

if TYPE_CHECKING:  # loaded only when the build has work to do (pydantic, Jinja: 0.5 s)
    from .workers import Workers

__all__ = ["RENDER_TIMEOUT", "BuildResult", "Options", "build"]


def build(
    content: Path, output: Path, options: Options | None = None, **changes: Any
) -> BuildResult:
    """Validate everything, then write the website and every PDF into `output`.
    `changes`: fields of `Options` set on `options` (or on the defaults)."""
    opts = replace(options or Options(), **changes)
    started = time.perf_counter()
    state = state_folder(content, output)  # beside content/: never in output/, which is public
    with BuildLock(state, output, opts.wait):  # one build of an output folder at a time
        result = _build(content, output, state, opts)
    result.seconds = time.perf_counter() - started
    return result


def _build(content: Path, output: Path, state: Path, opts: Options) -> BuildResult:
    manifest = Manifest(output, state)
    files = ContentFiles.read(content)
    whole = record.build_inputs(files, opts)
    result = record.unchanged(manifest, whole, opts)
    if result is None:
        pool = _start_workers(opts)  # before content/ loads: small workers, WeasyPrint warm
        try:
            result = _stages(files, output, manifest, whole, opts, pool)
        finally:
            if pool is not None and pool is not opts.workers:
                pool.close()
    return result


def _start_workers(opts: Options) -> Workers | None:
    """The PDF workers (the caller's, or forked now, while this process is small); they load
    WeasyPrint while content loads."""
    if not opts.pdf:
        return None
    if opts.workers is not None:
        return opts.workers  # serve's, warm from its first build
    from .workers import Workers

    return Workers(opts.jobs or os.cpu_count() or 1)


def _stages(
    files: ContentFiles,
    output: Path,
    manifest: Manifest,
    whole: dict,
    opts: Options,
    pool: Workers | None,
) -> BuildResult:
    from . import decide, pages, pdfs
    from .content import load_site
    from .periksa import table_for
    from .site import Website, write_site
    from .views import lay_out
    from .weasy import draw_failure

    site = load_site(files.root, files, draw_failure)  # load and check: ContentError
    refuse_warnings(site.warnings, opts.strict)  # --strict: before anything is written
    result = BuildResult(warnings=list(site.warnings))
    writer = Writer(output)
    record.begin(manifest)
    targets = decide.decide(site, files, whole["program"], opts.drafts, opts.key)
    result.documents = len(targets)
    # A draft leaves no byte in output/ (no PDF, no page, no name) unless --drafts.
    shown = [t for t in targets if t.published]
    published = {t.doc.id for t in shown if t.kind == "sop"}
    if opts.pdf:
        assert pool is not None
        signing = opts.key is not None
        result.warnings += decide.keep_signed(shown, manifest, files, signing)
        stale = decide.stale_pdfs(shown, manifest, files, opts.explain)
        making = {id(t) for t in stale}
        result.skipped = _keep(writer, [t.pdf for t in shown if id(t) not in making])
        lay_out(site, stale, published)
        result.count_signatures(*record.finals(targets), signing)
        sign = pdfs.Signing(site, stale, opts.key, result.warnings)
        pdfs.render_pdfs(site, stale, manifest, writer, result, opts, pool, sign)
    else:  # a quick preview keeps the PDFs an earlier build made, and links them
        _keep(writer, [t.pdf for t in shown if (output / t.pdf).exists()])
    website = Website.of(site, shown, {t.pdf for t in shown if writer.is_kept(t.pdf)})
    pages.set_page_inputs(shown, manifest, writer, website.fingerprint())
    stale = decide.stale_pages(shown, manifest, opts.explain)
    lay_out(site, stale, published)
    pages.render_pages(shown, stale, manifest, writer, result, website, opts.jobs)
    from .workbook_step import write_workbooks

    write_workbooks(site, [t for t in shown if t.kind == "laporan"], manifest, writer, opts.explain)
    website.periksa = table_for(website, manifest, output)
    write_site(site, website, writer, manifest, whole, opts.explain)
    said = record.said(targets, len(shown) if opts.pdf else 0, site.warnings)
    record.finish(manifest, writer, whole, result, said)
    return result


def _keep(writer: Writer, outs: list[str]) -> int:
    """Keep outputs this build does not make; how many."""
    for out in outs:
        writer.keep(out)
    return len(outs)
