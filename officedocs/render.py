"""Render documents to HTML with the Jinja layouts (autoescaped; formatting in named filters)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .content import Site, SopDoc
from .flowchart_svg import render_svg
from .formatting import FILTERS
from .sheet import ProcedureGeometry, procedure_geometry, total_waktu

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
    return env


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
    geometry = geometry or procedure_geometry(doc, site.kantor.kertas)
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


def index_html(env: Environment, site: Site, sops: list[SopDoc]) -> str:
    return env.get_template("index.html").render(kantor=site.kantor, sops=sops, web=True, root="")
