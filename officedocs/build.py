"""The build: load -> check -> decide -> lay out -> render PDF -> sign -> render HTML -> write.

`build()` reads as that list. Deciding comes before any work: a document whose recorded
inputs are unchanged is neither laid out nor rendered (`deps`); a build in which nothing
changed at all stops before loading content/, and says again what the last one said.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .deps import ContentFiles, Manifest, Record, digest, program_digest, rel
from .paths import FONTS, KINDS, LAYOUTS, PATHS, SITE_FOLDERS
from .problems import layout_warning, weasyprint_warning
from .sign import Signer, SigningError, sign_pdf, signature_info, stamp_for
from .writer import Writer, file_mode

if TYPE_CHECKING:  # loaded only when the build has work to do (pydantic, Jinja: 0.5 s)
    from .content import Site
    from .site import Website
    from .views import DocView

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
    worker_peak_mib: float = 0.0  # the largest PDF worker's peak memory
    render_seconds: float = 0.0  # the workers' time in renders, summed
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


@dataclass(frozen=True)
class Options:
    """How a build runs (what it makes: pdf, drafts, signer; and how: jobs, time limit)."""

    pdf: bool = True
    drafts: bool = False
    jobs: int | None = None
    timeout: float = RENDER_TIMEOUT
    progress: Callable[[int, int, str], None] | None = None
    explain: Say | None = None
    signer: Signer | None = None


def build(content: Path, output: Path, **options: Any) -> BuildResult:
    """Validate everything, then write the website and every PDF into `output`.
    `options`: the fields of `Options`."""
    opts = Options(**options)
    started = time.perf_counter()
    manifest = Manifest(output)
    files = ContentFiles.read(content)
    whole = _build_inputs(files, opts.pdf, opts.drafts, opts.signer)
    result = _unchanged(manifest, whole, opts.pdf, opts.signer)
    if result is None:
        from .workers import Workers

        # Forked now, while this process is small; they load WeasyPrint while content loads.
        pool = Workers(opts.jobs or os.cpu_count() or 1) if opts.pdf else None
        try:
            result = _stages(files, output, manifest, whole, opts, pool)
        finally:
            if pool is not None:
                pool.close()
    result.seconds = time.perf_counter() - started
    return result


def _stages(
    files: ContentFiles,
    output: Path,
    manifest: Manifest,
    whole: dict,
    opts: Options,
    pool: Any,  # workers.Workers | None
) -> BuildResult:
    from .content import load_site
    from .site import Website, remove_stale_pages

    site = load_site(files.root, files)  # load and check: ContentError before anything is written
    result = BuildResult(warnings=[str(w) for w in site.warnings])
    writer = Writer(output)
    targets = decide(site, files, whole["program"], opts.drafts, opts.signer)
    result.documents = len(targets)
    pages = [t for t in targets if t.published]
    website = Website(
        site,
        [t.doc for t in pages if t.kind == "sop"],
        [t.doc for t in pages if t.kind == "laporan"],
    )
    published = {t.doc.id for t in targets if t.kind == "sop" and t.published}
    if opts.pdf:
        stale = [t for t in targets if _why(t, manifest, opts.explain, t.pdf, files)]
        rendering = {id(t) for t in stale}
        for t in targets:
            if id(t) not in rendering:
                writer.keep(t.pdf)
                result.skipped += 1
        lay_out(site, stale, published)
        _count_signatures(_finals(targets), opts.signer, result)
        render_pdfs(site, stale, manifest, writer, result, opts, pool)
    else:
        for t in targets:
            if (output / t.pdf).exists():
                writer.keep(t.pdf)  # a quick preview keeps the PDFs and links them
    website.pdfs = {t.pdf for t in pages if writer.is_kept(t.pdf)}
    site_print = website.fingerprint()
    for t in pages:
        page_options = {**_page_options(t, manifest, writer), "site": site_print}
        t.inputs = {**t.inputs, "options": digest(page_options)}
    stale_pages = [t for t in pages if _why(t, manifest, opts.explain, t.html, None)]
    lay_out(site, stale_pages, published)
    render_pages(site, pages, stale_pages, manifest, writer, result, website, opts.jobs)
    write_site(site, website, writer, manifest, whole, opts.explain)
    said = {
        "documents": len(targets),
        "pdfs": len(targets) if opts.pdf else 0,
        "finals": _finals(targets),
        "warnings": [str(w) for w in site.warnings],  # the content's; a render's are said once
    }
    _record_build(manifest, writer, whole, result, said)
    writer.write_manifest(manifest)
    writer.remove_stale(STALE_FOLDERS)
    remove_stale_pages(output, writer.kept)
    return result


# -- the whole build, when nothing changed ----------------------------------------------------


BUILD = "<build>"  # the manifest's record of the last whole build that succeeded
STALE_FOLDERS = [*KINDS, *SITE_FOLDERS, PATHS.assets]  # output/ folders only the build fills


def _build_inputs(files: ContentFiles, pdf: bool, drafts: bool, signer: Signer | None) -> dict:
    """Everything a build's outputs and messages depend on. Messages name files relative to
    the working directory, so it is an input too."""
    options = {
        "pdf": pdf,
        "drafts": drafts,
        "signing": signer.record if signer else "",
        "cwd": os.getcwd(),
        "content": str(files.root.resolve()),
    }
    return {"source": files.digest(), "program": program_digest(), "options": digest(options)}


def _unchanged(
    manifest: Manifest, whole: dict, pdf: bool, signer: Signer | None
) -> BuildResult | None:
    """The last build's result again, when no content file, no part of the program and no
    option changed, and every output it recorded is whole and nothing else is in its
    folders; None when the build has work to do."""
    old = manifest.records.get(BUILD)
    if old is None or old.inputs != whole or not manifest.all_intact(file_mode()):
        return None
    known = manifest.outputs()
    root = manifest.root
    present = [p for folder in STALE_FOLDERS for p in (root / folder).glob("*") if p.is_file()]
    present += [p for p in [*root.glob("*.html"), root / "sitemap.xml"] if p.is_file()]
    if any(p.relative_to(root).as_posix() not in known for p in present):
        return None  # a stray file: the full path removes it
    if manifest.restated:  # remember the new times, or the next build reads those files again
        writer = Writer(root)
        for out in known:
            writer.keep(out)
        writer.write_manifest(manifest)
    said = old.result
    result = BuildResult(documents=said["documents"], skipped=said["pdfs"])  # 0 without PDFs
    result.warnings = list(said["warnings"])
    if pdf:
        _count_signatures(said["finals"], signer, result)
    return result


def _record_build(
    manifest: Manifest, writer: Writer, whole: dict, result: BuildResult, said: dict
) -> None:
    """What a successful build wrote beside its documents' records (stylesheets, fonts,
    images) and what it said: the next unchanged build says it again without loading."""
    if result.failed:
        manifest.records.pop(BUILD, None)
        return
    recorded = {out for key, r in manifest.records.items() if key != BUILD for out in r.outputs}
    rest = {path: sha for path, sha in writer.hashes.items() if path not in recorded}
    manifest.records[BUILD] = Record(whole, {}, rest, result=said)


# -- decide -----------------------------------------------------------------------------------


def references(site: Site, doc: Any, shared: dict | None = None) -> dict:
    """What a document uses beyond its own file, resolved: the office, who signs, the
    regulations it cites, the SOPs it links to. A registry edit touches only its users.

    `shared`: parts already resolved for another document (one build asks for each once)."""
    shared = {} if shared is None else shared

    def once(key: tuple, make: Callable[[], Any]) -> Any:
        if key not in shared:
            shared[key] = make()
        return shared[key]

    masa = doc.signer.masa
    refs: dict[str, Any] = {
        "kantor": once(("kantor",), lambda: site.kantor.model_dump(mode="json")),
        "penandatangan": once(
            ("pejabat", doc.signer.jabatan, id(masa)),
            lambda: {"jabatan": doc.signer.jabatan, **masa.model_dump(mode="json")},
        ),
    }
    if hasattr(doc, "regulations"):
        refs["dasar_hukum"] = {
            rid: once(("regulasi", rid), lambda rid=rid, reg=reg: _regulation(site, reg))
            for rid, reg in doc.regulations
        }
        refs["keterkaitan"] = {
            sop_id: site.sops[sop_id].sop.nama for _, sop_id in doc.links if sop_id in site.sops
        }
    return refs


def _regulation(site: Site, reg: Any) -> dict:
    cited = reg.model_dump(mode="json")
    if reg.dicabut_oleh in site.regulasi:
        cited["dicabut_oleh_kutipan"] = site.regulasi[reg.dicabut_oleh].kutipan
    return cited


def refs_digest(refs: dict, shared: dict[int, str]) -> str:
    """digest(refs), each shared part hashed once per build (`shared`: id -> digest)."""

    def part(value: Any) -> str:
        key = id(value)
        if key not in shared:
            shared[key] = digest(value)
        return shared[key]

    parts = {
        "kantor": part(refs["kantor"]),
        "penandatangan": part(refs["penandatangan"]),
        "dasar_hukum": {rid: part(reg) for rid, reg in refs.get("dasar_hukum", {}).items()},
        "keterkaitan": refs.get("keterkaitan", {}),
    }
    return digest(parts)


def decide(
    site: Site, files: ContentFiles, program: str, drafts: bool, signer: Signer | None = None
) -> list[Target]:
    """Every document, with the digests of its inputs; cheap: no layout, no template.
    `program`: the program's digest (`deps.program_digest`), taken once per build."""
    targets = []
    resolved: dict = {}
    hashed: dict[int, str] = {}
    for kind, docs in (("sop", site.sops), ("laporan", site.laporan)):
        for doc in docs.values():
            refs = references(site, doc, resolved)
            inputs = {
                "source": files.of(doc.path) or "",
                "refs": refs_digest(refs, hashed),
                "program": program,
                "options": "",
                # A final document is signed: the certificate and TSA are among its inputs.
                "signing": signer.record if signer and doc.status != "draf" else "",
            }
            published = drafts or doc.status != "draf"
            targets.append(Target(kind, doc, published, refs, inputs))
    return targets


