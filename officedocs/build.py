"""The build: load -> check -> decide -> lay out -> render PDF -> sign -> render HTML -> write.

`build()` reads as that list. Deciding comes before any work: a document whose recorded
inputs are unchanged is neither laid out nor rendered (`deps`).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .content import Site, load_site
from .deps import Manifest, Record, digest, file_digest, program_digest, reasons, rel, sha256
from .paths import FONTS, KINDS, LAYOUTS, PATHS, SITE_FOLDERS
from .problems import layout_warning, weasyprint_warning
from .sign import Signer, SigningError, sign_pdf, signature_info, stamp_for
from .site import Website, page_assets, remove_stale_pages
from .views import VIEWS, DocView
from .writer import Writer

RENDER_TIMEOUT = 120.0  # seconds for one document; a stuck render fails, it does not hang


@dataclass
class BuildResult:
    documents: int = 0
    rendered: int = 0  # PDFs rendered by this build
    skipped: int = 0  # PDFs left as they were: nothing they depend on changed
    failed: list[str] = field(default_factory=list)  # one line per document that failed
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about this machine, not the content
    second_pass: int = 0  # sheets WeasyPrint laid out differently from the plan at first
    pages: int = 0  # web pages rendered
    signed: int | None = None  # final PDFs carrying the signature; None: no key configured
    seconds: float = 0.0

    def summary(self) -> str:
        failed = f"{len(self.failed)} gagal, " if self.failed else ""
        return (
            f"{self.documents} dokumen, {self.rendered} PDF dibuat, "
            f"{self.skipped} PDF dilewati (tidak berubah), {failed}"
            + (f"{self.signed} PDF bertanda tangan elektronik, " if self.signed is not None else "")
            + f"{len(self.warnings)} peringatan, {self.seconds:.1f} detik"
        )


@dataclass
class Target:
    """One document and what this build must do with it."""

    kind: str
    doc: Any  # SopDoc | LaporanDoc
    published: bool  # on the website (a draft only with --drafts)
    refs: dict  # what it uses from the registries, resolved (also attached to its PDF)
    inputs: dict[str, str]
    view: DocView | None = None

    @property
    def pdf(self) -> str:
        return PATHS.pdf(self.kind, self.doc.id)

    @property
    def html(self) -> str:
        return PATHS.html(self.kind, self.doc.id)


Say = Callable[[str], None]


def build(
    content: Path,
    output: Path,
    *,
    pdf: bool = True,
    drafts: bool = False,
    jobs: int | None = None,
    timeout: float = RENDER_TIMEOUT,
    progress: Callable[[int, int, str], None] | None = None,
    explain: Say | None = None,
    signer: Signer | None = None,
) -> BuildResult:
    """Validate everything, then write the website and every PDF into `output`."""
    started = time.perf_counter()
    site = load_site(content)  # load and check: ContentError before anything is written
    result = BuildResult(warnings=[str(w) for w in site.warnings])
    manifest = Manifest(output)
    writer = Writer(output)
    targets = decide(site, drafts, signer)
    result.documents = len(targets)
    pages = [t for t in targets if t.published]
    website = Website(
        site,
        [t.doc for t in pages if t.kind == "sop"],
        [t.doc for t in pages if t.kind == "laporan"],
    )
    published = {t.doc.id for t in targets if t.kind == "sop" and t.published}
    if pdf:
        stale = [t for t in targets if _why(t, manifest, output, explain, t.pdf, site.root)]
        rendering = {id(t) for t in stale}
        for t in targets:
            if id(t) not in rendering:
                writer.keep(t.pdf)
                result.skipped += 1
        lay_out(site, stale, published)
        _count_signatures(targets, signer, result)
        render_pdfs(site, stale, manifest, writer, result, jobs, timeout, progress, signer)
    else:
        for t in targets:
            if (output / t.pdf).exists():
                writer.keep(t.pdf)  # a quick preview keeps the PDFs and links them
    website.pdfs = {t.pdf for t in pages if writer.is_kept(t.pdf)}
    site_print = website.fingerprint()
    for t in pages:
        options = {**_page_options(t, manifest, writer), "site": site_print}
        t.inputs = {**t.inputs, "options": digest(options)}
    stale_pages = [t for t in pages if _why(t, manifest, output, explain, t.html, None)]
    lay_out(site, stale_pages, published)
    render_pages(site, pages, stale_pages, manifest, writer, result, website, jobs)
    write_site(site, website, writer, manifest, explain)
    writer.write_manifest(manifest)
    writer.remove_stale([*KINDS, *SITE_FOLDERS, PATHS.assets])
    remove_stale_pages(output, writer.kept)
    result.seconds = time.perf_counter() - started
    return result


# -- decide -----------------------------------------------------------------------------------


def references(site: Site, doc: Any) -> dict:
    """What a document uses beyond its own file, resolved: the office, who signs, the
    regulations it cites, the SOPs it links to. A registry edit touches only its users."""
    masa = doc.signer.masa.model_dump(mode="json")
    refs: dict[str, Any] = {
        "kantor": site.kantor.model_dump(mode="json"),
        "penandatangan": {"jabatan": doc.signer.jabatan, **masa},
    }
    if hasattr(doc, "regulations"):
        cited = {rid: reg.model_dump(mode="json") for rid, reg in doc.regulations}
        for rid, reg in doc.regulations:
            if reg.dicabut_oleh in site.regulasi:
                cited[rid]["dicabut_oleh_kutipan"] = site.regulasi[reg.dicabut_oleh].kutipan
        refs["dasar_hukum"] = cited
        refs["keterkaitan"] = {
            sop_id: site.sops[sop_id].sop.nama for _, sop_id in doc.links if sop_id in site.sops
        }
    return refs


def decide(site: Site, drafts: bool, signer: Signer | None = None) -> list[Target]:
    """Every document, with the digests of its inputs; cheap: no layout, no template."""
    program = program_digest()
    targets = []
    for kind, docs in (("sop", site.sops), ("laporan", site.laporan)):
        for doc in docs.values():
            refs = references(site, doc)
            inputs = {
                "source": file_digest(doc.path) or "",
                "refs": digest(refs),
                "program": program,
                "options": "",
                # A final document is signed: the certificate and TSA are among its inputs.
                "signing": signer.record if signer and doc.status != "draf" else "",
            }
            published = drafts or doc.status != "draf"
            targets.append(Target(kind, doc, published, refs, inputs))
    return targets


def _why(
    t: Target, manifest: Manifest, output: Path, explain: Say | None, out: str, content: Path | None
) -> list[str]:
    """Why `out` is built again; `content`: check the files its render loaded (PDFs)."""
    why = reasons(manifest.records.get(out), t.inputs, [out], output, content)
    if why and explain:
        explain(f"{out}: dibuat ulang: {'; '.join(why)}")
    return why


def _page_options(t: Target, manifest: Manifest, writer: Writer) -> dict:
    record = manifest.records.get(t.pdf)
    return {
        "pdf": writer.is_kept(t.pdf),
        "fix": record.fix if record else None,
        # A signed page lists its PDF's SHA-256: a re-signed PDF means a new page.
        "pdf_sha256": record.outputs.get(t.pdf) if record else None,
    }


# -- lay out ----------------------------------------------------------------------------------


def lay_out(site: Site, targets: list[Target], published: set[str]) -> None:
    for t in targets:
        if t.view is None:
            t.view = VIEWS[t.kind](site, t.doc, published)


# -- render PDF (and sign) --------------------------------------------------------------------


def _identifier(site: Site, t: Target) -> str:
    """The document's permanent identifier (first part of /ID): the same for every version."""
    return hashlib.md5(f"{site.kantor.nama}/{t.kind}/{t.doc.id}".encode()).hexdigest()


