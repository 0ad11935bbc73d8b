"""One quarterly report: its quarters, who signs it, and the Markdown of its narrative."""

from __future__ import annotations

from pathlib import Path

from ..documents import LaporanDoc, Site
from ..problems import Problems
from ..schema import Laporan
from ..yamltext import Located
from .registry import check_signer
from .sop import reporter
from .urls import Place, UrlContext, check_markdown

MARKDOWN_FIELDS = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut", "tindak_lanjut_renja")


def check_laporan(
    path: Path,
    doc: Located,
    laporan: Laporan,
    site: Site,
    problems: Problems,
    urls: UrlContext,
    shared: tuple[Path, ...] = (),
) -> LaporanDoc | None:
    """References of a quarterly report: quarters reported, the signer on its date."""
    before = len(problems.errors)
    report = reporter(doc, path, problems)
    n = laporan.triwulan
    for i, sasaran in enumerate(laporan.sasaran):
        for j, ind in enumerate(sasaran.indikator):
            if len(ind.realisasi) > n:
                report(
                    ("sasaran", i, "indikator", j, "realisasi"),
                    f"{len(ind.realisasi)} nilai realisasi, padahal laporan sampai triwulan {n}",
                )
    for i, line in enumerate(laporan.anggaran):
        if len(line.realisasi) > n:
            report(
                ("anggaran", i, "realisasi"),
                f"{len(line.realisasi)} nilai realisasi, padahal laporan sampai triwulan {n}",
            )
    signer = check_signer(
        report, ("penandatangan",), site.pejabat, laporan.penandatangan, laporan.tanggal, "tanggal"
    )
    used: list[Path] = []
    for key in MARKDOWN_FIELDS:
        text = getattr(laporan, key)
        if text:
            line, col = doc.where((key,))
            used += check_markdown(text, Place(path, key, line, col), urls)
    if len(problems.errors) != before or signer is None:
        return None
    assets = tuple(dict.fromkeys([path.resolve(), *shared, *used]))
    return LaporanDoc(path.stem, path, laporan, signer, assets)