def _why(
    t: Target, manifest: Manifest, explain: Say | None, out: str, files: ContentFiles | None
) -> list[str]:
    """Why `out` is built again; `files`: check the content files its render loaded (PDFs)."""
    why = manifest.reasons(out, t.inputs, [out], files)
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
    from .views import VIEWS

    for t in targets:
        if t.view is None:
            t.view = VIEWS[t.kind](site, t.doc, published)


# -- render PDF (and sign) --------------------------------------------------------------------


def _identifier(site: Site, t: Target) -> str:
    """The document's permanent identifier (first part of /ID): the same for every version."""
    return hashlib.md5(f"{site.kantor.nama}/{t.kind}/{t.doc.id}".encode()).hexdigest()


def _attachments(t: Target) -> tuple[tuple[str, bytes], ...]:
    import yaml

    refs = yaml.safe_dump(t.refs, allow_unicode=True, sort_keys=True).encode("utf-8")
    return ((t.doc.path.name, t.doc.path.read_bytes()), ("rujukan.yaml", refs))


def render_pdfs(
    site: Site,
    targets: list[Target],
    manifest: Manifest,
    writer: Writer,
    result: BuildResult,
    opts: Options,
    pool: Any,  # workers.Workers
) -> None:
    """Render in workers; sign here (workers never hold the key); write each PDF when done."""
    if not targets:
        return
    from .pdfjob import render_job  # WeasyPrint loads in the workers only

    signer, progress = opts.signer, opts.progress

    by_out = {t.pdf: t for t in targets}
    stamps = {
        t.pdf: stamp_for(site, t.kind, t.doc, signer, result.warnings)
        for t in targets
        if signer and t.inputs["signing"]
    }
    pdf_jobs = [_pdf_job(site, t, manifest) for t in targets]
    runs = pool.run(render_job, pdf_jobs, opts.timeout, lambda j: j.out)
    for done, item in enumerate(runs, 1):
        item = _sign(item, stamps, signer)  # here: the workers never hold the key
        if not getattr(item, "harfbuzz", True) and HARFBUZZ_NOTE not in result.notes:
            result.notes.append(HARFBUZZ_NOTE)
        _land(site, by_out[item.out], item, manifest, writer, result)
        if progress:
            progress(done, len(pdf_jobs), item.out)


