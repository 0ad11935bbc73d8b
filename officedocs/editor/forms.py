"""Forms made from the pydantic models: which control each field gets, under which label.

The labels are the words the sheet and the report print (interface.md, "The editor"); a field
added to a model gets a control by its type (text, date, choice, list) without a change here.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticUndefined

from ..schema import Indikator, Kegiatan, Laporan, MataAnggaran, Sasaran, Sop
from .roundtrip import ORIGIN

LABELS: dict[type, dict[str, str]] = {
    Sop: {
        "nomor": "Nomor SOP",
        "nama": "Nama SOP",
        "status": "Status",
        "tanggal_pembuatan": "Tanggal Pembuatan",
        "tanggal_revisi": "Tanggal Revisi",
        "tanggal_efektif": "Tanggal Efektif",
        "disahkan_oleh": "Disahkan Oleh",
        "dasar_hukum": "Dasar Hukum",
        "kualifikasi_pelaksana": "Kualifikasi Pelaksana",
        "keterkaitan": "Keterkaitan",
        "peralatan": "Peralatan/Perlengkapan",
        "peringatan": "Peringatan",
        "pencatatan": "Pencatatan dan Pendataan",
        "pelaksana": "Pelaksana",
        "kegiatan": "Langkah",
    },
    Kegiatan: {
        "id": "Label",
        "uraian": "Uraian Kegiatan",
        "pelaksana": "Pelaksana",
        "kelengkapan": "Kelengkapan",
        "waktu": "Waktu",
        "output": "Output",
        "keterangan": "Keterangan",
        "keputusan": "Keputusan",
        "lanjut": "Lanjut ke langkah",
        "mulai": "Awal lain (mulai)",
        "selesai": "Akhir lain (selesai)",
    },
    Laporan: {
        "judul": "Judul",
        "status": "Status",
        "tahun": "Tahun",
        "triwulan": "Triwulan",
        "tanggal": "Tanggal",
        "penandatangan": "Penandatangan",
        "sasaran": "Sasaran",
        "anggaran": "Mata Anggaran",
        "faktor_pendorong": "Faktor Pendorong",
        "faktor_penghambat": "Faktor Penghambat",
        "tindak_lanjut": "Tindak Lanjut",
    },
    Sasaran: {"sasaran": "Sasaran", "indikator": "Indikator Kinerja"},
    Indikator: {
        "indikator": "Indikator Kinerja",
        "satuan": "Satuan",
        "target": "Target",
        "realisasi": "Realisasi TW",
        "polaritas": "Polaritas",
        "agregasi": "Agregasi",
    },
    MataAnggaran: {
        "program": "Program",
        "kegiatan": "Kegiatan",
        "sub_kegiatan": "Sub Kegiatan",
        "pagu": "Pagu (Rp)",
        "realisasi": "Realisasi TW",
    },
}
# Fields whose choices come from content/ rather than from their type.
SPECIAL = {
    (Sop, "disahkan_oleh"): "role",
    (Laporan, "penandatangan"): "role",
    (Sop, "dasar_hukum"): "regulation",
    (Sop, "keterkaitan"): "link",
    (Sop, "pelaksana"): "actor-name",
    (Kegiatan, "pelaksana"): "actor",
    (Kegiatan, "lanjut"): "target",
    (Kegiatan, "keputusan"): "branches",
    (Kegiatan, "id"): "hidden",
    (Laporan, "faktor_pendorong"): "markdown",
    (Laporan, "faktor_penghambat"): "markdown",
    (Laporan, "tindak_lanjut"): "markdown",
}


@dataclass(frozen=True)
class Field:
    """One control of a form. `empty` says what an empty control sends: "text" (an empty
    text, which a required field refuses), "null" (no value) or "omit" (the key left out)."""

    key: str
    label: str
    widget: str  # text date select number markdown role regulation link actor(-name) target
    # branches (a decision: branch label -> step)
    empty: str
    choices: tuple[str, ...] = ()
    item: Field | None = None  # a list: the control of each item
    fields: tuple[Field, ...] = ()  # a mapping: its controls
    one_or_many: bool = False  # `Teks | list[Teks]`: written as text while it has one item


def _strip(tp: Any) -> tuple[Any, bool]:
    """The type without Annotated and None; whether None was allowed."""
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            arms = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = optional or len(arms) < len(typing.get_args(tp))
            lists = [a for a in arms if typing.get_origin(_strip(a)[0]) is list]
            tp = lists[0] if lists else arms[0]
        else:
            return tp, optional


def _widget(tp: Any) -> tuple[str, tuple[str, ...]]:
    if tp is dt.date:
        return "date", ()
    if tp is bool:  # `ya` / `tidak`, as the file says it
        return "select", ("", "ya", "tidak")
    if typing.get_origin(tp) is typing.Literal:
        return "select", tuple(str(a) for a in typing.get_args(tp))
    if tp in (int, Decimal, float):
        return "number", ()
    return "text", ()


def describe(model: type[BaseModel], key: str = "", label: str = "") -> Field:
    """The form of `model`: one control per field, in the model's (the file's) order."""
    fields = []
    for name, info in model.model_fields.items():
        # A value parsed from text (`waktu: 10 Menit`) is edited as that text.
        parsed = any(isinstance(m, BeforeValidator) for m in info.metadata)
        fields.append(_field(model, name, info.annotation, info.default, parsed))
    return Field(key, label, "map", "omit", fields=tuple(fields))


def _field(model: type, name: str, annotation: Any, default: Any, parsed: bool) -> Field:
    label = LABELS.get(model, {}).get(name, name.replace("_", " ").capitalize())
    tp, optional = _strip(annotation)
    empty = "text" if default is PydanticUndefined else ("null" if default is None else "omit")
    special = SPECIAL.get((model, name))
    many = typing.get_origin(annotation) in (typing.Union, types.UnionType) and not optional
    if typing.get_origin(tp) is list:
        inner, _ = _strip(typing.get_args(tp)[0])
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            item = describe(inner, "", label)
        else:
            widget, choices = _widget(inner)
            item = Field("", label, special or widget, "omit", choices)
        return Field(name, label, "list", empty, item=item, one_or_many=many)
    if special == "branches" or typing.get_origin(tp) is dict:
        return Field(name, label, special or "text", "omit")
    if isinstance(tp, type) and issubclass(tp, BaseModel) and not parsed:
        inner_form = describe(tp, name, label)
        return Field(name, label, "map", "omit", fields=inner_form.fields)
    widget, choices = _widget(tp)
    if optional and widget == "select":
        choices = ("", *choices)
    return Field(name, label, special or widget, empty, choices)


FORMS = {"sop": describe(Sop), "laporan": describe(Laporan)}


def carry_unknown(form: Field, old: Any, new: Any) -> Any:
    """`new` (the form's data) with the keys of `old` (the file) that the form has no control
    for: a misspelt key is kept and reported by the check, never dropped by a save."""
    if not isinstance(old, dict) or not isinstance(new, dict) or form.widget != "map":
        return new
    known = {f.key: f for f in form.fields}
    out = dict(new)
    for key, value in old.items():
        if key not in known:
            out.setdefault(key, value)
        elif known[key].widget == "list" and known[key].item and isinstance(value, list):
            out[key] = _carry_items(known[key].item, value, out.get(key))
        elif known[key].widget == "map":
            out[key] = carry_unknown(known[key], value, out.get(key))
    return out


def _carry_items(item: Field, old: list, new: Any) -> Any:
    if not isinstance(new, list):
        return new
    out = []
    for value in new:
        origin = value.get(ORIGIN) if isinstance(value, dict) else None
        before = old[origin] if isinstance(origin, int) and 0 <= origin < len(old) else None
        out.append(carry_unknown(item, before, value) if before is not None else value)
    return out


def new_id_problem(doc_id: str) -> str | None:
    """A new document's file name: what the website's address will be."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,79}", doc_id):
        return "nama berkas hanya huruf kecil, angka dan tanda -, misalnya pelayanan-ktp"
    return None
