"""Load YAML with every scalar as text, remembering where each value sits.

PyYAML's YAML 1.1 resolver turns `no` into False, `012` into 10 and `2023-07-26` into a date,
and it silently keeps the last of two duplicate keys. Here the document is composed into nodes
with the BaseLoader (no implicit types), duplicate keys, anchors and aliases are refused, and
each value is returned with its line and column so the schema can point at it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yamlsyntax import explain

MAX_BYTES = 1_000_000

Path = tuple[str | int, ...]


class Located:
    """A loaded document: plain data plus the (line, col) of every value and key.

    Positions are read from the parsed nodes only when asked for (most files have no
    problem to point at); `values` and `keys` list them all when a caller needs every one.
    """

    def __init__(
        self,
        data: Any,
        values: dict[Path, tuple[int, int]] | None = None,
        keys: dict[Path, tuple[int, int]] | None = None,
        node: yaml.Node | None = None,
    ) -> None:
        self.data, self._values, self._keys, self._node = data, values, keys, node

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        self._tables()
        return self._values  # type: ignore[return-value]

    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        self._tables()
        return self._keys  # type: ignore[return-value]

    def _tables(self) -> None:
        if self._values is None:
            self._values, self._keys = {}, {}
            _positions(self._node, (), self._values, self._keys)

    def where(self, path: Path) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest located parent."""
        if self._values is None and self._node is not None:
            return _pos(_walk(self._node, path)[0])
        for n in range(len(path), -1, -1):
            if path[:n] in self.values:
                return self.values[path[:n]]
        return (1, 1)

    def key_at(self, path: Path) -> tuple[int, int]:
        if self._values is None and self._node is not None and path:
            parent, depth = _walk(self._node, path[:-1])
            if depth == len(path) - 1 and isinstance(parent, yaml.MappingNode):
                for key_node, _ in parent.value:
                    if key_node.value == path[-1]:
                        return _pos(key_node)
            return self.where(path)
        return self.keys.get(path) or self.where(path)


def _walk(node: yaml.Node, path: Path) -> tuple[yaml.Node, int]:
    """The node at `path`, or the deepest one on the way, and how many steps were taken."""
    for depth, part in enumerate(path):
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            return node, depth
        node = child
    return node, len(path)


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
        raise YamlProblem(*explain(text, exc)) from None
    finally:
        loader.dispose()


def load_text(raw: bytes) -> Located:
    """Parse YAML bytes; raises YamlProblem with an Indonesian message."""
    node = _compose(_decode(raw))
    if node is None:
        raise YamlProblem(1, 1, "berkas kosong")
    return Located(_build(node), node=node)


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


# C0 controls other than tab and line breaks, DEL and C1: a double-quoted "\e" or "\a" puts
# them in a value, and a sheet, a web page or a terminal would carry them on raw.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _plain_text(node: yaml.ScalarNode, what: str) -> str:
    found = _CONTROL.search(node.value)
    if found:
        line, col = _pos(node)
        raise YamlProblem(
            line,
            col,
            f'{what} "{node.value}" memuat karakter kendali (\\x{ord(found.group()):02x}), yang '
            "tidak boleh ada di dokumen; hapus karakter itu",
        )
    return node.value


def _build(node: yaml.Node) -> Any:
    """The plain data: text, lists, mappings; a second key of the same name is refused, and
    so is a control character in a key or a value."""
    if isinstance(node, yaml.ScalarNode):
        # Only an unquoted null means "no value"; everything else stays text.
        if not node.style and node.value in _NULLS:  # plain: None (Python), "" (libyaml)
            return None
        return _plain_text(node, "teks")
    if isinstance(node, yaml.SequenceNode):
        return [_build(item) for item in node.value]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            line, col = _pos(key_node)
            raise YamlProblem(line, col, "kunci harus berupa teks biasa")
        key = _plain_text(key_node, "kunci")
        if key in result:
            line, col = _pos(key_node)
            first = next(_pos(k) for k, _ in node.value if k.value == key)
            raise YamlProblem(
                line, col, f'kunci "{key}" ditulis dua kali (pertama di baris {first[0]})'
            )
        result[key] = _build(value_node)
    return result


def _positions(node: yaml.Node | None, path: Path, values: dict, keys: dict) -> None:
    if node is None:
        return
    values[path] = _pos(node)
    if isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _positions(item, (*path, i), values, keys)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if (*path, key_node.value) not in keys:  # the first of two keys, as before
                keys[(*path, key_node.value)] = _pos(key_node)
                _positions(value_node, (*path, key_node.value), values, keys)
