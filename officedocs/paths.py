"""Where everything lives: the project's own files, and every output path and URL.

One object answers "where does this document's page go, and how does a page link to it", so
the writer, the templates and the manifest never spell a path of their own.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
LAYOUTS = PACKAGE.parent / "layouts"  # templates, the stylesheet and the shipped fonts
FONTS = LAYOUTS / "fonts"


KINDS = ("sop", "laporan")  # document kinds; each has a folder of its own in output/
SITE_FOLDERS = ("dasar-hukum",)  # the website's own pages with a folder: one per regulation


@dataclass(frozen=True)
class OutputPaths:
    """Paths inside output/ (POSIX, relative to it); also the URLs between pages."""

    static: str = "assets"  # the site's own files: stylesheet, fonts
    assets: str = "aset"  # files from content/aset/: the logo, images

    @staticmethod
    def html(kind: str, doc_id: str) -> str:
        return f"{kind}/{doc_id}.html"

    @staticmethod
    def pdf(kind: str, doc_id: str) -> str:
        return f"{kind}/{doc_id}.pdf"

    @staticmethod
    def xlsx(kind: str, doc_id: str) -> str:
        return f"{kind}/{doc_id}.xlsx"

    @staticmethod
    def regulasi(rid: str) -> str:
        return f"dasar-hukum/{rid}.html"

    @staticmethod
    def halaman(page_id: str) -> str:
        return f"{page_id}.html"  # beside index.html: content/halaman may not name a page index

    def static_file(self, name: str) -> str:
        return f"{self.static}/{name}"

    def asset(self, name: str) -> str:
        return f"{self.assets}/{name}"

    @staticmethod
    def url(page: str, target: str) -> str:
        """The relative link from the page at `page` to `target`: works from any folder."""
        return posixpath.relpath(target, posixpath.dirname(page) or ".")

    @staticmethod
    def root(page: str) -> str:
        """The prefix that leads from `page` back to output/ ("" or "../")."""
        depth = page.count("/")
        return "../" * depth


PATHS = OutputPaths()