HARFBUZZ_NOTE = (
    "catatan: HarfBuzz-subset tidak ada; huruf di-subset dengan fontTools (lebih "
    "lambat). Pasang paket Debian libharfbuzz-subset0."
)


def _pdf_job(site: Site, t: Target, manifest: Manifest):  # noqa: ANN202 - pdfjob.PdfJob
    from .pdfjob import PdfJob
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
    from .pdfjob import PdfResult

    if not isinstance(item, PdfResult):  # workers.Failure
        manifest.records.pop(item.out, None)  # tried again next build
        if (writer.root / item.out).exists():
            writer.keep(item.out)
        result.failed.append(f"{rel(t.doc.path)}: {item.out} gagal dibuat: {item.message}")
        return
    sha = writer.write(item.out, item.pdf)
    fix = item.fix.to_json() if item.fix else None
    manifest.records[item.out] = Record(t.inputs, item.fetched, {item.out: sha}, fix)
    result.rendered += 1
    result.worker_peak_mib = max(result.worker_peak_mib, item.peak_mib)
    result.render_seconds += item.seconds
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


def _finals(targets: list[Target]) -> int:
    return sum(t.doc.status != "draf" for t in targets)


def _count_signatures(finals: int, signer: Signer | None, result: BuildResult) -> None:
    """Final PDFs signed in this build's output; without a key, say once they are unsigned."""
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
        manifest.records[t.html] = Record(t.inputs, {}, {t.html: writer.write(t.html, html)})
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
    site: Site,
    website: Website,
    writer: Writer,
    manifest: Manifest,
    whole: dict,
    explain: Say | None,
) -> None:
    """The site's own pages (index, regulations, content pages, sitemap), the stylesheets,
    script and fonts, and the content's files the pages show. `whole`: the build's inputs."""
    _write_site_pages(website, writer, manifest, whole, explain)
    for name in ("style.css", "site.css", "site.js"):
        writer.write(PATHS.static_file(name), (LAYOUTS / name).read_bytes())
    for font in sorted(FONTS.iterdir()):
        writer.write(PATHS.static_file(f"fonts/{font.name}"), font.read_bytes())
    logo = site.root / site.kantor.logo
    writer.write(PATHS.asset(logo.name), logo.read_bytes())
    _copy_content_files(site, [*website.sops, *website.reports], writer, skip=logo.resolve())


