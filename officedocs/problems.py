"""Problems: one type for everything a build reports, with its place in a content file.

Content errors, content warnings, WeasyPrint's warnings and layouts that had to bend a rule
are all a Problem: a file, line and column, a kind (error or warning), where it came from
(`origin`) and a message, printed `path:line:col: where: peringatan: message`.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .shown import shown


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in content, printed as `path:line:col: where: what`."""

    path: str
    line: int
    col: int
    where: str
    message: str
    kind: str = "error"  # "error" or "warning"
    origin: str = "isi"  # "isi" (content checks), "weasyprint", "tata-letak" (layout)

    def __str__(self) -> str:
        place = spoken(self.where)
        # `langkah 4: langkah 4 tidak pernah dicapai ...` says its place once.
        named = place.startswith("langkah ") and re.search(
            re.escape(place) + r"(?!\d)", self.message
        )
        where = f" {place}:" if place and not named else ""
        label = "peringatan: " if self.kind == "warning" else ""
        # Paths, keys and values come from content: no control character reaches a terminal.
        return shown(f"{self.path}:{self.line}:{self.col}:{where} {label}{self.message}")


def spoken(where: str) -> str:
    """A place as people count: `kegiatan[7].keputusan` is `langkah 8, keputusan`, and any
    other list item `dasar_hukum ke-3`."""
    out, counted = "", False
    for part in _ITEM.split(where):
        if part.isdigit():
            n = int(part) + 1
            out = f"langkah {n}" if out == "kegiatan" else f"{out} ke-{n}"
        elif part:
            out += f", {part.removeprefix('.')}" if counted else part
        counted = part.isdigit()
    return out


_ITEM = re.compile(r"\[(\d+)\]")


@dataclass
class Problems:
    """Collects every problem of a run so they are reported together."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, col: int, where: str, message: str) -> None:
        self.items.append(Problem(path, line, col, where, message))

    def warn(self, path: str, line: int, col: int, where: str, message: str) -> None:
        self.items.append(Problem(path, line, col, where, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.kind == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.kind == "warning"]


def os_error_text(exc: OSError) -> str:
    """An OS error in Indonesian: staff read these, not programmers."""
    return {
        errno.ENOENT: "berkas tidak ada",
        errno.EACCES: "tidak ada izin membacanya",
        errno.EISDIR: "itu folder, bukan berkas",
    }.get(exc.errno, exc.strerror or str(exc))


def weasyprint_warning(message: str, source: Path, content_root: Path | None = None) -> Problem:
    """A WeasyPrint log message as a warning on the document's source file.

    WeasyPrint names files by absolute URL; inside content/ they are shown as staff know them
    (`content/aset/peta.png`), so no path of the building machine reaches the report.
    """
    text = " ".join(message.split())
    if content_root is not None:
        root = content_root.resolve()
        text = text.replace(root.as_uri() + "/", _rel(root) + "/")
    return Problem(_rel(source), 1, 1, "", f"WeasyPrint: {text}", "warning", "weasyprint")


def layout_warning(source: Path, line: int, col: int, where: str, message: str) -> Problem:
    """A layout that had to bend a rule (for example a flow drawn through connectors)."""
    return Problem(_rel(source), line, col, where, message, "warning", "tata-letak")


def signing_warning(source: Path, message: str) -> Problem:
    """A final document signed with a key that is not the printed official's."""
    return Problem(_rel(source), 1, 1, "", message, "warning", "tte")


def _rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class ContentError(Exception):
    """Raised once at the end of validation, carrying every error found."""

    what = "masalah pada isi"  # how the closing line counts them: "3 masalah pada isi"

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class StrictWarnings(ContentError):
    """--strict: the content's warnings stop the run before anything is written."""

    what = "peringatan (--strict)"


def refuse_warnings(warnings: list[Problem], strict: bool) -> None:
    """--strict, the one rule `build`, `check` and `serve` share: warnings are errors."""
    if strict and warnings:
        raise StrictWarnings(list(warnings))
