"""Text from content, shown safely: a message that repeats a key, a value or a file name
never hands the terminal (or the browser's overlay) a control character.

An escape sequence in a YAML key could otherwise retitle the window, clear the screen or
forge a green "isi benar" line; a newline could forge a whole message. Every such character
is shown as its Python escape (`\\x1b`, `\\n`, `\\u202e`), which is what staff need to find it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a line shows.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` as one line with every control character escaped; escaping twice is a no-op."""
    return _UNSAFE.sub(_escape, text)


def say(*lines: str, file: TextIO | None = None) -> None:
    """Print each line, escaped, to `file` (default stderr: messages, not results)."""
    out = sys.stderr if file is None else file
    for line in lines:
        print(shown(str(line)), file=out, flush=True)


class EscapingStream:
    """A text stream that shows every control character escaped but the newline: whatever a
    command prints (another module's message, argparse's usage, a traceback) reaches the
    terminal without a sequence it would obey. `unescaped`: the stream itself (a progress bar
    draws with carriage returns on purpose)."""

    def __init__(self, stream: TextIO):
        self.unescaped = stream

    def write(self, text: str) -> int:
        self.unescaped.write("\n".join(shown(part) for part in text.split("\n")))
        return len(text)

    def __getattr__(self, name: str):  # noqa: ANN204 - flush, isatty, encoding...: the stream's
        return getattr(self.unescaped, name)


@contextmanager
def escaped_terminal() -> Iterator[None]:
    """sys.stdout and sys.stderr escaped while a command runs (see EscapingStream)."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = EscapingStream(out), EscapingStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
