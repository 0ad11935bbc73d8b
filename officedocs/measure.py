"""Measure text with the shipped font, so table rows can be sized before WeasyPrint lays them out.

The estimate is deliberately a little pessimistic (no kerning, a small width margin): a row we
size too tall by a hair is invisible, a row WeasyPrint makes taller than we planned would push
the table off the flowchart drawn over it.
"""

from __future__ import annotations

from functools import lru_cache

from fontTools.ttLib import TTFont

from .paths import FONTS

PT_PER_MM = 72 / 25.4
FILL = 0.96  # share of a line's width a line may fill: a margin for WeasyPrint's shaping


@lru_cache(maxsize=4)
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    font = TTFont(FONTS / name, lazy=True)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in cmap.items()}
    default = hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else font["head"].unitsPerEm // 2
    return widths, default, font["head"].unitsPerEm


@lru_cache(maxsize=65536)  # words repeat across steps and sheets; the fonts ship with the code
def text_width_em(text: str, bold: bool = False) -> float:
    """Advance width of `text` in ems of the shipped font (no kerning)."""
    widths, default, upem = _advances(bold)
    return sum(widths.get(ord(ch), default) for ch in text) / upem


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    return text_width_em(text, bold) * size_pt / PT_PER_MM


def line_count(text: str, width_mm: float, size_pt: float, bold: bool = False) -> int:
    """Lines a greedy word wrap needs; explicit newlines start new lines; never less than 1."""
    usable = width_mm * FILL
    space = text_width_mm(" ", size_pt, bold)
    total = 0
    for paragraph in text.split("\n"):
        lines, current = 1, 0.0
        for word in paragraph.split():
            w = text_width_mm(word, size_pt, bold)
            if w > usable:  # a word longer than the line is broken anywhere
                extra = current + (space if current else 0) + w
                lines += int(extra // usable)
                current = extra % usable
                continue
            needed = w if current == 0 else current + space + w
            if needed <= usable:
                current = needed
            else:
                lines += 1
                current = w
        total += lines
    return max(total, 1)


def text_height_mm(
    text: str, width_mm: float, size_pt: float, line_height: float, bold: bool = False
) -> float:
    return line_count(text, width_mm, size_pt, bold) * size_pt * line_height / PT_PER_MM
