"""Indonesian formatting as named Jinja filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from babel.dates import format_date


def tanggal(d: dt.date | None) -> str:
    return "-" if d is None else format_date(d, "d MMMM y", locale="id")


def nip(s: str) -> str:
    d = s.replace(" ", "")
    return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"


FILTERS: dict[str, Callable] = {"tanggal": tanggal, "nip": nip}
