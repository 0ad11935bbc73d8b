"""Every URL in Markdown text, checked where it is written, before anything is built.

The Markdown is rendered by the same function the site uses, and the raw HTML (before the
sanitiser) is parsed, so what is checked is exactly what the author wrote, including raw
HTML. A relative URL is a path inside content/: an image there, a file to download, or a
page of the site (`sop/<id>.html`, `laporan/<id>.pdf`, `index.html`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3

from ..documents import rel
from ..markdown_html import markdown_to_html
from ..problems import Problems
from .images import IMAGE_TYPES, ImageChecks

LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes whose URL is opened by following it; every other URL attribute loads something.
LINK_ATTRS = frozenset({("a", "href"), ("area", "href")})
URL_ATTRS = frozenset(
    "href src srcset cite longdesc poster background data action formaction xlink:href "
    "ping manifest codebase".split()
)


@dataclass
class UrlContext:
    """What a URL may point at: the content folder and the pages the build will write."""

    root: Path
    pages: dict[str, bool]  # page or PDF -> on the website in every build (False: a draft)
    images: ImageChecks
    problems: Problems


@dataclass
class Place:
    """Where a Markdown text sits: its file, its key, and the line its value starts on."""

    path: Path
    where: str
    line: int
    col: int
    _lines: list[str] | None = field(default=None, repr=False)
    _cursor: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        self._cursor = (self.line - 1, 0)

    def find(self, needle: str) -> tuple[int, int]:
        """The line and column of `needle` as written.

        Tags, attributes and URLs are looked up in the order the HTML holds them, which is
        the order of the source, so each search starts where the previous one ended: the
        second of two equal URLs is found on its own line.
        """
        if self._lines is None:
            self._lines = self.path.read_text(encoding="utf-8").splitlines()
        # As an attribute value or a Markdown target, not inside a word.
        before = "" if needle.startswith("<") else r"(?:^|(?<=[\s(\"'=<\[]))"
        pattern = re.compile(before + re.escape(needle))
        for start in (self._cursor, (self.line - 1, 0)):
            n, col = start
            while n < len(self._lines):
                m = pattern.search(self._lines[n], col)
                if m:
                    self._cursor = (n, m.end())
                    return n + 1, m.start() + 1
                n, col = n + 1, 0
        return self.line, self.col


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, "", ""))
        for name, value in attrs:
            self.found.append((tag, name, value or ""))

    handle_startendtag = handle_starttag


def check_markdown(text: str, place: Place, ctx: UrlContext) -> list[Path]:
    """Add a problem for every tag, attribute or URL that may not be published.

    Returns the content files the text uses (images, downloads), resolved.
    """
    parser = _Collector()
    parser.feed(markdown_to_html(text))
    parser.close()
    used: list[Path] = []
    for tag, attr, value in parser.found:
        if not attr:
            if tag not in nh3.ALLOWED_TAGS:
                _add(ctx, place, f"<{tag}", f"tag <{tag}> tidak diizinkan di teks ini")
        elif attr.startswith("on"):
            _add(ctx, place, attr, f'atribut "{attr}" (skrip) tidak diizinkan di teks ini')
        elif attr == "style":
            _add(ctx, place, attr, 'atribut "style" tidak diizinkan; tampilan diatur layouts/')
        elif attr in URL_ATTRS:
            urls = (
                [u.split()[0] for u in value.split(",") if u.strip()]
                if attr == "srcset"
                else [value]
            )
            for url in urls:
                path = check_url(url, (tag, attr) in LINK_ATTRS, place, ctx)
                if path is not None and path not in used:
                    used.append(path)
    return used


def _add(ctx: UrlContext, place: Place, needle: str, message: str) -> None:
    line, col = place.find(needle)
    ctx.problems.add(rel(place.path), line, col, place.where, message)


def check_url(url: str, link: bool, place: Place, ctx: UrlContext) -> Path | None:
    """One URL: allowed remote link, page of the site, or a file inside content/."""
    value = url.strip()
    parts = urlsplit(value)
    shown = value if len(value) <= 80 else value[:77] + "..."

    def refuse(message: str) -> None:
        _add(ctx, place, value, message)

    if parts.scheme or parts.netloc:
        if link and parts.scheme in LINK_SCHEMES:
            return None
        if link and not parts.scheme:
            refuse(f'tulis alamat lengkap, diawali https:// ("{shown}")')
            return None
        if parts.scheme in ("http", "https") or not parts.scheme:
            refuse(
                f'gambar dari server lain tidak diizinkan ("{shown}"): pengunjung situs akan '
                f"memanggil server itu dan PDF tidak bisa memuatnya; simpan berkasnya di "
                f"{rel(ctx.root / 'aset')}/ lalu tulis aset/<nama berkas>"
            )
        else:
            refuse(f'alamat dengan skema "{parts.scheme}:" tidak diizinkan ("{shown}")')
        return None
    if not parts.path:
        if not parts.fragment and not link:
            refuse("alamat gambar kosong")
        return None  # #bagian: a place on the same page
    return _local(unquote(parts.path), link, refuse, place, ctx)


def _local(
    path: str, link: bool, refuse: Callable[[str], None], place: Place, ctx: UrlContext
) -> Path | None:
    if path.startswith("/"):
        refuse(f'tulis alamat relatif terhadap {rel(ctx.root)}/, tanpa "/" di depan ("{path}")')
        return None
    page = posixpath.normpath(path)
    if link and page in ctx.pages:
        if not ctx.pages[page]:
            line, col = place.find(path)
            ctx.problems.warn(
                rel(place.path),
                line,
                col,
                place.where,
                f'halaman "{path}" adalah draf: hanya ada di situs bila dibangun dengan --drafts',
            )
        return None
    root = ctx.root.resolve()
    target = (ctx.root / path).resolve()  # after symlinks: a link out of content/ is out
    if not target.is_relative_to(root):
        refuse(f'"{path}" menunjuk ke luar folder {rel(ctx.root)}/')
        return None
    if not target.is_file():
        if link and path.endswith((".html", ".pdf")):
            refuse(f'halaman "{path}" tidak ada di situs (tidak ada dokumen dengan nama itu)')
        else:
            refuse(f'berkas "{path}" tidak ada di {rel(ctx.root)}/')
        return None
    if target.suffix in (".yaml", ".yml", ".md"):
        refuse(f'"{path}" adalah berkas isi; tautkan halamannya (misalnya sop/<id>.html)')
        return None
    if not link and target.suffix.lower() not in IMAGE_TYPES:
        known = ", ".join(sorted({k.lstrip(".") for k in IMAGE_TYPES}))
        refuse(f'"{path}" bukan gambar yang bisa ditampilkan (yang bisa: {known})')
        return None
    checks = ctx.images
    usable = checks.image(target) if not link else checks.download(target)
    return target if usable else None
