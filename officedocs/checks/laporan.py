"""One quarterly report: its quarters, who signs it, and the Markdown of its narrative."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..documents import LaporanDoc, Site
from ..problems import Problems
from ..schema import Laporan
from ..yamltext import Located
from .registry import check_signer
from .schema import Report, reporter
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
    broken: Collection[tuple] = (),
) -> LaporanDoc | None:
    """References of a quarterly report: quarters reported, the signer on its date.

    As for an SOP, `laporan` may be salvaged from a file that failed its schema (`broken`):
    what parsed is still checked, and no document is returned."""
    before = len(problems.errors)
    report = reporter(doc, path, problems)
    _quarters(laporan, report)
    signer = check_signer(
        report, ("penandatangan",), site.pejabat, laporan.penandatangan, laporan.tanggal, "tanggal"
    )
    used: list[Path] = []
    for key in MARKDOWN_FIELDS:
        text = getattr(laporan, key)
        if text:
            line, col = doc.where((key,))
            used += check_markdown(text, Place(path, key, line, col), urls)
    if broken or len(problems.errors) != before or signer is None:
        return None
    assets = tuple(dict.fromkeys([path.resolve(), *shared, *used]))
    return LaporanDoc(path.stem, path, laporan, signer, assets)


def _quarters(laporan: Laporan, report: Report) -> None:
    """No more realisations than quarters reported (fields that did not parse are None)."""
    n = laporan.triwulan
    if n is None:
        return
    lists = [
        (("sasaran", i, "indikator", j, "realisasi"), ind.realisasi)
        for i, sasaran in enumerate(laporan.sasaran or ())
        if sasaran is not None
        for j, ind in enumerate(sasaran.indikator or ())
        if ind is not None
    ]
    lists += [
        (("anggaran", i, "realisasi"), line.realisasi)
        for i, line in enumerate(laporan.anggaran or ())
        if line is not None
    ]
    for loc, values in lists:
        if values is not None and len(values) > n:
            report(loc, f"{len(values)} nilai realisasi, padahal laporan sampai triwulan {n}")
