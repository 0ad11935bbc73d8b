"""The identity page: label : value rows and the six numbered blocks, from cells in order."""

from __future__ import annotations

import re

from .model import Line

LABELS = [
    ("nomor", "Nomor SOP"),
    ("tanggal_pembuatan", "Tanggal Pembuatan"),
    ("tanggal_revisi", "Tanggal Revisi"),
    ("tanggal_efektif", "Tanggal Pengesahan/Efektif"),
    ("tanggal_efektif", "Tanggal Pengesahan"),
    ("tanggal_efektif", "Tanggal Efektif"),
    ("disahkan", "Disahkan Oleh"),
    ("nama", "Nama SOP"),
    ("dasar_hukum", "Dasar Hukum"),
    ("kualifikasi_pelaksana", "Kualifikasi Pelaksana"),
    ("keterkaitan", "Keterkaitan"),
    ("peralatan", "Peralatan / Perlengkapan"),
    ("peralatan", "Peralatan"),
    ("peringatan", "Peringatan"),
    ("pencatatan", "Pencatatan dan Pendataan"),
    ("pencatatan", "Pencatatan"),
]
_PATTERNS = [
    (
        key,
        re.compile(
            r"^\s*"
            + r"[\s/]*".join(map(re.escape, label.replace("/", " ").split()))
            + r"\b\s*:?\s*",
            re.I,
        ),
    )
    for key, label in LABELS
]


def fields(cells: list[list[Line]]) -> dict[str, list[Line]]:
    """Each label's lines: the rest of its own line, its cell, and the cells after it up to the
    next label (a value printed in a cell of its own)."""
    out: dict[str, list[Line]] = {}
    current: list[Line] | None = None
    for cell in cells:
        lines = [ln for ln in cell if ln.text.strip()]
        if not lines:
            continue
        for key, pattern in _PATTERNS:
            m = pattern.match(lines[0].text)
            if m and key not in out:
                current = out[key] = []
                rest = lines[0].text[m.end() :].strip()
                if rest:
                    current.append(Line(rest, lines[0].numbered))
                current.extend(lines[1:])
                break
        else:
            if current is not None:
                current.extend(lines)
    return out


def value(lines: list[Line]) -> str:
    from .text import join

    return join([ln.text.strip().lstrip(":").strip() for ln in lines])


def signer(lines: list[Line]) -> tuple[str, str, str]:
    """(jabatan, nama, NIP) from the Disahkan Oleh block: jabatan first, the name above the NIP."""
    texts = [ln.text.strip().lstrip(":").strip() for ln in lines]
    texts = [t for t in texts if t]
    nip_at = next((i for i, t in enumerate(texts) if re.match(r"NIP\b", t, re.I)), None)
    nip = re.sub(r"^NIP\.?\s*:?\s*", "", texts[nip_at], flags=re.I) if nip_at is not None else ""
    body = texts[:nip_at] if nip_at is not None else texts
    jabatan = body[0] if body else ""
    nama = body[-1] if len(body) > 1 else ""
    return jabatan, nama, nip