def _write_site_pages(
    website: Website, writer: Writer, manifest: Manifest, whole: dict, explain: Say | None
) -> None:
    """The index and the other site pages show a little of every document: they are built
    again when any content file, the program or the set of PDFs changed."""
    from .render import environment

    inputs = {
        "source": whole["source"],  # every content file
        "program": whole["program"],
        "options": digest(
            [website.fingerprint(), sorted(website.pdfs), [d.id for d in website.reports]]
        ),
    }
    old = manifest.records.get(SITE_PAGES)
    if old and not manifest.reasons(SITE_PAGES, inputs, sorted(old.outputs)):
        for path in old.outputs:
            writer.keep(path)
        return
    if explain:
        explain("halaman situs (index, dasar hukum, halaman): dibuat ulang")
    outputs = {}
    for path, text in website.pages(environment()).items():
        outputs[path] = writer.write(path, text)
    manifest.records[SITE_PAGES] = Record(inputs, {}, outputs)


def _copy_content_files(site: Site, docs: list, writer: Writer, skip: Path) -> None:
    """Images and files the published documents and the content pages reference, at the path
    their relative URL names."""
    from .site import page_assets

    files = dict(site.web_assets(docs))
    for path in page_assets(site):
        files.setdefault(path, site.root / path)
    for rel_path, source in sorted(files.items()):
        if source.resolve() != skip:
            writer.write(rel_path, source.read_bytes())
