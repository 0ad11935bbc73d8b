"""Load YAML with every scalar as text, remembering where each value sits.

PyYAML's YAML 1.1 resolver turns `no` into False, `012` into 10 and `2023-07-26` into a date,
and it silently keeps the last of two duplicate keys. Here the document is composed into nodes
with the BaseLoader (no implicit types), duplicate keys, anchors and aliases are refused, and
each value is returned with its line and column so the schema can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

MAX_BYTES = 1_000_000

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Located:
    """A loaded document: plain data plus the (line, col) of every value and key."""

    data: Any
    values: dict[Path, tuple[int, int]]
    keys: dict[Path, tuple[int, int]]

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest located parent."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return (1, 1)

    def key_at(self, path: Path) -> tuple[int, int]:
        return self.keys.get(path) or self.where(path)


class YamlProblem(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _Loader(yaml.BaseLoader):
    """The pure-Python composer: slow, but its error messages are the ones users see."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            _refuse_anchor(event.start_mark)
        return super().compose_node(parent, index)


def _refuse_anchor(mark: yaml.Mark) -> None:
    raise YamlProblem(
        mark.line + 1,
        mark.column + 1,
        "anchor dan alias YAML (& dan *) tidak diizinkan; tulis nilainya langsung",
    )


_NULLS = {"null", "Null", "NULL", "~", ""}


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise YamlProblem(1, 1, f"berkas terlalu besar ({len(raw)} byte, batas {MAX_BYTES})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, 1, "berkas bukan teks UTF-8; simpan ulang sebagai UTF-8") from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise YamlProblem(1, 1, "berkas kosong")
    return text


if yaml.__with_libyaml__:
    from yaml.constructor import BaseConstructor
    from yaml.cyaml import CParser
    from yaml.resolver import BaseResolver

    class _FastLoader(CParser, BaseConstructor, BaseResolver):
        """libyaml's composer without tag resolution: every scalar stays text here anyway,
        and the resolver's Python callback per node was a third of the time."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            BaseConstructor.__init__(self)
            BaseResolver.__init__(self)

        def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201 - PyYAML's signature
            return ""


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml (twenty times faster); anchors are looked for only when the text
    could hold one, and a file libyaml rejects is composed again in Python for the message."""
    if yaml.__with_libyaml__:
        try:
            if "&" in text or "*" in text:
                for event in yaml.parse(text, Loader=yaml.CBaseLoader):
                    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                        _refuse_anchor(event.start_mark)
            loader = _FastLoader(text)
            try:
                return loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass  # the Python composer below says what is wrong, in PyYAML's words
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        bad_line = (text.splitlines() or [""])[min(line, len(text.splitlines())) - 1]
        if "\t" in bad_line:
            msg = "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi"
        else:
            msg = f"sintaks YAML salah: {exc.problem}"
        raise YamlProblem(line, col, msg) from None
    finally:
        loader.dispose()


def load_text(raw: bytes) -> Located:
    """Parse YAML bytes; raises YamlProblem with an Indonesian message."""
    node = _compose(_decode(raw))
    if node is None:
        raise YamlProblem(1, 1, "berkas kosong")
    values: dict[Path, tuple[int, int]] = {}
    keys: dict[Path, tuple[int, int]] = {}
    data = _build(node, (), values, keys)
    return Located(data, values, keys)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node: yaml.Node, path: Path, values: dict, keys: dict) -> Any:
    values[path] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        # Only an unquoted null means "no value"; everything else stays text.
        if not node.style and node.value in _NULLS:  # plain: None (Python), "" (libyaml)
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), values, keys) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, col = _pos(key_node)
            raise YamlProblem(line, col, "kunci harus berupa teks biasa")
        key = key_node.value
        if key in result:
            line, col = _pos(key_node)
            first = keys[(*path, key)]
            raise YamlProblem(
                line, col, f'kunci "{key}" ditulis dua kali (pertama di baris {first[0]})'
            )
        keys[(*path, key)] = _pos(key_node)
        result[key] = _build(value_node, (*path, key), values, keys)
    return result
