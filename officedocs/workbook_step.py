"""The build's step for the Renja evaluation workbooks: each report's on the website made
again only when it changed. Light: openpyxl (a third of a second to import) loads only when a
workbook is made (`workbook_export`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .checks.registry import signer_on
from .deps import Manifest, Record, digest
from .paths import PATHS

if TYPE_CHECKING:
    from .documents import Site


def write_workbooks(
    site: Site, targets: list, manifest: Manifest, writer: Any, explain: Any = None
) -> None:
    """The workbook of each report on the website (`targets`: build.Target; a draft's only
    with --drafts), made again only when the report, what it refers to, the evaluating
    official or the program changed."""
    for t in targets:
        out = PATHS.xlsx("laporan", t.doc.id)
        evaluator = signer_on(site.pejabat, site.kantor.laporan.pengevaluasi, t.doc.date)
        seen = None if evaluator is None else [evaluator.jabatan, evaluator.masa.model_dump_json()]
        # What its PDF is made from, less the signing key (a workbook is not signed).
        inputs = {**t.pdf_inputs, "signing": "", "options": digest({"pengevaluasi": seen})}
        why = manifest.reasons(out, inputs, [out])
        if not why:
            writer.keep(out)
            continue
        if explain:
            explain(f"{out}: dibuat ulang: {'; '.join(why)}")
        from .workbook_export import evaluasi_workbook  # openpyxl: only for one to make

        sha = writer.write(out, evaluasi_workbook(site, t.doc))
        manifest.records[out] = Record(inputs, {}, {out: sha})
