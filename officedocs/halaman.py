"""Website pages from `content/halaman/<id>.md`: a YAML front matter, then Markdown.

```
---
judul: Cara Membaca SOP
urutan: 1            # optional: place in the site's navigation (smaller first)
deskripsi: ...       # optional: the page's meta description (default: its first paragraph)
---
Markdown ...
```
Problems are collected like those of every other content file, with the file's own line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field

from .checks.schema import validate
from .documents import rel
from .problems import Problems
from .schema import Strict, Teks
from .yamltext import MAX_BYTES, Located, YamlProblem, load_text

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# output/<id>.html sits beside these; a page must not overwrite one of them.
RESERVED = {"index"}
FENCE = "---"


class FrontMatter(Strict):
    judul: Teks
    urutan: Annotated[int, Field(ge=0, le=9999)] | None = None
    deskripsi: str | None = None


@dataclass(frozen=True)
class Halaman:
    id: str
    path: Path
    judul: str
    urutan: int | None
    deskripsi: str | None
    markdown: str
    first_line: int  # the body's first line in the file, for messages about it

    @property
    def order(self) -> tuple:
        return (self.urutan is None, self.urutan or 0, self.judul.lower(), self.id)


def load_halaman(folder: Path, problems: Problems) -> list[Halaman]:
    """Every page in `folder`, in navigation order; problems are added to `problems`."""
    if not folder.is_dir():
        return []
    pages: list[Halaman] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".md":
            problems.add(rel(path), 1, 1, "", "halaman harus berupa berkas berakhiran .md")
            continue
        if not ID.match(path.stem) or path.stem in RESERVED:
            problems.add(
                rel(path),
                1,
                1,
                "",
                "nama berkas halaman hanya boleh huruf kecil, angka dan -, dan bukan "
                f'"index" (ditemukan: "{path.name}")',
            )
            continue
        page = _load_page(path, problems)
        if page is not None:
            pages.append(page)
    return sorted(pages, key=lambda p: p.order)


def _load_page(path: Path, problems: Problems) -> Halaman | None:
    where = rel(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(where, 1, 1, "", f"berkas tidak bisa dibaca: {exc.strerror}")
        return None
    if len(raw) > MAX_BYTES:
        problems.add(where, 1, 1, "", f"berkas terlalu besar ({len(raw)} byte, batas {MAX_BYTES})")
        return None
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(where, line, 1, "", "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8")
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != FENCE:
        problems.add(
            where,
            1,
            1,
            "",
            'halaman harus diawali front matter: baris "---", judul: ..., lalu baris "---"',
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == FENCE), None)
    if end is None:
        problems.add(where, 1, 1, "", 'front matter tidak ditutup dengan baris "---"')
        return None
    if not "".join(lines[1:end]).strip():
        problems.add(where, 2, 1, "", "front matter kosong: tulis sedikitnya judul: ...")
        return None
    try:
        located = _shift(load_text("".join(lines[1:end]).encode("utf-8")), 1)
    except YamlProblem as exc:
        problems.add(where, exc.line + 1, exc.col, "", exc.message)
        return None
    if not isinstance(located.data, dict):
        problems.add(where, 2, 1, "", "front matter harus berupa pemetaan (judul: ...)")
        return None
    front = validate(FrontMatter, located, path, problems)
    body = "".join(lines[end + 1 :])
    if not body.strip():
        problems.add(
            where, end + 1, 1, "", "isi halaman kosong: tulis teksnya di bawah front matter"
        )
        return None
    if front is None:
        return None
    return Halaman(path.stem, path, front.judul, front.urutan, front.deskripsi, body, end + 2)


def _shift(doc: Located, lines: int) -> Located:
    """Positions of a front matter parsed on its own, moved to where it sits in the file."""
    move = lambda table: {k: (line + lines, col) for k, (line, col) in table.items()}  # noqa: E731
    return Located(doc.data, move(doc.values), move(doc.keys))