def _attachments(t: Target) -> tuple[tuple[str, bytes], ...]:
    refs = yaml.safe_dump(t.refs, allow_unicode=True, sort_keys=True).encode("utf-8")
    return ((t.doc.path.name, t.doc.path.read_bytes()), ("rujukan.yaml", refs))


def render_pdfs(
    site: Site,
    targets: list[Target],
    manifest: Manifest,
    writer: Writer,
    result: BuildResult,
    jobs: int | None,
    timeout: float,
    progress: Callable[[int, int, str], None] | None,
    signer: Signer | None = None,
) -> None:
    """Render in workers; sign here (workers never hold the key); write each PDF when done."""
    if not targets:
        return
    from . import workers
    from .pdf import render_job  # WeasyPrint loads only when there is something to render

    if not workers.harfbuzz_subset_available():
        result.notes.append(
            "catatan: HarfBuzz-subset tidak ada; huruf di-subset dengan fontTools (lebih "
            "lambat). Pasang paket Debian libharfbuzz-subset0."
        )
    by_out = {t.pdf: t for t in targets}
    stamps = {
        t.pdf: stamp_for(site, t.kind, t.doc, signer, result.warnings)
        for t in targets
        if signer and t.inputs["signing"]
    }
    pdf_jobs = [_pdf_job(site, t, manifest) for t in targets]
    count = jobs or os.cpu_count() or 1
    runs = workers.run(render_job, pdf_jobs, count, timeout, lambda j: j.out)
    for done, item in enumerate(runs, 1):
        item = _sign(item, stamps, signer)  # here: the workers never hold the key
        _land(site, by_out[item.out], item, manifest, writer, result)
        if progress:
            progress(done, len(pdf_jobs), item.out)


