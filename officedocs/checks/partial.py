"""What parsed of a file that failed its schema, so the other checks still run on it.

Three mistakes in one SOP (a bad date, a step nothing reaches, an unknown regulation) must
come out of one run: the schema's message for the first, and the reference and flow checks
on every field that is valid on its own. A field that is not valid is None here, and its
path is in `broken`, so a check that needs it is left out rather than guessing.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

Path = tuple[str | int, ...]


@dataclass
class Salvaged:
    value: Any  # a model built without validation: every field valid on its own, or None
    broken: set[Path] = field(default_factory=set)  # fields and list items that are not


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


@cache
def _item_adapter(tp: Any) -> TypeAdapter:
    return TypeAdapter(tp)


def salvage(model: type[BaseModel], data: dict) -> Salvaged:
    """`data` as `model` with each field validated on its own (list items one by one)."""
    out = Salvaged(None)
    out.value = _model(model, data, (), out.broken)
    return out


def _model(model: type[BaseModel], data: dict, path: Path, broken: set[Path]) -> BaseModel:
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in data:
            if info.is_required():
                values[name] = None
                broken.add((*path, name))
            continue
        values[name] = _field(model, name, data[name], (*path, name), broken)
    return model.model_construct(**values)


def _field(model: type[BaseModel], name: str, value: Any, path: Path, broken: set[Path]) -> Any:
    try:
        return _adapter(model, name).validate_python(value)
    except ValidationError:
        pass
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) is list and isinstance(value, list):
        (item_type,) = typing.get_args(annotation)
        return [_item(item_type, v, (*path, i), broken) for i, v in enumerate(value)]
    broken.add(path)
    return None


def _item(tp: Any, value: Any, path: Path, broken: set[Path]) -> Any:
    try:
        return _item_adapter(tp).validate_python(value)
    except ValidationError:
        pass
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(value, dict):
        return _model(tp, value, path, broken)
    broken.add(path)
    return None
