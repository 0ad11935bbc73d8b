"""The staff guide (docs/panduan.md) shows files the program accepts: each example of a whole
content file is validated against the schema, so the guide cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from officedocs import schema
from officedocs.halaman import FrontMatter
from officedocs.schema import Jabatan, Kantor, Laporan, Regulasi, Sop
from officedocs.yamltext import load_text

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "panduan.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
# A whole file's example is told by its first key.
SCHEMAS = {
    "pemerintah": Kantor,
    "camat": dict[str, Jabatan],
    "permendagri-52-2011": dict[str, Regulasi],
    "nomor": Sop,
    "judul": Laporan,
}


def whole_files() -> list[tuple[str, str]]:
    out = []
    for block in BLOCKS:
        first = block.split(":", 1)[0].strip()
        if first in SCHEMAS:
            out.append((first, block))
    return out


def test_the_guide_has_an_example_of_every_content_file() -> None:
    assert sorted(first for first, _ in whole_files()) == sorted(SCHEMAS)


@pytest.mark.parametrize(("first", "block"), whole_files(), ids=[f for f, _ in whole_files()])
def test_each_example_is_accepted(first: str, block: str) -> None:
    data = load_text(block.encode("utf-8")).data
    TypeAdapter(SCHEMAS[first]).validate_python(data)


def test_every_key_of_the_schema_is_in_the_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    models = [Kantor, Jabatan, Regulasi, Sop, Laporan, FrontMatter]
    seen: set[type] = {schema.Waktu}  # parsed from one text (`10 Menit`), not keys
    missing = []
    while models:
        model = models.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            if not re.search(rf"\b{name}\b", text):
                missing.append(f"{model.__name__}.{name}")
            for sub in re.findall(r"officedocs\.schema\.(\w+)", repr(info.annotation)):
                models.append(getattr(schema, sub))
    assert missing == []
