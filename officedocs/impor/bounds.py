"""What every bound of `impor` shares: the refusal, and sizes written as staff read them."""

from __future__ import annotations

from .model import UnreadableSheet

MB = 1 << 20


class TooLarge(UnreadableSheet):
    """Over a limit: the message names the limit."""


def size(n: int) -> str:
    """Bytes as staff read them: 1,5 GB, 32 MB, 800 KB."""
    for unit, scale in (("GB", 1 << 30), ("MB", MB), ("KB", 1 << 10)):
        if n >= scale:
            value = f"{n / scale:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{value} {unit}"
    return f"{n} byte"
