"""Lines an import left marked `# PERIKSA: ...`: guesses nobody has looked at yet.

Each such line is a warning at its own line (so `--strict` fails on it); an SOP that says
`status: final` while it still has one is an error: a guess must not be published as fact.
The import also writes `# Diimpor dari ...` as the file's first line, which tells a draft
made by the importer from an SOP staff wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Problems

MARK = re.compile(r"#\s*PERIKSA\b[^:]*:\s*(?P<note>.*)$")
IMPORTED = "# Diimpor dari "


def check_periksa(path: Path, shown: str, final: bool, problems: Problems) -> None:
    """A warning (or, in a final SOP, an error) for every PERIKSA line of the file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    for n, line in enumerate(text.splitlines(), 1):
        m = MARK.search(line)
        if m is None:
            continue
        col = m.start() + 1
        note = m.group("note").strip()
        if final:
            problems.add(
                shown, n, col, "PERIKSA",
                f"status final, tetapi baris ini masih bertanda PERIKSA ({note}); periksa "
                "nilainya, hapus komentar ini, atau kembalikan status ke draf",
            )  # fmt: skip
        else:
            problems.warn(
                shown, n, col, "PERIKSA",
                f"tebakan impor belum diperiksa: {note}; periksa nilai di bawahnya, lalu hapus "
                "baris ini",
            )  # fmt: skip


def imported_draft(path: Path) -> bool:
    """A file the importer wrote (its first line says so) and nobody has made final."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
            rest = fh.read(200_000)
    except OSError:
        return False
    return first.startswith(IMPORTED) and re.search(r"(?m)^status:\s*final\b", rest) is None
