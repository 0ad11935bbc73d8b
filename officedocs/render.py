"""Render documents to HTML with the Jinja layouts (autoescaped; formatting in named filters)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown as md
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .chart import capaian_chart
from .content import LaporanDoc, Site, SopDoc
from .flowchart_svg import render_svg
from .formatting import FILTERS, romawi
from .kinerja import BudgetLineInput, HasilLaporan, IndikatorInput, hitung_laporan
from .sheet import MARGIN, PAPERS, ProcedureGeometry, procedure_geometry, total_waktu

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


def mm(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "mm"


def environment(layouts: Path = LAYOUTS) -> Environment:
    env = Environment(
        loader=FileSystemLoader(layouts),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["mm"] = mm
    env.filters["markdown"] = markdown_safe
    return env


def markdown_safe(text: str) -> Markup:
    """Markdown rendered, then sanitised: no scripts, handlers, styles or javascript: links."""
    return Markup(nh3.clean(md.markdown(text or "")))


def _blocks(doc: SopDoc, link: Any) -> list[list[dict]]:
    sop = doc.sop
    texts = lambda items: [{"text": t, "href": None} for t in items]  # noqa: E731
    keterkaitan = [
        {
            "text": link.name(sop_id) if sop_id else text,
            "href": link.sop(sop_id) if sop_id else None,
        }
        for text, sop_id in doc.links
    ]
    return [
        [
            {"judul": "DASAR HUKUM", "items": texts(r.kutipan for _, r in doc.regulations)},
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


class Links:
    """Where one document finds the others: relative paths for the web, none in a PDF."""

    def __init__(self, site: Site, root: str, web: bool):
        self.site, self.root, self.web = site, root, web

    def name(self, sop_id: str) -> str:
        return self.site.sops[sop_id].sop.nama if sop_id in self.site.sops else sop_id

    def sop(self, sop_id: str) -> str | None:
        return f"{self.root}sop/{sop_id}.html" if self.web else None


@lru_cache(maxsize=128)
def _geometry(doc: SopDoc, paper: str) -> ProcedureGeometry:
    """The web page and the PDF show one layout: lay each sheet out once per build."""
    return procedure_geometry(doc, paper)


def sop_html(
    env: Environment,
    site: Site,
    doc: SopDoc,
    *,
    web: bool,
    geometry: ProcedureGeometry | None = None,
    logo_src: str,
    pdf_href: str | None,
) -> str:
    geometry = geometry or _geometry(doc, site.kantor.kertas)
    svgs = [Markup(render_svg(p.flow_page, doc.sop.pelaksana)) for p in geometry.pages]
    links = Links(site, "../", web)
    return env.get_template("sop.html").render(
        kantor=site.kantor,
        doc=doc,
        geometry=geometry,
        svgs=svgs,
        blocks=_blocks(doc, links),
        total_waktu=total_waktu([s.kegiatan.waktu for s in doc.steps]),
        web=web,
        root="../",
        logo_src=logo_src,
        pdf_href=pdf_href,
    )


def index_html(env: Environment, site: Site, sops: list[SopDoc], reports: list[LaporanDoc]) -> str:
    laporan = [(doc, judul_laporan(doc)) for doc in reports]
    return env.get_template("index.html").render(
        kantor=site.kantor, sops=sops, laporan=laporan, web=True, root=""
    )


RUMUS_NEGATIF = {
    "2t_minus_r": "(2 x Target - Realisasi) / Target x 100",
    "t_per_r": "Target / Realisasi x 100",
}


def hasil_laporan(site: Site, doc: LaporanDoc) -> HasilLaporan:
    lap = doc.laporan
    setting = site.kantor.laporan
    sasaran = [
        (
            s.sasaran,
            [
                IndikatorInput(
                    i.indikator, i.satuan, i.target, tuple(i.realisasi), i.polaritas, i.agregasi
                )
                for i in s.indikator
            ],
        )
        for s in lap.sasaran
    ]
    anggaran = [
        BudgetLineInput(a.program, a.kegiatan, a.sub_kegiatan, a.pagu, tuple(a.realisasi))
        for a in lap.anggaran
    ]
    return hitung_laporan(
        sasaran, anggaran, lap.triwulan, setting.rumus_negatif, setting.batas_capaian
    )


def judul_laporan(doc: LaporanDoc) -> str:
    lap = doc.laporan
    return lap.judul or f"Laporan Kinerja Triwulan {romawi(lap.triwulan)} Tahun {lap.tahun}"


def laporan_html(
    env: Environment, site: Site, doc: LaporanDoc, *, web: bool, logo_src: str, pdf_href: str | None
) -> str:

    hasil = hasil_laporan(site, doc)
    paper = site.kantor.kertas
    width = PAPERS[paper][0] - MARGIN[1] - MARGIN[3]
    items = [(f"A.{n} {row.nama}", row.capaian) for n, row in enumerate(hasil.indikator, 1)]
    items += [
        (f"B.{n} {row.sub_kegiatan}", row.capaian_keuangan)
        for n, row in enumerate(hasil.anggaran, 1)
    ]
    batas = site.kantor.laporan.batas_capaian
    return env.get_template("laporan.html").render(
        kantor=site.kantor,
        doc=doc,
        hasil=hasil,
        judul=judul_laporan(doc),
        chart=Markup(capaian_chart(items, width)),
        rumus_negatif=RUMUS_NEGATIF[site.kantor.laporan.rumus_negatif],
        batas=FILTERS["angka"](batas, 0) if batas is not None else "-",
        paper=paper,
        page_size=PAPERS[paper],
        web=web,
        root="../",
        logo_src=logo_src,
        pdf_href=pdf_href,
    )
