"""Indonesian formatting as named Jinja filters.

Babel's `id` locale supplies month names and separators; numbers are rounded half-up with
`Decimal.quantize` first, because Babel itself rounds half-even (0.125 would print `0,12`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_decimal

MISSING = "-"
LOCALE = "id"
NIP_DIGITS = 18

_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


@lru_cache(maxsize=4096)  # Babel takes tens of microseconds a date; an index prints thousands
def tanggal(d: dt.date | None) -> str:
    """`26 Juli 2023`; no date prints `-`."""
    return MISSING if d is None else format_date(d, "d MMMM y", locale=LOCALE)


def nip(s: str) -> str:
    """An 18-digit NIP printed 8-6-1-3: `19810914 201001 1 009`."""
    digits = "".join(s.split())
    if len(digits) != NIP_DIGITS or not digits.isdigit():
        raise ValueError(f"NIP must be {NIP_DIGITS} digits, got {s!r}")
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def romawi(n: int) -> str:
    """Roman numerals for quarters and months: 3 -> `III`."""
    if not 1 <= n <= 3999:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _exact(x: Decimal | int) -> Decimal:
    # A float here would carry binary noise into an official figure; refuse it loudly.
    if isinstance(x, float):
        raise TypeError(f"expected Decimal or int, got float {x!r}")
    return Decimal(x)


def _round(x: Decimal, places: int) -> Decimal:
    rounded = x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    # abs() drops the sign of a negative zero, so -0.001 prints `0,00`, not `-0,00`.
    return abs(rounded) if rounded == 0 else rounded


def angka(x: Decimal | int | None, places: int = 2) -> str:
    """`1.234.567,50`: rounded half-up to exactly `places` decimals; None prints `-`."""
    if x is None:
        return MISSING
    rounded = _round(_exact(x), places)
    pattern = "#,##0" + ("." + "0" * places if places > 0 else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE)


def persen(x: Decimal | None) -> str:
    """A percentage without its sign, as the tables print it under `(%)`: `95,67`."""
    return angka(x, 2)


def rupiah(x: Decimal | int | None) -> str:
    """`Rp1.234.567` (no space, per PUEBI).

    Whole rupiah print without decimals; an amount with sen (after rounding half-up to 2
    places) prints 2 decimals, `Rp1.234.567,50`, so that no sen silently disappear. A negative
    amount (an overspent budget's sisa) puts the sign before the symbol: `-Rp500.000`.
    """
    if x is None:
        return MISSING
    value = _round(_exact(x), 2)
    places = 0 if value == value.to_integral_value() else 2
    return ("-" if value < 0 else "") + "Rp" + angka(abs(value), places)


FILTERS: dict[str, Callable] = {
    "tanggal": tanggal,
    "nip": nip,
    "romawi": romawi,
    "angka": angka,
    "persen": persen,
    "rupiah": rupiah,
}
