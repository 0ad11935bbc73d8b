"""Render HTML: a view model through the Jinja layouts (autoescaped; formatting in filters)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from .documents import Site, SopDoc
from .flowchart_svg import render_svg
from .formatting import FILTERS
from .markdown_html import markdown_safe
from .paths import LAYOUTS, PATHS
from .sheet import ProcedureGeometry, procedure_geometry
from .usercache import private_folder, trusted
from .views import DocView, sop_view


def mm(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") + "mm"


def css_string(text: str) -> Markup:
    """`text` as a CSS string inside a <style> element: anything but plain letters, digits and
    punctuation as a CSS escape, so no quote, backslash or `</style>` can end it."""
    safe = " .,:;()-/"
    body = "".join(
        c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in " ".join(text.split())
    )
    return Markup(f'"{body}"')


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
    env.filters["css_string"] = css_string
    env.globals["nav_pages"] = []  # the site's navigation, given per page (site.Website)
    return env


def _compiled_templates() -> BytecodeCache | None:
    """Compiled templates in the user's cache: each process would compile them again (0.2 s).
    Jinja keys them by the template's source, so an edited layout compiles afresh."""
    try:
        folder = private_folder("jinja")
    except OSError:
        return None
    return _TrustedBytecode(str(folder))


class _TrustedBytecode(FileSystemBytecodeCache):
    """Compiled templates are code: one is loaded only from a file no one else could have
    planted (usercache.trusted); any other is compiled again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        if trusted(Path(self._get_cache_filename(bucket))):
            super().load_bytecode(bucket)


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
        context["svgs"] = [Markup(render_svg(p, pelaksana)) for p in geometry.pages]
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
