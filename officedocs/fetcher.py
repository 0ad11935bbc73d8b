"""WeasyPrint's fetches, restricted to the project's own files and data: URLs.

Content is typed by people and may be hostile; the building machine may hold a signing key.
Anything else (other files, the network, `../` escapes, symlinks out) fails the render: the
refusal is a FatalURLFetchingError, which WeasyPrint lets through instead of logging it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher


class FetchRefused(FatalURLFetchingError):
    pass


class ProjectFetcher(URLFetcher):
    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = [p.resolve() for p in allowed]
        self.fetched: set[Path] = set()  # every file handed to WeasyPrint: the render's inputs

    def fetch(self, url: str, headers=None):  # noqa: ANN001, ANN201 - WeasyPrint's signature
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            raise FetchRefused(f"mengambil dari luar proyek ditolak: {url}")
        target = Path(unquote(parts.path)).resolve()  # follows symlinks: a link out is refused
        if not any(target.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"berkas di luar folder proyek ditolak: {url}")
        self.fetched.add(target)
        return super().fetch(target.as_uri(), headers)
