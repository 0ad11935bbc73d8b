"""The website around the documents: index with search, regulation pages, content pages,
navigation and footer, sitemap. `Website` is pure: it returns texts by output path;
`write_site`, the build's last stage, writes them with the stylesheets, fonts and images."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from jinja2 import Environment

from .deps import Manifest, Record, digest
from .documents import LaporanDoc, Site, SopDoc
from .halaman import Halaman
from .markdown_html import markdown_safe
from .options import Say
from .paths import FONTS, LAYOUTS, PATHS
from .periksa import PAGE as PERIKSA
from .periksa import as_script
from .schema import Regulasi
from .views import judul_laporan
from .writer import Writer


@dataclass(frozen=True)
class NavLink:
    judul: str
    path: str  # from the site's root; templates prefix it with their `root`


@dataclass
class Website:
    """What the published site holds: the documents on it and where each page lives."""

    site: Site
    sops: list[SopDoc]  # published: drafts only with --drafts
    laporan: list[LaporanDoc]
    pdfs: set[str] = field(default_factory=set)  # the PDFs to link: rendered now, or kept
    periksa: dict[str, dict] | None = None  # periksa.html's digest table, once PDFs are done

    @classmethod
    def of(cls, site: Site, pages: list, pdfs: set[str]) -> Website:
        """The site of the published documents (`pages`: decide.Target) linking `pdfs`."""
        sops = [t.doc for t in pages if t.kind == "sop"]
        return cls(site, sops, [t.doc for t in pages if t.kind == "laporan"], pdfs)

    def has_pdf(self, kind: str, doc_id: str) -> bool:
        return PATHS.pdf(kind, doc_id) in self.pdfs

    @property
    def nav(self) -> list[NavLink]:
        fixed = [
            NavLink("Daftar SOP", "index.html#sop"),
            NavLink("Laporan", "index.html#laporan"),
            NavLink("Dasar Hukum", "index.html#dasar-hukum"),
            NavLink("Periksa Dokumen", PERIKSA),
        ]
        return fixed + [NavLink(h.judul, PATHS.halaman(h.id)) for h in self.site.halaman]

    def fingerprint(self) -> str:
        """What every document page shows of the site: its navigation, the SOPs it may link."""
        return digest([[(n.judul, n.path) for n in self.nav], sorted(d.id for d in self.sops)])

    def citing(self, rid: str) -> list[SopDoc]:
        return [d for d in self.sops if any(r == rid for r, _ in d.regulations)]

    def regulations(self) -> list[tuple[str, Regulasi, list[SopDoc]]]:
        return [(rid, reg, self.citing(rid)) for rid, reg in self.site.regulasi.items()]

    def pages(self, env: Environment) -> dict[str, str]:
        """Every site-level file by its path in output/."""
        out = {"index.html": self._index(env)}
        for rid, reg, sops in self.regulations():
            out[PATHS.regulasi(rid)] = self._regulasi(env, rid, reg, sops)
        for page in self.site.halaman:
            out[PATHS.halaman(page.id)] = self._halaman(env, page)
        if self.periksa is not None:
            out[PERIKSA] = self._periksa(env)
        if self.site.kantor.situs:
            out["sitemap.xml"] = sitemap(self.site.kantor.situs, self.urls())
        return out

    def urls(self) -> list[str]:
        """The site's pages (not the PDFs), as paths from its root."""
        paths = ["index.html", *(PATHS.halaman(h.id) for h in self.site.halaman)]
        paths += [PATHS.html("sop", d.id) for d in self.sops]
        paths += [PATHS.html("laporan", d.id) for d in self.laporan]
        paths += [PATHS.regulasi(rid) for rid in self.site.regulasi]
        if self.periksa is not None:
            paths.append(PERIKSA)
        return paths

    def _index(self, env: Environment) -> str:
        return env.get_template("index.html").render(
            kantor=self.site.kantor,
            sops=self.sops,
            laporan=[(doc, judul_laporan(doc)) for doc in self.laporan],
            regulasi=self.regulations(),
            has_pdf=self.has_pdf,
            nav_pages=self.nav,
            web=True,
            root="",
            page_path="index.html",
        )

    def _periksa(self, env: Environment) -> str:
        return env.get_template(PERIKSA).render(
            kantor=self.site.kantor,
            data=as_script(self.periksa or {}),
            nav_pages=self.nav,
            web=True,
            root="",
            page_path=PERIKSA,
        )

    def _regulasi(self, env: Environment, rid: str, reg: Regulasi, sops: list[SopDoc]) -> str:
        regulasi = self.site.regulasi
        replaced = [(r, regulasi[r]) for r, other in regulasi.items() if other.dicabut_oleh == rid]
        return env.get_template("regulasi.html").render(
            kantor=self.site.kantor,
            rid=rid,
            reg=reg,
            pengganti=(reg.dicabut_oleh, regulasi[reg.dicabut_oleh]) if reg.dicabut_oleh else None,
            dicabut=replaced,
            sops=sops,
            nav_pages=self.nav,
            web=True,
            root="../",
            page_path=PATHS.regulasi(rid),
        )

    def _halaman(self, env: Environment, page: Halaman) -> str:
        body = markdown_safe(page.markdown)
        return env.get_template("halaman.html").render(
            kantor=self.site.kantor,
            page=page,
            body=body,
            deskripsi=page.deskripsi or first_paragraph(str(body)),
            nav_pages=self.nav,
            web=True,
            root="",
            page_path=PATHS.halaman(page.id),
        )


LINK = re.compile(r'(?:href|src)="([^"]*)"')


def _asset(site: Site, path: str) -> bool:
    """A file of content/aset/ a page shows (an image, a form to download); output/aset/ is
    its copy, so the path is the same in both."""
    if not path.startswith(PATHS.assets + "/"):
        return False
    folder = (site.root / "aset").resolve()
    file = (site.root / path).resolve()
    return file.is_file() and file.is_relative_to(folder)


def page_assets(site: Site) -> list[str]:
    """The files of content/aset/ that content pages link to, as paths in both folders."""
    found = []
    for page in site.halaman:
        for target in LINK.findall(str(markdown_safe(page.markdown))):
            path = posixpath.normpath(unquote(urlsplit(unescape(target)).path))
            if _asset(site, path) and path not in found:
                found.append(path)
    return found


def first_paragraph(html: str, limit: int = 160) -> str:
    """Plain text of the first paragraph, cut at a word: a page's default meta description."""
    match = re.search(r"<p>(.*?)</p>", html, re.S)
    text = re.sub(r"<[^>]+>", "", match.group(1)) if match else ""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " ..."
    return text


def sitemap(base: str, paths: list[str]) -> str:
    """sitemap.xml: absolute addresses under the site's public base URL."""
    base = base.rstrip("/") + "/"
    urls = "".join(f"  <url><loc>{escape(base + p)}</loc></url>\n" for p in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
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
    _copy_content_files(site, [*website.sops, *website.laporan], writer, skip=logo.resolve())


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
            [
                website.fingerprint(),
                sorted(website.pdfs),
                [d.id for d in website.laporan],
                website.periksa,  # a PDF made again (re-signed, renewed) changes this page
            ]
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
    files = dict(site.web_assets(docs))
    for path in page_assets(site):
        files.setdefault(path, site.root / path)
    for rel_path, source in sorted(files.items()):
        if source.resolve() != skip:
            writer.write(rel_path, source.read_bytes())
