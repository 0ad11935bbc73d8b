"""A hostile Markdown corpus in a report narrative and in a website page: refused, file:line.

Nothing is written, the test's own server on 127.0.0.1 receives no request, and the
sanitiser alone (the second line of defence) leaves nothing executable or remote either.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from officedocs.cli import main
from officedocs.markdown_html import markdown_safe

LAPORAN = "content/laporan/kinerja-triwulan-iii-2023.yaml"
PAGE = "content/halaman/hostile.md"


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that records every request it gets."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def corpus(base: str) -> list[tuple[str, str, str]]:
    """(line of Markdown, what the message points at, the message)."""
    return [
        ("<script>alert(1)</script>", "<script", "tag <script> tidak diizinkan di teks ini"),
        (
            '<img src="aset/logo.svg" onerror="alert(2)">',
            "onerror",
            'atribut "onerror" (skrip) tidak diizinkan di teks ini',
        ),
        (
            "[klik](javascript:alert(3))",
            "javascript:",
            'alamat dengan skema "javascript:" tidak diizinkan ("javascript:alert(3)")',
        ),
        (
            "<link rel=attachment href=file:///etc/passwd>",
            "<link",
            "tag <link> tidak diizinkan di teks ini",
        ),
        (  # the same line again: its URL is reported as well
            "<link rel=attachment href=file:///etc/passwd>",
            "file:",
            'alamat dengan skema "file:" tidak diizinkan ("file:///etc/passwd")',
        ),
        (
            "![sandi](file:///etc/passwd)",
            "file:",
            'alamat dengan skema "file:" tidak diizinkan ("file:///etc/passwd")',
        ),
        (
            "![naik](../../etc/passwd)",
            "../",
            '"../../etc/passwd" menunjuk ke luar folder content/',
        ),
        (
            f"<style>@import url({base}/a.css); p {{ background: url(aset/logo.svg) }}</style>",
            "<style",
            "tag <style> tidak diizinkan di teks ini",
        ),
        (
            f'<p style="background:url({base}/b.png)">teks</p>',
            "style",
            'atribut "style" tidak diizinkan; tampilan diatur layouts/',
        ),
        (
            f"![server]({base}/c.png)",
            base,
            f'gambar dari server lain tidak diizinkan ("{base}/c.png"): pengunjung situs akan '
            "memanggil server itu dan PDF tidak bisa memuatnya; simpan berkasnya di content/aset/ "
            "lalu tulis aset/<nama berkas>",
        ),
    ]


def test_hostile_markdown_is_refused_before_anything_is_written(
    site_dir: Path, capsys, server: tuple[str, list[str]]
) -> None:
    base, seen = server
    items = corpus(base)
    lines = list(dict.fromkeys(md for md, _, _ in items))
    report = Path(LAPORAN)
    first = len(report.read_text(encoding="utf-8").splitlines()) + 1
    with report.open("a", encoding="utf-8") as f:
        f.writelines(f"\n  {md}\n" for md in lines)  # blank lines: one block each
    Path(PAGE).parent.mkdir(exist_ok=True)
    Path(PAGE).write_text(
        "---\njudul: Profil\n---\n" + "".join(f"{md}\n\n" for md in lines), encoding="utf-8"
    )
    expected = []
    for md, needle, message in items:
        n = lines.index(md)
        col = md.index(needle) + 1
        expected.append(f"{LAPORAN}:{first + 2 * n + 1}:{col + 2}: tindak_lanjut: {message}")
        expected.append(f"{PAGE}:{4 + 2 * n}:{col}: {message}")

    assert main([]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sorted(err[:-1]) == sorted(expected)
    assert err[-1] == f"{len(expected)} masalah pada isi; output/ tidak diubah"
    assert not (site_dir / "output").exists()
    assert seen == []


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("web_root", ["../", None], ids=["web", "pdf"])
def test_the_sanitiser_alone_leaves_nothing_executable_or_remote(
    web_root: str | None, server: tuple[str, list[str]]
) -> None:
    base, seen = server
    html = markdown_safe("\n\n".join({md: 0 for md, _, _ in corpus(base)}), web_root)
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "style", "link"), html
        for name, value in attrs.items():
            assert not name.startswith("on") and name != "style", html
            if name == "src":
                assert ":" not in (value or "") and not (value or "").startswith("//"), html
            if name == "href":
                assert (value or "").startswith(("http", "mailto:", "#", "../")), html
    assert "127.0.0.1" not in html and "file:" not in html and "javascript" not in html
    assert seen == []
