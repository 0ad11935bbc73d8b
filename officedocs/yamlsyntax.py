"""A YAML syntax error in words staff understand, at the line where the mistake is.

PyYAML says where it gave up, which is often not where the mistake is: a quote left open on
line 2 is found only where the next quote closes it, twenty lines below ("expected <block
end>, but found '<scalar>'"). So the parser's marks are a starting point: the lines up to the
mark are scanned back for the opening quote that was never closed, and the common shapes
(a tab, an indent that fits no block, a key without its colon, a value holding ": ") are named
in Indonesian at their own line and column.
"""

from __future__ import annotations

import re

import yaml

TAB = "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi"
NO_COLON = 'titik dua (:) sesudah kunci tidak ada; tulis "kunci: nilai" (spasi sesudah titik dua)'
NO_SPACE_AFTER_DASH = 'butir daftar ditulis "- " (tanda minus lalu spasi), misalnya "- Camat"'
QUOTE_IT = "apit seluruh nilai dengan tanda kutip"
COLON_IN_VALUE = f'nilai ini memuat ": "; {QUOTE_IT}, misalnya "A: B"'
AFTER_QUOTE = (
    "ada teks sesudah tanda kutip penutup; bila tanda kutip itu bagian dari teks, "
    "apit seluruh nilai dengan tanda kutip jenis lain, misalnya '\"A\" B'"
)
LEVEL = "kunci dan butir daftar yang setingkat harus sejajar"

# `key: "text` or `- 'text`: a value that starts with a quote (the quote's column is group 1's end).
_QUOTED_START = re.compile(r"""^(\s*(?:-\s+)*(?:[^\s#'"][^#]*?:\s+)?(?:-\s+)*)(["'])""")
_KEY = re.compile(r"^(\s*(?:-\s+)*)[^\s#'\"-][^:#]*:(\s|$)")


def explain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """(line, col, message), 1-based, for a syntax error PyYAML raised on `text`."""
    lines = text.splitlines() or [""]
    mark = exc.problem_mark or exc.context_mark
    line = min(mark.line, len(lines) - 1) if mark else 0
    col = mark.column if mark else 0
    context = exc.context or ""
    problem = exc.problem or ""
    if "quoted scalar" in context and exc.context_mark is not None:
        start = exc.context_mark
        return _unclosed(lines, start.line, start.column)
    if ("flow sequence" in context or "flow mapping" in context) and exc.context_mark:
        start = exc.context_mark
        opening = "[" if "sequence" in context else "{"
        closing = "]" if opening == "[" else "}"
        return (
            start.line + 1,
            start.column + 1,
            f"kurung {opening} ini tidak ditutup dengan {closing}",
        )
    opened = _open_quote(lines, line)
    if opened is not None:
        return _unclosed(lines, *opened)
    if "\t" in lines[line][: col + 1] or "'\\t'" in problem:
        return line + 1, lines[line].index("\t") + 1 if "\t" in lines[line] else col + 1, TAB
    if "simple key" in context and exc.context_mark is not None:
        key = exc.context_mark
        if re.match(r"\s*-[^\s-]", lines[key.line]):  # `-item`: a list item without its space
            return key.line + 1, key.column + 1, NO_SPACE_AFTER_DASH
        return key.line + 1, key.column + 1, NO_COLON
    if "mapping values are not allowed" in problem and _KEY.match(lines[line][:col]):
        return line + 1, col + 1, COLON_IN_VALUE
    if "found '<scalar>'" in problem and _QUOTED_START.match(lines[line][:col]):
        return line + 1, col + 1, AFTER_QUOTE
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return _indent(lines, line, col, problem)
    if "cannot start any token" in problem:
        char = lines[line][col : col + 1]
        return line + 1, col + 1, f"nilai tidak boleh diawali {char}; {QUOTE_IT}"
    return line + 1, col + 1, f"sintaks YAML salah di sini (pengurai YAML: {problem})"


def _unclosed(lines: list[str], line: int, col: int) -> tuple[int, int, str]:
    quote = lines[line][col : col + 1] if line < len(lines) else '"'
    quote = quote if quote in "\"'" else '"'
    message = f"tanda kutip {quote} ini tidak ditutup; tutup dengan {quote} di akhir nilai"
    return line + 1, col + 1, message + " pada baris yang sama"


def _open_quote(lines: list[str], upto: int) -> tuple[int, int] | None:
    """The last line at or before `upto` whose value opens a quote it does not close.

    A value quoted across several lines is legal YAML but no content file needs one, so in a
    file that does not parse, such a quote is the likely mistake."""
    for i in range(min(upto, len(lines) - 1), -1, -1):
        m = _QUOTED_START.match(lines[i])
        if m is None:
            continue
        quote, start = m.group(2), m.end(2)
        if not _closes(lines[i][start:], quote):
            return i, start - 1
    return None


def _closes(rest: str, quote: str) -> bool:
    if quote == "'":
        return re.match(r"(?:[^']|'')*'(?!')", rest) is not None
    return re.match(r'(?:[^"\\]|\\.)*"', rest) is not None


def _indent(lines: list[str], line: int, col: int, problem: str) -> tuple[int, int, str]:
    """A line that fits no block: say how far it is indented and how far the lines above are."""
    here = lines[line]
    if not here.strip() or col >= len(here.rstrip()) and line + 1 < len(lines):
        line, here = line + 1, lines[line + 1]
    indent = len(here) - len(here.lstrip(" "))
    above = _key_column(lines, line, here.lstrip().startswith("-"))
    if above is None or above == indent:
        return line + 1, col + 1, f"sintaks YAML salah di sini (pengurai YAML: {problem})"
    here_said = f"indentasi salah: baris ini menjorok {indent} spasi"
    return line + 1, indent + 1, f"{here_said}, yang setingkat di atasnya {above} spasi; {LEVEL}"


def _key_column(lines: list[str], line: int, item: bool) -> int | None:
    """Where the line above that this one should align with starts: for a list item the
    nearest item above (its `-`), else the nearest content line's key."""
    above = [s for s in reversed(lines[:line]) if s.strip() and not s.lstrip().startswith("#")]
    if item:
        dashes = [s for s in above if s.lstrip().startswith("- ")]
        above = dashes[:1] or above
        return len(above[0]) - len(above[0].lstrip()) if above else None
    if not above:
        return None
    return len(re.match(r"^(\s*(?:-\s+)*)", above[0]).group(1))  # type: ignore[union-attr]
