"""Write a draft as YAML by hand, so each guessed value carries its `# PERIKSA:` comment."""

from __future__ import annotations

import datetime as dt
import json
import re

_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\n\"'{}\[\]&*!|>%@`]*")
_AMBIGUOUS = re.compile(r"(?i)(y|n|yes|no|true|false|on|off|null|~)|[-+0-9.:/ _]+")


def scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date | int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not _AMBIGUOUS.fullmatch(text) and text == text.strip():
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def dump(data: dict, notes: dict[tuple, str], header: list[str]) -> str:
    lines = [f"# {h}" for h in header]
    placed: set[tuple] = set()
    _mapping(data, (), 0, lines, notes, placed, first_prefix="")
    for path, note in notes.items():
        if path not in placed:  # a note on a value not written: put it on its parent's line
            lines.append(f"# PERIKSA ({'.'.join(map(str, path))}): {note}")
    return "\n".join(lines) + "\n"


def _note(path: tuple, notes: dict, placed: set, lines: list, pad: str) -> None:
    """The note on a value as a comment line of its own just above it: the value's line stays
    plain YAML, and `check` counts each such line until someone deletes it."""
    if path in notes:
        placed.add(path)
        lines.append(f"{pad}# PERIKSA: {notes[path]}")


def _mapping(
    data: dict, path: tuple, indent: int, lines: list, notes, placed, first_prefix: str
) -> None:
    for n, (key, value) in enumerate(data.items()):
        pad = first_prefix if n == 0 and first_prefix else " " * indent
        here = (*path, key)
        _note(here, notes, placed, lines, pad[:-2] if pad.endswith("- ") else pad)
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            _mapping(value, here, indent + 2, lines, notes, placed, "")
        elif isinstance(value, list) and value:
            lines.append(f"{pad}{key}:")
            _sequence(value, here, indent + 2, lines, notes, placed)
        else:
            shown = "[]" if isinstance(value, list) else scalar(value)
            lines.append(f"{pad}{key}: {shown}")


def _sequence(values: list, path: tuple, indent: int, lines: list, notes, placed) -> None:
    pad = " " * indent
    for i, value in enumerate(values):
        here = (*path, i)
        _note(here, notes, placed, lines, pad)
        if isinstance(value, dict):
            _mapping(value, here, indent + 2, lines, notes, placed, first_prefix=f"{pad}- ")
        else:
            lines.append(f"{pad}- {scalar(value)}")
