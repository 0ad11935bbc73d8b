"""The file stays the user's: a form's values written back into the YAML as it was written.

ruamel.yaml's round trip keeps comments, key order, blank lines, flow lists and quoting; here
every scalar is text (as `yamltext` reads it), so nothing is re-typed or re-quoted on the way
out. `apply` changes only what differs, so renaming an SOP changes one line of its file.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import PlainScalarString, SingleQuotedScalarString

from ..yamltext import _NULLS

# A list item's position in the file when the form opened: a moved step keeps its comments.
ORIGIN = "__asal"


class _TextResolver(VersionedResolver):
    """Every plain scalar is text, as yamltext reads it: `2023-07-26`, `no`, `012` stay as
    written and a new value is never quoted just because YAML 1.1 would re-type it."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


class _TextRepresenter(RoundTripRepresenter):
    def represent_none(self, data: None) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:str", "null")


_TextRepresenter.add_representer(type(None), _TextRepresenter.represent_none)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Resolver = _TextResolver
    y.Representer = _TextRepresenter
    y.preserve_quotes = True
    y.width = 1_000_000  # a long line stays one line
    y.indent(mapping=2, sequence=4, offset=2)  # `  - item`, as the office writes lists
    return y


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def update(text: str, values: dict[str, Any]) -> str:
    """`text` with `values` (the form's data) written in; unchanged values keep their lines."""
    data = load(text) if text.strip() else CommentedMap()
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    return dump(apply(data, values))


def _empty(value: Any) -> bool:
    """No value, as yamltext reads it (a quoted 'null' is text)."""
    return value is None or value in ("", []) or (type(value) is str and value in _NULLS)


def apply(old: Any, new: Any) -> Any:
    """`old` (round-trip data) made equal to `new` (plain data), changing only what differs."""
    if isinstance(new, dict):
        return _apply_map(old if isinstance(old, CommentedMap) else CommentedMap(), new)
    if isinstance(new, list):
        if isinstance(old, str) and len(new) == 1 and isinstance(new[0], str):
            return apply(old, new[0])  # `pelaksana: Camat` stays a scalar while it is one
        return _apply_seq(old if isinstance(old, CommentedSeq) else CommentedSeq(), new)
    if isinstance(new, str) and new in _NULLS:
        # Text that reads as "no value" when plain (`null`, `~`, empty) is written quoted.
        return old if type(old) is not str and old == new else SingleQuotedScalarString(new)
    if isinstance(new, str) and isinstance(old, str):
        if new == old:
            return old  # the same object: its quoting is kept
        if type(old) is not str:
            # Quoted before, quoted again; a template's "" gives way to a plain value
            # (ruamel keeps a replaced value's quotes unless told the new style).
            return type(old)(new) if old else PlainScalarString(new)
    if new is None and _empty(old):
        return old
    return new


def _apply_map(old: CommentedMap, new: dict[str, Any]) -> CommentedMap:
    for key in [k for k in old if k not in new]:
        if not _empty(old[key]):  # a key left out of the form while empty stays as written
            del old[key]
    previous = -1
    for key, value in new.items():
        if key == ORIGIN:
            continue
        if key in old:
            if value is None and _empty(old[key]):
                pass  # `keterangan: ""` or `tanggal_revisi: null` stays as written
            else:
                result = apply(old[key], value)
                if result is not old[key]:
                    old[key] = result
            previous = list(old).index(key)
        elif value is not None:
            previous += 1
            old.insert(previous, key, apply(None, value))
    return old


def _apply_seq(old: CommentedSeq, new: list[Any]) -> CommentedSeq:
    items = []
    for i, value in enumerate(new):
        origin = value.get(ORIGIN, i) if isinstance(value, dict) else i
        start = old[origin] if isinstance(origin, int) and 0 <= origin < len(old) else None
        items.append(apply(start, value))
    for i, item in enumerate(items):
        if i >= len(old):
            old.append(item)
        elif old[i] is not item:
            old[i] = item
    del old[len(items) :]
    return old