def _pdf_job(site: Site, t: Target, manifest: Manifest):  # noqa: ANN202 - pdf.PdfJob
    from .pdf import PdfJob
    from .sheet import SheetFix

    record = manifest.records.get(t.pdf)
    return PdfJob(
        out=t.pdf,
        source=rel(t.doc.path),
        view=t.view,
        logo_src=site.kantor.logo,
        content_root=str(site.root.resolve()),
        attachments=_attachments(t),
        date=t.doc.date.isoformat(),
        identifier=_identifier(site, t),
        fix=SheetFix.from_json(record.fix) if record and record.fix else None,
    )


def _land(
    site: Site, t: Target, item: Any, manifest: Manifest, writer: Writer, result: BuildResult
) -> None:
    """Write a rendered PDF and record what it was made from; or report its failure."""
    from .pdf import PdfResult

    if not isinstance(item, PdfResult):  # workers.Failure
        manifest.records.pop(item.out, None)  # tried again next build
        if (writer.root / item.out).exists():
            writer.keep(item.out)
        result.failed.append(f"{rel(t.doc.path)}: {item.out} gagal dibuat: {item.message}")
        return
    writer.write(item.out, item.pdf)
    fix = item.fix.to_json() if item.fix else None
    manifest.records[item.out] = Record(t.inputs, item.fetched, {item.out: sha256(item.pdf)}, fix)
    result.rendered += 1
    result.second_pass += item.passes > 1
    result.warnings.extend(str(weasyprint_warning(w, t.doc.path, site.root)) for w in item.warnings)
    result.warnings.extend(
        str(layout_warning(t.doc.path, 1, 1, "kegiatan", f"bagan alir: {w}"))
        for w in item.layout_warnings
    )


def _sign(item: Any, stamps: dict, signer: Signer | None) -> Any:
    """A rendered final PDF signed; a signature that fails fails its document."""
    from . import workers

    if signer is None or item.out not in stamps or isinstance(item, workers.Failure):
        return item
    try:
        item.pdf = sign_pdf(item.pdf, signer, stamps[item.out])
    except SigningError as exc:
        return workers.Failure(item.out, str(exc))
    return item


def _count_signatures(targets: list[Target], signer: Signer | None, result: BuildResult) -> None:
    """Final PDFs signed in this build's output; without a key, say once they are unsigned."""
    finals = sum(t.doc.status != "draf" for t in targets)
    if signer:
        result.signed = finals
    elif finals:
        result.notes.append(
            f"catatan: {finals} dokumen final dibuat tanpa tanda tangan elektronik "
            "(TTE_P12 dan TTE_PASSPHRASE tidak diatur)"
        )


# -- render HTML ------------------------------------------------------------------------------


def site_logo_url(t: Target) -> str:
    return PATHS.url(t.html, PATHS.asset(Path(t.refs["kantor"]["logo"]).name))


def render_pages(
    site: Site,
    pages: list[Target],
    stale: list[Target],
    manifest: Manifest,
    writer: Writer,
    result: BuildResult,
    website: Website,
    jobs: int | None = None,
) -> None:
    rendering = {id(t) for t in stale}
    tasks = []
    for t in pages:
        if id(t) not in rendering:
            writer.keep(t.html)
            continue
        record = manifest.records.get(t.pdf)
        kept = writer.is_kept(t.pdf)
        tasks.append(
            PageTask(
                t.view,
                record.fix if t.kind == "sop" and record else None,
                site_logo_url(t),
                PATHS.url(t.html, t.pdf) if kept else None,
                {
                    "nav_pages": website.nav,
                    "tte": signature_info(writer.root / t.pdf) if kept else None,
                },
            )
        )
    todo = [t for t in pages if id(t) in rendering]
    for t, html in zip(todo, _render_all(tasks, jobs), strict=True):
        writer.write(t.html, html)
        manifest.records[t.html] = Record(t.inputs, {}, {t.html: sha256(html.encode())})
        result.pages += 1


