"""Render PDFs and sign them: the stale documents go to the PDF workers (`workers.Workers`);
each result is signed here, in the main process (the workers never hold the key), written
and recorded as soon as it is done."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from .deps import Manifest, Record, rel
from .options import BuildResult, Options
from .problems import layout_warning, weasyprint_warning
from .sign import SigningError, SigningKey, sign_pdf, stamp_for
from .writer import Writer

if TYPE_CHECKING:
    from .decide import Target
    from .documents import Site
    from .pdfjob import PdfJob
    from .problems import Problem
    from .sign import Stamp
    from .workers import Workers

HARFBUZZ_NOTE = (
    "catatan: HarfBuzz-subset tidak ada; huruf di-subset dengan fontTools (lebih "
    "lambat). Pasang paket Debian libharfbuzz-subset0."
)


class Signing:
    """Sign: the stamps of the final documents of this build, and the one call that signs a
    rendered PDF. A signature that fails fails its document."""

    def __init__(
        self, site: Site, targets: list[Target], key: SigningKey | None, warnings: list[Problem]
    ):
        self.key = key
        self.stamps: dict[str, Stamp] = {
            t.pdf: stamp_for(site, t.kind, t.doc, key, warnings)
            for t in targets
            if key and t.pdf_inputs["signing"]
        }

    def __call__(self, item: Any) -> Any:
        from .workers import Failure

        if self.key is None or item.out not in self.stamps or isinstance(item, Failure):
            return item
        try:
            item.pdf = sign_pdf(item.pdf, self.key, self.stamps[item.out])
        except SigningError as exc:
            return Failure(item.out, str(exc))
        return item


def render_pdfs(
    site: Site,
    targets: list[Target],
    manifest: Manifest,
    writer: Writer,
    result: BuildResult,
    opts: Options,
    pool: Workers,
    sign: Signing,
) -> None:
    """Render the laid-out `targets` in the workers, `sign` each, write each PDF when done."""
    if not targets:
        return
    from .workers import render_pdf  # WeasyPrint loads in the workers only

    by_out = {t.pdf: t for t in targets}
    jobs = [_pdf_job(site, t, manifest) for t in targets]
    runs = pool.run(render_pdf, jobs, opts.timeout, lambda j: j.out)
    for done, item in enumerate(runs, 1):
        item = sign(item)
        if not getattr(item, "harfbuzz", True) and HARFBUZZ_NOTE not in result.notes:
            result.notes.append(HARFBUZZ_NOTE)
        _land(site, by_out[item.out], item, manifest, writer, result)
        writer.checkpoint(manifest)
        if opts.progress:
            opts.progress(done, len(jobs), item.out)


def _identifier(site: Site, t: Target) -> str:
    """The document's permanent identifier (first part of /ID): the same for every version."""
    return hashlib.md5(f"{site.kantor.nama}/{t.kind}/{t.doc.id}".encode()).hexdigest()


def _attachments(t: Target) -> tuple[tuple[str, bytes], ...]:
    import yaml

    refs = yaml.safe_dump(t.refs, allow_unicode=True, sort_keys=True).encode("utf-8")
    return ((t.doc.path.name, t.doc.path.read_bytes()), ("rujukan.yaml", refs))


def _pdf_job(site: Site, t: Target, manifest: Manifest) -> PdfJob:
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
    manifest.records[item.out] = Record(t.pdf_inputs, item.fetched, {item.out: sha}, fix)
    result.rendered += 1
    result.worker_peak_mib = max(result.worker_peak_mib, item.peak_mib)
    result.render_seconds += item.seconds
    result.second_pass += item.passes > 1
    result.warnings.extend(weasyprint_warning(w, t.doc.path, site.root) for w in item.warnings)
    result.warnings.extend(
        layout_warning(t.doc.path, 1, 1, "kegiatan", f"bagan alir: {w}")
        for w in item.layout_warnings
    )
