"""`periksa.html`: a reader drops a PDF on the page, the browser computes its SHA-256 (Web
Crypto, no server) and the page says which published document and version it is, or that the
office never published it.

The page carries its own table of digests (a `file://` page may not fetch a JSON file). Earlier
versions stay in it: each build reads the table of the page it replaces, so a superseded copy
is recognised as such ("versi lama") instead of as a stranger's file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .paths import PATHS

PAGE = "periksa.html"
_DATA = re.compile(r'<script id="periksa-data" type="application/json">(.*?)</script>', re.S)


@dataclass(frozen=True)
class Published:
    """One published PDF as the page names it."""

    sha256: str
    jenis: str  # "SOP" or "Laporan"
    judul: str
    nomor: str
    halaman: str  # its web page, from the site's root
    tanggal: str  # the document's date, in words
    tte: str | None  # "RAHMADI, 5 Desember 2026 10.00 WITA" when signed


def table(current: list[Published], previous: dict[str, dict]) -> dict[str, dict]:
    """Digest -> what it is. Current PDFs are `terbaru`; a digest the last page listed that is
    no longer current stays, marked as a superseded version of its document."""
    out: dict[str, dict] = {}
    for pub in current:
        out[pub.sha256] = {
            "jenis": pub.jenis,
            "judul": pub.judul,
            "nomor": pub.nomor,
            "halaman": pub.halaman,
            "tanggal": pub.tanggal,
            "tte": pub.tte,
            "terbaru": True,
        }
    for sha, old in previous.items():
        # A draft shown by an earlier --drafts build is no published version: never carried
        # (without --drafts a draft leaves nothing in output/, its name included).
        if not isinstance(old, dict) or str(old.get("jenis", "")).endswith("(DRAF)"):
            continue
        if sha not in out and "judul" in old:
            out[sha] = {**old, "terbaru": False}
    return dict(sorted(out.items()))


def previous_table(html: str | None) -> dict[str, dict]:
    """The table of the page a build replaces; {} when there is none or it cannot be read."""
    if not html:
        return {}
    found = _DATA.search(html)
    if not found:
        return {}
    try:
        data = json.loads(found.group(1).replace("<\\/", "</"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def as_script(data: dict[str, dict]) -> str:
    """The table as the page embeds it: JSON that cannot close its <script> element."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")


def table_for(website, manifest, output: Path) -> dict[str, dict]:  # noqa: ANN001
    """The table of this build: every published PDF (`website`), by the SHA-256 its record
    holds, with the versions the page it replaces listed. A digest already listed keeps its
    signature's words, so only a new PDF is read."""
    try:
        previous = previous_table((output / PAGE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        previous = {}
    current = []
    for kind, docs in (("sop", website.sops), ("laporan", website.laporan)):
        for doc in docs:
            pdf = PATHS.pdf(kind, doc.id)
            record = manifest.records.get(pdf)
            sha = record.outputs.get(pdf) if record and website.has_pdf(kind, doc.id) else None
            if sha:
                current.append(_published(kind, doc, sha, output / pdf, previous.get(sha)))
    return table(current, previous)


def _published(kind: str, doc, sha: str, path: Path, known: dict | None) -> Published:  # noqa: ANN001
    from .formatting import tanggal
    from .sign import signature_info
    from .views import judul_laporan

    if known is not None and "tte" in known:
        tte = known["tte"]
    else:
        info = signature_info(path)
        tte = f"{info['nama']}, {info['waktu']}" if info else None
    if kind == "sop":
        jenis, judul, nomor = "SOP", doc.sop.nama, doc.sop.nomor
    else:
        jenis, judul, nomor = "Laporan", judul_laporan(doc), ""
    if doc.status == "draf":
        jenis += " (DRAF)"
    return Published(
        sha256=sha,
        jenis=jenis,
        judul=judul,
        nomor=nomor,
        halaman=PATHS.html(kind, doc.id),
        tanggal=tanggal(doc.date),
        tte=tte,
    )