@dataclass(frozen=True)
class PageTask:
    """One web page to render: its view, the sheet's measured corrections, its links."""

    view: DocView
    fix: Any  # JSON form of sheet.SheetFix, from the PDF's record
    logo_src: str
    pdf_href: str | None
    extra: dict


_TASKS: list[PageTask] = []  # the pages of the running build, inherited by forked workers
_WORKER_ENV: Any = None  # a page worker's Jinja environment (set in the worker only)
PARALLEL_PAGES = 64  # fewer pages render faster in this process than a pool starts


def _render_all(tasks: list[PageTask], jobs: int | None) -> list[str]:
    """Every page's HTML, in order; many pages are spread over forked workers, which find the
    tasks in their copy of this process (nothing to pickle but the page they return)."""
    from .render import environment

    global _TASKS
    count = min(jobs or os.cpu_count() or 1, 8)
    if len(tasks) < PARALLEL_PAGES or count == 1:
        env = environment()
        return [_page_html(task, env) for task in tasks]
    import multiprocessing

    _TASKS = tasks
    try:
        with multiprocessing.get_context("fork").Pool(count, _init_page_worker) as pool:
            return pool.map(_page_at, range(len(tasks)), chunksize=16)
    finally:
        _TASKS = []


def _init_page_worker() -> None:
    from .render import environment

    global _WORKER_ENV
    _WORKER_ENV = environment()


def _page_at(i: int) -> str:
    return _page_html(_TASKS[i], _WORKER_ENV)


def _page_html(task: PageTask, env: Any) -> str:
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


# -- write ------------------------------------------------------------------------------------


SITE_PAGES = "<situs>"  # the manifest's record of the site's own pages


def write_site(
    site: Site, website: Website, writer: Writer, manifest: Manifest, explain: Say | None
) -> None:
    """The site's own pages (index, regulations, content pages, sitemap), the stylesheets,
    script and fonts, and the content's files the pages show."""
    _write_site_pages(site, website, writer, manifest, explain)
    for name in ("style.css", "site.css", "site.js"):
        writer.write(PATHS.static_file(name), (LAYOUTS / name).read_bytes())
    for font in sorted(FONTS.iterdir()):
        writer.write(PATHS.static_file(f"fonts/{font.name}"), font.read_bytes())
    logo = site.root / site.kantor.logo
    writer.write(PATHS.asset(logo.name), logo.read_bytes())
    _copy_content_files(site, [*website.sops, *website.reports], writer, skip=logo.resolve())


def _write_site_pages(
    site: Site, website: Website, writer: Writer, manifest: Manifest, explain: Say | None
) -> None:
    """The index and the other site pages show a little of every document: they are built
    again when any content file, the program or the set of PDFs changed."""
    from .render import environment

    files = sorted(p for p in site.root.rglob("*") if p.is_file())
    inputs = {
        "source": digest([(p.relative_to(site.root).as_posix(), file_digest(p)) for p in files]),
        "program": program_digest(),
        "options": digest(
            [website.fingerprint(), sorted(website.pdfs), [d.id for d in website.reports]]
        ),
    }
    old = manifest.records.get(SITE_PAGES)
    if old and not reasons(old, inputs, sorted(old.outputs), writer.root):
        for path in old.outputs:
            writer.keep(path)
        return
    if explain:
        explain("halaman situs (index, dasar hukum, halaman): dibuat ulang")
    outputs = {}
    for path, text in website.pages(environment()).items():
        writer.write(path, text)
        outputs[path] = sha256(text.encode())
    manifest.records[SITE_PAGES] = Record(inputs, {}, outputs)


def _copy_content_files(site: Site, docs: list, writer: Writer, skip: Path) -> None:
    """Images and files the published documents and the content pages reference, at the path
    their relative URL names."""
    files = dict(site.web_assets(docs))
    for path in page_assets(site):
        files.setdefault(path, site.root / path)
    for rel_path, source in sorted(files.items()):
        if source.resolve() != skip:
            writer.write(rel_path, source.read_bytes())
