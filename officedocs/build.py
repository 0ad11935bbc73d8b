"""The build: load -> validate -> lay out -> render HTML -> render PDF -> write."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .content import Site, load_site
from .pdf import LAYOUTS, render_pdf
from .render import environment, index_html, laporan_html, sop_html
from .writer import Writer

RENDER_TIMEOUT = 120  # seconds for one document; a stuck render fails, it does not hang
MANIFEST = ".build-manifest.json"


@dataclass
class BuildResult:
    documents: int = 0
    rendered: int = 0  # PDFs rendered by this build
    skipped: int = 0  # PDFs left as they were: nothing they depend on changed
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.documents} dokumen, {self.rendered} PDF dibuat, "
            f"{self.skipped} PDF dilewati (tidak berubah), "
            f"{len(self.warnings)} peringatan, {self.seconds:.1f} detik"
        )


@dataclass(frozen=True)
class PdfJob:
    out: str  # path inside output/
    html: str
    base_url: str
    content_root: str
    attachments: tuple[tuple[str, bytes], ...]
    date: str  # ISO date of the document, for the attachment dates

    def key(self) -> str:
        h = hashlib.sha256()
        for part in (
            __version__,
            self.html,
            *(f"{n}:{hashlib.sha256(d).hexdigest()}" for n, d in self.attachments),
        ):
            h.update(part.encode("utf-8"))
            h.update(b"\0")
        h.update(_layouts_digest().encode())
        return h.hexdigest()


_DIGEST: str | None = None


def _layouts_digest() -> str:
    """What every PDF depends on besides its own HTML: stylesheets and fonts."""
    global _DIGEST
    if _DIGEST is None:
        h = hashlib.sha256()
        for path in sorted(LAYOUTS.rglob("*")):
            if path.is_file():
                h.update(str(path.relative_to(LAYOUTS)).encode())
                h.update(path.read_bytes())
        _DIGEST = h.hexdigest()
    return _DIGEST


def _render_job(job: PdfJob) -> tuple[str, bytes, list[str]]:
    import datetime as dt

    date = dt.datetime.fromisoformat(job.date).replace(tzinfo=dt.UTC)
    pdf, warnings = render_pdf(
        job.html, Path(job.base_url), Path(job.content_root), list(job.attachments), date
    )
    return job.out, pdf, warnings


def build(
    content: Path,
    output: Path,
    *,
    pdf: bool = True,
    drafts: bool = False,
    jobs: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Validate everything, then write the website and every PDF into `output`."""
    started = time.perf_counter()
    site = load_site(content)  # raises ContentError before anything is written
    result = BuildResult(warnings=[str(w) for w in site.warnings])
    env = environment()
    writer = Writer(output)
    pdf_jobs: list[PdfJob] = []
    logo = site.kantor.logo
    # Each kind of document: its output folder, its layout, the shared files it depends on.
    kinds = [
        ("sop", site.sops, sop_html, ("kantor", "pejabat", "dasar_hukum")),
        ("laporan", site.laporan, laporan_html, ("kantor", "pejabat")),
    ]
    published: dict[str, list] = {}
    for folder, docs, render, shared in kinds:
        # A draft stays off the website unless asked for; its PDF is still built, for review.
        published[folder] = [d for d in docs.values() if drafts or d.status != "draf"]
        for doc in docs.values():
            if doc in published[folder]:
                html = render(
                    env,
                    site,
                    doc,
                    web=True,
                    logo_src=f"../aset/{Path(logo).name}",
                    pdf_href=f"{doc.id}.pdf" if pdf else None,
                )
                writer.write(f"{folder}/{doc.id}.html", html)
            result.documents += 1
            if pdf:
                sources = [doc.path, *(site.sources[k] for k in shared)]
                pdf_jobs.append(
                    PdfJob(
                        out=f"{folder}/{doc.id}.pdf",
                        html=render(env, site, doc, web=False, logo_src=logo, pdf_href=None),
                        base_url=str(content.resolve()) + "/",
                        content_root=str(content.resolve()),
                        attachments=tuple((p.name, p.read_bytes()) for p in sources),
                        date=doc.date.isoformat(),
                    )
                )
    writer.write("index.html", index_html(env, site, published["sop"], published["laporan"]))
    _copy_assets(site, output, writer)
    _write_pdfs(pdf_jobs, output, writer, result, jobs, progress)
    writer.remove_stale(["sop", "laporan"])
    result.seconds = time.perf_counter() - started
    return result


def _copy_assets(site: Site, output: Path, writer: Writer) -> None:
    writer.write("assets/style.css", (LAYOUTS / "style.css").read_bytes())
    for font in sorted((LAYOUTS / "fonts").iterdir()):
        writer.write(f"assets/fonts/{font.name}", font.read_bytes())
    logo = site.root / site.kantor.logo
    writer.write(f"aset/{logo.name}", logo.read_bytes())


def _write_pdfs(
    jobs_list: list[PdfJob],
    output: Path,
    writer: Writer,
    result: BuildResult,
    jobs: int | None,
    progress,
) -> None:  # noqa: ANN001
    manifest_path = output / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = {}
    todo = []
    for job in jobs_list:
        if manifest.get(job.out) == job.key() and (output / job.out).exists():
            writer.keep(job.out)
            result.skipped += 1
        else:
            todo.append(job)
    if todo:
        workers = min(jobs or os.cpu_count() or 1, len(todo))
        if workers == 1:
            done = [_render_job(job) for job in todo]
        else:
            with ProcessPoolExecutor(workers) as pool:
                futures = [pool.submit(_render_job, job) for job in todo]
                done = []
                for job, fut in zip(todo, futures, strict=True):
                    try:
                        done.append(fut.result(timeout=RENDER_TIMEOUT))
                    except FutureTimeout:
                        raise RuntimeError(
                            f"{job.out}: render lebih dari {RENDER_TIMEOUT} detik"
                        ) from None
        for job, (out, data, warnings) in zip(todo, done, strict=True):
            writer.write(out, data)
            manifest[out] = job.key()
            result.rendered += 1
            result.warnings.extend(f"{out}: WeasyPrint: {w}" for w in warnings)
            if progress:
                progress(out)
    manifest = {k: v for k, v in manifest.items() if (output / k) in writer.kept}
    writer.write(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
