"""Render HTML: a view model through the Jinja layouts (autoescaped; formatting in filters)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import nh3
from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)
from markupsafe import Markup

from .checks.urls import markdown_to_html
from .content import Site, SopDoc
from .flowchart_svg import render_svg
from .formatting import FILTERS
from .paths import LAYOUTS, PATHS, user_cache
from .sheet import ProcedureGeometry, procedure_geometry
from .views import DocView, sop_view


def mm(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "mm"


def environment(layouts: Path = LAYOUTS) -> Environment:
    env = Environment(
        loader=FileSystemLoader(layouts),
        bytecode_cache=_compiled_templates(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["mm"] = mm
    env.filters["markdown"] = markdown_safe
    env.globals["nav_pages"] = []  # the site's navigation, given per page (site.Website)
    return env


def _compiled_templates() -> BytecodeCache | None:
    """Compiled templates in the user's cache: each process would compile them again (0.2 s).
    Jinja keys them by the template's source, so an edited layout compiles afresh."""
    folder = user_cache("jinja")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


def markdown_safe(text: str, web_root: str | None = None) -> Markup:
    """Markdown rendered, then sanitised: no scripts, handlers, styles or javascript: links.

    Relative URLs in content name files inside content/ (checked by checks.urls). A web page
    reaches them through `web_root` (the site copies them to the same place); a PDF loads
    images from content/ itself and drops links to pages, which mean nothing on paper.
    With `web_root` None the text is rendered for a PDF.
    """

    def url(tag: str, attr: str, value: str) -> str | None:
        if attr not in ("src", "href"):
            return value
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            return value if tag == "a" else None  # a remote image never loads
        if not parts.path:
            return value
        if web_root is not None:
            return web_root + value
        return value if tag == "img" else None

    cleaned = nh3.clean(
        markdown_to_html(text or ""),
        url_schemes={"http", "https", "mailto"},
        attribute_filter=url,
    )
    return Markup(cleaned)


def document_html(
    env: Environment,
    view: DocView,
    *,
    web: bool,
    logo_src: str,
    pdf_href: str | None,
    geometry: ProcedureGeometry | None = None,
    extra: dict | None = None,
) -> str:
    """The page of one document, for the website (`web`) or for its PDF."""
    context = dict(view.context)
    context.update(view.web_links if web else view.print_links)
    if view.kind == "sop":
        geometry = geometry or procedure_geometry(view.doc, view.paper)
        pelaksana = view.doc.sop.pelaksana
        context["geometry"] = geometry
        context["svgs"] = [Markup(render_svg(p.flow_page, pelaksana)) for p in geometry.pages]
    context.update(extra or {})
    return env.get_template(view.template).render(
        **context,
        web=web,
        root="../",
        page_path=PATHS.html(view.kind, view.doc.id),
        logo_src=logo_src,
        pdf_href=pdf_href,
    )


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
    """One SOP sheet's page straight from the site (tests, previews)."""
    view = sop_view(site, doc)
    return document_html(
        env, view, web=web, logo_src=logo_src, pdf_href=pdf_href, geometry=geometry
    )
