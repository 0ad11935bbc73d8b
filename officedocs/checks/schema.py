"""Schema validation with messages in Indonesian, and typo hints from the schema itself."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..documents import rel
from ..problems import Problems
from ..yamltext import Located


def where(loc: Iterable[str | int]) -> str:
    """`kegiatan[5].keputusan`: the place of a problem, as a key path counted from 0 (the
    editor finds its field by it); printed the way people count (`problems.spoken`)."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


Report = Callable[..., None]  # (loc, message, key=False)


def reporter(doc: Located, path: Path, problems: Problems) -> Report:
    """A function that adds an error at a place in `doc`, located by its key path."""

    def report(loc: tuple, msg: str, key: bool = False) -> None:
        # key: the message is about the key at `loc` (a branch label), not its value.
        line, col = doc.key_at(loc) if key else doc.where(loc)
        problems.add(rel(path), line, col, where(loc), msg)

    return report


def _clean_loc(data: Any, loc: tuple) -> tuple:
    """Drop pydantic's union-branch tags, keeping only real keys and indices into data."""
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and part not in node
            and out == list(loc[: len(out)])
        ):
            # A missing key: keep it so the message names the field.
            if part.isidentifier():
                out.append(part)
            break
    return tuple(out)


def _inner(tp: Any, part: str | int) -> list[Any]:
    """The types one step below `tp` along a key or list index (every arm of a union)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _inner(typing.get_args(tp)[0], part)
    if origin in (typing.Union, types.UnionType):
        return [t for arm in typing.get_args(tp) for t in _inner(arm, part)]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        info = tp.model_fields.get(part) if isinstance(part, str) else None
        return [info.annotation] if info is not None else []
    if origin is list and isinstance(part, int):
        return [typing.get_args(tp)[0]]
    if origin is dict and isinstance(part, str):
        return [typing.get_args(tp)[1]]
    return []


def _models(tp: Any) -> list[type[BaseModel]]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _models(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for arm in typing.get_args(tp) for m in _models(arm)]
    return [tp] if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def allowed_keys(root: Any, loc: tuple) -> list[str]:
    """The keys the schema allows in the mapping at `loc` (field names and their aliases)."""
    types_here = [root]
    for part in loc:
        types_here = [t for tp in types_here for t in _inner(tp, part)]
    names: set[str] = set()
    for model in (m for tp in types_here for m in _models(tp)):
        for name, info in model.model_fields.items():
            names.add(name)
            if isinstance(info.alias, str):
                names.add(info.alias)
    return sorted(names)


def unknown_key(root: Any, loc: tuple) -> str:
    key = str(loc[-1])
    guess = difflib.get_close_matches(key, allowed_keys(root, loc[:-1]), n=1)
    hint = f'; maksudnya "{guess[0]}"?' if guess else ""
    return f'kunci "{key}" tidak dikenal{hint}'


def found(value: Any) -> str:
    if isinstance(value, str):
        return f' (ditemukan: "{value}")'
    if value is None:
        return " (ditemukan: kosong)"
    if isinstance(value, list):
        return " (ditemukan: daftar)"
    if isinstance(value, dict):
        return " (ditemukan: pemetaan kunci: nilai)"
    return ""


_SIMPLE = {
    "missing": "wajib diisi, tetapi kunci ini tidak ada",
    "string_too_short": "tidak boleh kosong",
}
_WITH_VALUE = {
    "string_type": "harus berupa teks",
    "str_type": "harus berupa teks",
    "list_type": "harus berupa daftar (baris-baris yang diawali '- ')",
    "model_type": "harus berupa pemetaan (kunci: nilai)",
    "dict_type": "harus berupa pemetaan (kunci: nilai)",
    "model_attributes_type": "harus berupa pemetaan (kunci: nilai)",
    "int_parsing": "harus bilangan bulat",
    "int_type": "harus bilangan bulat",
    "int_from_float": "harus bilangan bulat",
    "decimal_parsing": "harus angka (pakai titik untuk desimal, misalnya 82.50)",
    "decimal_type": "harus angka (pakai titik untuk desimal, misalnya 82.50)",
    "float_parsing": "harus angka (pakai titik untuk desimal, misalnya 82.50)",
    "finite_number": "harus angka biasa, bukan NaN atau tak hingga",
}
_PATTERNS = {
    "kode_pos": "kode pos harus 5 angka",
    "situs": "alamat situs harus lengkap, misalnya https://kecamatan.example.go.id/",
    "id": "label langkah hanya boleh huruf kecil, angka, - dan _",
}


def message(err: dict, root: Any, loc: tuple) -> str:
    """One pydantic error in words staff understand."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in _WITH_VALUE:
        return _WITH_VALUE[kind] + found(value)
    if kind == "extra_forbidden":
        return unknown_key(root, loc)
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])) + found(value)
    if kind == "literal_error":
        return f"harus salah satu dari {ctx.get('expected', '')}" + found(value)
    if kind == "too_short":
        return f"harus berisi sedikitnya {ctx.get('min_length')} isian"
    if kind == "too_long":
        actual = ctx.get("actual_length")
        return f"paling banyak {ctx.get('max_length')} isian" + (
            f" (ditemukan {actual})" if actual else ""
        )
    if kind == "string_pattern_mismatch":
        field_name = err["loc"][-1] if err["loc"] else ""
        return _PATTERNS.get(str(field_name), "bentuknya tidak sesuai") + found(value)
    if kind == "greater_than_equal":
        return f"paling kecil {ctx.get('ge')}" + found(value)
    if kind == "less_than_equal":
        return f"paling besar {ctx.get('le')}" + found(value)
    return f"nilai tidak sesuai ({err['msg']})" + found(value)


@cache
def _adapter(schema: Any) -> TypeAdapter:
    return TypeAdapter(schema)  # building one costs; a build validates many files per schema


def validate(schema: Any, doc: Located, path: Path, problems: Problems) -> Any:
    """Validate `doc` against a model or a type (such as dict[str, Jabatan]).

    Returns the validated value, or None after adding one problem per distinct place.
    """
    adapter = _adapter(schema)
    try:
        return adapter.validate_python(doc.data)
    except ValidationError as exc:
        seen: set[tuple] = set()
        for err in exc.errors():
            loc = _clean_loc(doc.data, tuple(err["loc"]))
            if loc in seen:
                continue  # a union reports each branch; one message per place is enough
            seen.add(loc)
            if err["type"] == "extra_forbidden":
                line, col = doc.key_at(loc)
            elif err["type"] == "missing":
                line, col = doc.where(loc[:-1])
            else:
                line, col = doc.where(loc)
            problems.add(rel(path), line, col, where(loc), message(err, schema, loc))
        return None
