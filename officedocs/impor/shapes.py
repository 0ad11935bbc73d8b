"""Symbol outlines and header labels, shared by the two readers."""

from __future__ import annotations

import re

from .model import Box, Point
from .text import words_key


def classify(pts: list[Point], box: Box) -> str:
    """terminator, process, decision or offpage from a closed outline's points."""
    w, h = box[2] - box[0], box[3] - box[1]
    uv = [((x - box[0]) / w, (y - box[1]) / h) for x, y in pts]

    def has(u: float, v: float, tol: float = 0.06) -> bool:
        return any(abs(a - u) < tol and abs(b - v) < tol for a, b in uv)

    corners = [has(0, 0), has(1, 0), has(1, 1), has(0, 1)]
    if all(abs(abs(u - 0.5) + abs(v - 0.5) - 0.5) < 0.08 for u, v in uv):
        return "decision"
    if all(corners):
        return "process"
    if corners[0] and corners[1] and has(0.5, 1) and not (corners[2] or corners[3]):
        return "offpage"
    if not any(corners) and has(0, 0.5, 0.12) and has(1, 0.5, 0.12):
        return "terminator"
    return "unknown"


ROLES = {  # header words as real sheets print them -> the column's role
    "no": "no",
    "nomor": "no",
    "uraian kegiatan": "uraian",
    "uraian": "uraian",
    "kegiatan": "uraian",
    "uraian prosedur": "uraian",
    "prosedur": "uraian",
    "aktivitas": "uraian",
    "uraian aktivitas": "uraian",
    "aktivitas kegiatan": "uraian",
    "kegiatan aktivitas": "uraian",
    "no kegiatan": "uraian",  # a Kegiatan header spanning the No column
    "no uraian kegiatan": "uraian",
    "no uraian prosedur": "uraian",
    "kelengkapan": "kelengkapan",
    "persyaratan kelengkapan": "kelengkapan",
    "persyaratan": "kelengkapan",
    "persyaratan perlengkapan": "kelengkapan",
    "perlengkapan": "kelengkapan",
    "kelengkapan persyaratan": "kelengkapan",
    "sumber data": "kelengkapan",
    "input": "kelengkapan",
    "waktu": "waktu",
    "output": "output",
    "hasil": "output",
    "keluaran": "output",
    "keterangan": "keterangan",
    "ket": "keterangan",
}
MUTU = ("mutu baku", "mutu buku")  # the spanning header over the next three
MUTU_ROLES = ("kelengkapan", "waktu", "output")
_BY_LETTERS = {k.replace(" ", ""): v for k, v in ROLES.items()}


def _role(text: str) -> str:
    """A header's role; spaces ignored, since a narrow cell breaks a word (`Keteranga` / `n`)."""
    return _BY_LETTERS.get(words_key(text).replace(" ", ""), "")


SPANNING = {"pelaksana", "mutu", "baku", "buku"}


def _unspanned(text: str) -> str:
    """A column's header without the spanning `Pelaksana` / `Mutu Baku` above it (whole, or a
    word of it over each column) and without a column number `(5)` under it."""
    words = re.sub(r"\(\s*\d{1,2}\s*\)", " ", text).lower()
    key = words_key(words).split()
    while len(key) > 1 and key[0] in SPANNING:
        key = key[1:]
    return " ".join(key)


def header_roles(full: list[str], lower: list[str]) -> list[str]:
    """Each column's role from its header text (the whole header cell, else its lower row,
    under a spanning `Mutu Baku`); the columns between Uraian and the first Mutu Baku column
    (Kelengkapan, or Waktu / Output on sheets without one) are the actors."""
    roles = [_role(_unspanned(f)) or _role(lo) for f, lo in zip(full, lower, strict=True)]
    if "uraian" in roles:
        u = roles.index("uraian")
        k = next((i for i in range(u + 1, len(roles)) if roles[i] in MUTU_ROLES), None)
        for i in range(u + 1, k if k is not None else u + 1):
            roles[i] = "actor"
    return [r or "lain" for r in roles]


def is_header_word(text: str) -> bool:
    """A header cell's text: a column role, or the spanning Pelaksana / Mutu Baku."""
    key = words_key(text)
    return bool(key) and (key in ("pelaksana", *MUTU) or _role(_unspanned(key)) not in ("", "no"))


def column_numbers(texts: list[str]) -> bool:
    """A row of column numbers under the header, `(1) (2) (3) ...`, gaps allowed."""
    nums = [t.strip() for t in texts if t.strip()]
    return len(nums) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", t) for t in nums)
