"""Markdown in content -> HTML: the one renderer the content check (`checks.urls`) reads and
the pages (`render`, `site`) show, so both see the same links and images."""

from __future__ import annotations

from urllib.parse import urlsplit

import markdown as md
import nh3
from markupsafe import Markup


def markdown_to_html(text: str) -> str:
    """Markdown as HTML, before sanitising: the one renderer both the check and the site use."""
    return md.markdown(text)


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
