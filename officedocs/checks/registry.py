"""Checks across files: the registries (officials, regulations) and what must be unique."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ..documents import Signer, rel
from ..problems import Problems
from ..schema import Jabatan, Regulasi
from ..yamltext import Located
from .schema import where

Report = Callable[[tuple, str], None]


def signer_on(pejabat: dict[str, Jabatan], role: str, date: dt.date) -> Signer | None:
    """Whoever held `role` on `date` (the latest term that covers it)."""
    jabatan = pejabat.get(role)
    if jabatan is None:
        return None
    for masa in sorted(jabatan.masa, key=lambda m: m.mulai, reverse=True):
        if masa.mulai <= date and (masa.selesai is None or date <= masa.selesai):
            return Signer(jabatan.jabatan, masa)
    return None


def check_signer(
    report: Report,
    loc: tuple,
    pejabat: dict[str, Jabatan] | None,
    role: str | None,
    date: dt.date | None,
    what: str,
) -> Signer | None:
    """Whoever held `role` on the document's date, or a problem at `loc` saying why not.

    None of them judged when the role, the date (they did not parse: the schema said so) or
    pejabat.yaml (its registry failed) is missing: None without a problem."""
    if pejabat is None or role is None or date is None:
        return None
    if role not in pejabat:
        known = ", ".join(pejabat)
        report(loc, f'jabatan "{role}" tidak ada di pejabat.yaml (yang ada: {known})')
        return None
    signer = signer_on(pejabat, role, date)
    if signer is None:
        report(loc, f'tidak ada pejabat "{role}" yang menjabat pada {what} {date.isoformat()}')
    return signer


def check_revocations(
    regulasi: dict[str, Regulasi], doc: Located, path: Path, problems: Problems
) -> None:
    for rid, reg in regulasi.items():
        if reg.dicabut_oleh is not None and reg.dicabut_oleh not in regulasi:
            line, col = doc.where((rid, "dicabut_oleh"))
            problems.add(
                rel(path),
                line,
                col,
                f"{rid}.dicabut_oleh",
                f'peraturan "{reg.dicabut_oleh}" tidak ada di dasar_hukum.yaml',
            )


def check_unique(
    entries: list[tuple[str, Path, Located, tuple]],
    problems: Problems,
    describe: Callable[[str, str], str],
    later: Callable[[Path], bool] = lambda path: False,
) -> set[Path]:
    """Two files that claim one identity (an SOP number, a report's quarter).

    `entries` are (value, file, its YAML, the located key). The first file keeps the value;
    every later one is an error that names the first, with its line, so staff see both;
    `describe(value, first place)` words it.
    A file for which `later(file)` holds (an imported draft) yields to every other file.
    Returns the files refused.
    """
    first: dict[str, tuple[Path, int, int]] = {}
    refused: set[Path] = set()
    # `later` may read the file: asked only of files whose value is claimed twice.
    claims = Counter(value for value, *_ in entries)
    order = sorted(entries, key=lambda e: (claims[e[0]] > 1 and later(e[1]), str(e[1])))
    for value, path, doc, loc in order:
        line, col = doc.where(loc)
        if value in first:
            other, oline, ocol = first[value]
            problems.add(
                rel(path),
                line,
                col,
                where(loc),
                describe(value, f"{rel(other)}:{oline}:{ocol}"),
            )
            refused.add(path)
        else:
            first[value] = (path, line, col)
    return refused
