"""Tie what a sheet prints to content/: dates, the signing official, regulations, other SOPs.

Each function returns its best value and, when that value is a guess, the note to print.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import formatting
from ..checks.registry import signer_on
from ..schema import UNITS, Jabatan
from .text import words_key

BULAN = {
    "januari": 1, "februari": 2, "pebruari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "agustus": 8, "september": 9, "oktober": 10, "nopember": 11, "november": 11,
    "desember": 12, "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
}  # fmt: skip


def tanggal(text: str) -> tuple[dt.date | None, str | None]:
    """`26 Juli 2023` -> 2023-07-26; `-` or nothing -> None; anything else -> None and a note."""
    t = text.strip().strip(":").strip()
    if t in ("", "-", "–", "—"):
        return None, None
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", t)
    try:
        if m and m.group(2).lower() in BULAN:
            return dt.date(int(m.group(3)), BULAN[m.group(2).lower()], int(m.group(1))), None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            return dt.date.fromisoformat(t), None
        m = re.fullmatch(r"([A-Za-z]+)\s+(\d{4})", t)
        if m and m.group(1).lower() in BULAN:
            day = dt.date(int(m.group(2)), BULAN[m.group(1).lower()], 1)
            return day, f'tercetak "{t}" tanpa tanggal; ditulis tanggal 1'
    except ValueError:
        pass
    return None, f'tanggal tercetak "{t}" tidak terbaca; tulis sebagai TTTT-BB-HH'


_UNIT = "(" + "|".join(UNITS) + ")"  # the units the schema takes (matched ignoring case)


def waktu(text: str) -> tuple[str, str | None]:
    """A step's time as the content model takes it (`2 Jam`), and a note when it had to be
    read into that form: `1 hari kerja` -> `1 hari`, `5-10 menit` -> `10 menit` (the longer),
    nothing or `Sesuai kebutuhan` -> `1 Hari`, a stand-in to be replaced."""
    t = " ".join(text.split())
    if re.fullmatch(r"\d+([.,]\d+)?\s+" + _UNIT, t, re.I):
        return t, None
    m = re.search(r"(?:\d+\s*[-–]\s*)?(\d+(?:[.,]\d+)?)\s*" + _UNIT + r"\b", t, re.I)
    if m:
        return (
            f"{m.group(1)} {m.group(2)}",
            f'tercetak "{t}"; ditulis dalam bentuk <angka> <satuan>',
        )
    shown = f'tercetak "{t}"' if t else "tidak tercetak"
    return "1 Hari", f"waktu {shown}: 1 Hari hanya pengisi, ganti dengan waktu yang benar"


def pejabat(
    jabatan: str, nama: str, nip: str, when: dt.date | None, registry: dict[str, Jabatan]
) -> tuple[str, str | None]:
    """The role whose jabatan is printed; checked against who held it on `when`, asked of
    `signer_on`, the build's own answer."""
    roles = [r for r, v in registry.items() if words_key(v.jabatan) == words_key(jabatan)]
    if len(roles) != 1:
        guess = re.sub(r"[^a-z0-9]+", "-", jabatan.lower()).strip("-") or "camat"
        return guess, f'jabatan "{jabatan}" tidak ada di pejabat.yaml; tambahkan atau pilih peran'
    role = roles[0]
    if when is None:
        return role, "tanggal efektif tidak terbaca: siapa yang menjabat tidak bisa diperiksa"
    signer = signer_on(registry, role, when)
    if signer is None:
        return role, f"tidak ada {role} yang menjabat pada tanggal efektif di pejabat.yaml"
    holder = signer.masa
    digits = re.sub(r"\D", "", nip)
    if words_key(holder.nama) != words_key(nama) or (
        digits and digits != re.sub(r"\D", "", holder.nip)
    ):
        return role, (
            f'tercetak "{nama}" NIP {nip or "-"}, di pejabat.yaml pada tanggal itu '
            f'"{holder.nama}" NIP {formatting.nip(holder.nip)}'
        )
    return role, None


JENIS_SINGKAT = {
    "pp": "peraturan pemerintah",
    "perpres": "peraturan presiden",
    "permendagri": "peraturan menteri dalam negeri",
    "permenpan rb": "peraturan menteri pendayagunaan aparatur negara dan reformasi birokrasi",
    "uu": "undang undang",
    "perda": "peraturan daerah",
    "perbup": "peraturan bupati",
}
_CITATION = re.compile(
    r"^(?P<jenis>.+?)\s+(?:Nomor|No\.?)\s+(?P<nomor>[0-9A-Za-z/.\-]+)\s+Tahun\s+(?P<tahun>\d{4})"
    r"(?:\s+tentang\s+(?P<tentang>.*))?$",
    re.IGNORECASE,
)


def _jenis_key(jenis: str) -> str:
    k = words_key(jenis).replace(" republik indonesia", "")
    return JENIS_SINGKAT.get(k, k)


def dasar_hukum(text: str, registry: dict) -> tuple[str, str | None, dict | None]:
    """(id, note, proposed entry): the registry id for a citation, or a proposed new entry."""
    m = _CITATION.match(text.strip())
    if not m:
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower())[:40].strip("-")
        entry = {"jenis": "", "nomor": "", "tahun": "", "tentang": text}
        return slug, "kutipan tidak berbentuk '<jenis> Nomor <n> Tahun <tttt> tentang ...'", entry
    jenis, nomor, tahun = m.group("jenis"), m.group("nomor"), m.group("tahun")
    same = [
        rid
        for rid, r in registry.items()
        if isinstance(r, dict) and str(r.get("nomor")) == nomor and str(r.get("tahun")) == tahun
    ]
    exact = [
        rid for rid in same if _jenis_key(str(registry[rid].get("jenis", ""))) == _jenis_key(jenis)
    ]
    if len(exact) == 1:
        return exact[0], None, None
    if len(same) == 1:
        return same[0], f'jenis tercetak "{jenis}" berbeda dengan dasar_hukum.yaml', None
    short = {v: k for k, v in JENIS_SINGKAT.items()}.get(_jenis_key(jenis))
    prefix = short or "".join(w[0] for w in words_key(jenis).split())
    rid = f"{prefix.replace(' ', '-')}-{re.sub(r'[^a-z0-9]+', '-', nomor.lower())}-{tahun}"
    entry = {
        "jenis": jenis,
        "nomor": nomor,
        "tahun": int(tahun),
        "tentang": (m.group("tentang") or "").strip(),
    }
    return (
        rid,
        "peraturan baru, belum di dasar_hukum.yaml: usulannya di {usulan}",
        entry,
    )


def keterkaitan(text: str, sops: dict[str, str]) -> str | dict:
    """`SOP <nama>` naming an SOP kept in content/sop becomes a link to it."""
    key = words_key(re.sub(r"^\s*SOP\s+", "", text, flags=re.IGNORECASE))
    hits = [sid for sid, nama in sops.items() if words_key(nama) == key]
    return {"sop": hits[0]} if len(hits) == 1 else text
