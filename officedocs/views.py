"""Lay out: checked documents -> view models, everything the layouts place and nothing more.

Pure. The report's figures and chart and the sheet's lists are computed here, not in the
templates; the sheet's geometry (`sheet.procedure_geometry`) is computed where it is rendered,
because a PDF render may correct it from WeasyPrint's measurements.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .chart import capaian_chart, phone_chart
from .documents import LaporanDoc, Site, SopDoc
from .formatting import FILTERS, romawi
from .kinerja import BudgetLineInput, HasilLaporan, IndikatorInput, hitung_laporan
from .paths import PATHS
from .sheet import MARGIN, PAPERS, total_waktu

RUMUS_NEGATIF = {
    "2t_minus_r": "(2 x Target - Realisasi) / Target x 100",
    "t_per_r": "Target / Realisasi x 100",
}


@dataclass(frozen=True)
class DocView:
    """One document ready to render: its kind, template and the template's context.

    `web` and `print` differ only in links: a PDF links nowhere. Picklable: PDF workers get it.
    """

    kind: str
    doc: Any  # SopDoc | LaporanDoc
    template: str
    context: dict[str, Any]
    web_links: dict[str, Any]
    print_links: dict[str, Any]

    @property
    def paper(self) -> str:
        return self.context["kantor"].kertas


def _blocks(site: Site, doc: SopDoc, web: bool, published: Set[str] | None) -> list[list[dict]]:
    sop = doc.sop
    page = PATHS.html("sop", doc.id)

    def href(sop_id: str | None) -> str | None:
        # A draft kept off the website has no page to link to: it is named, not linked.
        if not sop_id or not web or (published is not None and sop_id not in published):
            return None
        return PATHS.url(page, PATHS.html("sop", sop_id))

    def texts(items) -> list[dict]:  # noqa: ANN001
        return [{"text": t, "href": None} for t in items]

    keterkaitan = [
        {
            "text": site.sops[sop_id].sop.nama if sop_id in site.sops else (sop_id or text),
            "href": href(sop_id),
        }
        for text, sop_id in doc.links
    ]
    regulations = [
        {"text": r.kutipan, "href": PATHS.url(page, PATHS.regulasi(rid)) if web else None}
        for rid, r in doc.regulations
    ]
    return [
        [
            {"judul": "DASAR HUKUM", "items": regulations},
            {"judul": "KUALIFIKASI PELAKSANA", "items": texts(sop.kualifikasi_pelaksana)},
        ],
        [
            {"judul": "KETERKAITAN", "items": keterkaitan},
            {"judul": "PERALATAN / PERLENGKAPAN", "items": texts(sop.peralatan)},
        ],
        [
            {"judul": "PERINGATAN", "items": texts(sop.daftar_peringatan)},
            {"judul": "PENCATATAN DAN PENDATAAN", "items": texts(sop.pencatatan)},
        ],
    ]


def sop_view(site: Site, doc: SopDoc, published: Set[str] | None = None) -> DocView:
    """`published`: the SOPs on the website (None: all), so links to the others drop."""
    context = {
        "kantor": site.kantor,
        "doc": doc,
        "total_waktu": total_waktu([s.kegiatan.waktu for s in doc.steps]),
    }
    return DocView(
        "sop",
        doc,
        "sop.html",
        context,
        {"blocks": _blocks(site, doc, True, published)},
        {"blocks": _blocks(site, doc, False, published)},
    )


def hasil_laporan(site: Site, doc: LaporanDoc) -> HasilLaporan:
    lap = doc.laporan
    setting = site.kantor.laporan
    sasaran = [
        (
            s.sasaran,
            [
                IndikatorInput(
                    i.indikator,
                    i.satuan,
                    i.target,
                    tuple(i.realisasi),
                    i.polaritas,
                    i.agregasi,
                    i.target_renstra,
                    i.realisasi_sd_tahun_lalu,
                )
                for i in s.indikator
            ],
        )
        for s in lap.sasaran
    ]
    anggaran = [
        BudgetLineInput(
            a.program,
            a.kegiatan,
            a.sub_kegiatan,
            a.pagu,
            tuple(a.realisasi),
            a.pagu_renstra,
            a.realisasi_sd_tahun_lalu,
        )
        for a in lap.anggaran
    ]
    return hitung_laporan(
        sasaran, anggaran, lap.triwulan, setting.rumus_negatif, setting.batas_capaian
    )


def judul_laporan(doc: LaporanDoc) -> str:
    lap = doc.laporan
    return lap.judul or f"Laporan Kinerja Triwulan {romawi(lap.triwulan)} Tahun {lap.tahun}"


def laporan_view(site: Site, doc: LaporanDoc, published: Set[str] | None = None) -> DocView:
    hasil = hasil_laporan(site, doc)
    paper = site.kantor.kertas
    width = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    items = [(f"A.{n} {row.nama}", row.capaian) for n, row in enumerate(hasil.indikator, 1)]
    items += [
        (f"B.{n} {row.sub_kegiatan}", row.capaian_keuangan)
        for n, row in enumerate(hasil.anggaran, 1)
    ]
    batas = site.kantor.laporan.batas_capaian
    context = {
        "kantor": site.kantor,
        "doc": doc,
        "hasil": hasil,
        "judul": judul_laporan(doc),
        "chart": Markup(capaian_chart(items, width)),
        "chart_phone": Markup(phone_chart(items)),
        "rumus_negatif": RUMUS_NEGATIF[site.kantor.laporan.rumus_negatif],
        "batas": FILTERS["angka"](batas, 0) if batas is not None else "-",
        "paper": paper,
        "page_size": PAPERS[paper],
        "renstra_a": [
            (f"A.{n}", row.nama, row.satuan, row.realisasi_sd, row.renstra)
            for n, row in enumerate(hasil.indikator, 1)
            if row.renstra.given
        ],
        "renstra_b": [
            (f"B.{n}", row.sub_kegiatan, "", row.realisasi_sd, row.renstra)
            for n, row in enumerate(hasil.anggaran, 1)
            if row.renstra.given
        ],
        # The Renja evaluation workbook beside the page (written for every published report).
        "xlsx_href": PATHS.url(PATHS.html("laporan", doc.id), PATHS.xlsx("laporan", doc.id)),
    }
    return DocView("laporan", doc, "laporan.html", context, {}, {})


VIEWS = {"sop": sop_view, "laporan": laporan_view}


def lay_out(site: Site, targets: list, published: Set[str]) -> None:
    """Lay out: each target's view (`targets`: decide.Target), once, only for what is made."""
    for t in targets:
        if t.view is None:
            t.view = VIEWS[t.kind](site, t.doc, published)
