"""Text as printed on a sheet -> text as content: wrapped lines joined, list numbers dropped."""

from __future__ import annotations

import re

from .model import Line

_NUMBER = re.compile(r"^\s*(\d{1,2})\s*(?:[.)]|,(?=\s))\s*")
_BULLET = re.compile(r"^\s*[-•▪●]\s+")


def join(lines: list[str]) -> str:
    """Join lines wrapped by hand or by the layout into one text.

    A word split at a line end (`Pelak-` / `sanaan`) is joined without its hyphen when the next
    line goes on in lower case; `E-` / `Kino` keeps the hyphen, since it belongs to the word.
    """
    out = ""
    for raw in lines:
        line = " ".join(raw.replace("\u00ad", "-").replace("\u2010", "-").split())
        if not line:
            continue
        if not out:
            out = line
        elif re.search(r"[a-z]-$", out) and line[0].islower() and not _repeated(out, line):
            out = out[:-1] + line
        elif out.endswith(("-", "/")):
            out += line
        else:
            out += " " + line
    return out


def _repeated(before: str, after: str) -> bool:
    """`masing-` / `masing`, `sehari-` / `hari`: a reduplicated word keeps its hyphen."""
    frag = re.split(r"[\s-]", before[:-1])[-1].lower()
    word = re.split(r"[\s,;.]", after)[0].lower()
    return bool(frag and word) and (frag.endswith(word) or word.startswith(frag))


def items(lines: list[Line]) -> list[str]:
    """A numbered block as a list of items.

    A line that starts with a typed number (`1.`, `2)`) or carries Word's numbering starts an
    item; other lines continue the item before. Empty numbered slots (`3.` with nothing after,
    as the real sheets print) are dropped. The list's own punctuation goes: a `;` ending an
    item, and the `.` closing the last item of a `a; b; c.` list. A full stop ending every item
    is the items' own sentence ending and stays.
    """
    groups: list[list[str]] = []
    for line in lines:
        text = line.text.strip()
        m = _NUMBER.match(text) or _BULLET.match(text)
        if m or line.numbered or not groups:
            groups.append([])
            text = text[m.end() :] if m else text
        groups[-1].append(text)
    result = [join(g) for g in groups]
    result = [r for r in result if r]
    semicolons = [r.endswith(";") for r in result]
    cleaned = [r[:-1].rstrip() if r.endswith(";") else r for r in result]
    if cleaned and cleaned[-1].endswith(".") and len(result) > 1 and all(semicolons[:-1]):
        cleaned[-1] = cleaned[-1][:-1].rstrip()
    return cleaned


def words_key(text: str) -> str:
    """A comparison key: case, spacing and punctuation ignored."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())
