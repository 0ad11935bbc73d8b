"""A read sheet -> the draft content of one SOP, with a note on every guessed value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..schema import Jabatan
from ..yamltext import YamlProblem, load_text
from . import identity, matching
from .model import RawSheet
from .steps import read_steps
from .text import items

LISTS = ("kualifikasi_pelaksana", "peralatan", "pencatatan")


@dataclass
class Draft:
    data: dict
    notes: dict[tuple, str]
    proposals: dict[str, dict] = field(default_factory=dict)  # new dasar_hukum entries
    symbols: int = 0


def load(path: Path) -> dict:
    """A registry read as the build reads it (every scalar text, `yamltext`), leniently: a
    broken file only means fewer matches, which the notes then say."""
    try:
        data = load_text(path.read_bytes()).data
    except (OSError, YamlProblem):
        return {}
    return data if isinstance(data, dict) else {}


def _jabatan(raw: dict) -> dict[str, Jabatan]:
    """The roles of pejabat.yaml that pass the schema: who held one on a date is then asked of
    the same function the build's check asks (`signer_on`)."""
    out = {}
    for role, entry in raw.items():
        try:
            out[role] = Jabatan.model_validate(entry)
        except ValidationError:
            continue
    return out


def registries(content: Path) -> tuple[dict[str, Jabatan], dict, dict[str, str]]:
    """pejabat.yaml, dasar_hukum.yaml and {sop id: nama}."""

    sops = {}
    for p in sorted((content / "sop").glob("*.yaml")):
        nama = load(p).get("nama")
        if isinstance(nama, str):
            sops[p.stem] = nama
    return _jabatan(load(content / "pejabat.yaml")), load(content / "dasar_hukum.yaml"), sops


def _stand_in(data: dict, notes: dict) -> None:
    """A sheet that prints one of its two required dates: the other one stands in, marked."""
    made, valid = data["tanggal_pembuatan"], data["tanggal_efektif"]
    for key, other, name in (
        ("tanggal_pembuatan", valid, "efektif"),
        ("tanggal_efektif", made, "pembuatan"),
    ):
        if data[key] is None and other is not None:
            data[key] = other
            notes[(key,)] = f"{notes[(key,)]}; sementara diisi tanggal {name}"


def build_draft(raw: RawSheet, content: Path, proposals_file: str) -> Draft:
    pejabat, hukum, sops = registries(content)
    f = identity.fields(raw.cells)
    notes: dict[tuple, str] = {}
    data: dict = {}
    data["nomor"] = identity.value(f.get("nomor", []))
    data["nama"] = identity.value(f.get("nama", [])) or (raw.pages[0].title if raw.pages else "")
    data["status"] = "draf"
    for key in ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif"):
        day, note = matching.tanggal(identity.value(f.get(key, [])))
        data[key] = day
        if note:
            notes[(key,)] = note
        elif day is None and key != "tanggal_revisi":
            notes[(key,)] = "tanggal tidak ditemukan pada lembar"
    _stand_in(data, notes)
    jabatan, nama, nip = identity.signer(f.get("disahkan", []))
    data["disahkan_oleh"], note = matching.pejabat(
        jabatan, nama, nip, data["tanggal_efektif"], pejabat
    )
    if note:
        notes[("disahkan_oleh",)] = note
    draft = Draft(data, notes)
    data["dasar_hukum"] = []
    for i, citation in enumerate(items(f.get("dasar_hukum", []))):
        rid, note, entry = matching.dasar_hukum(citation, hukum)
        data["dasar_hukum"].append(rid)
        if note:
            notes[("dasar_hukum", i)] = note.replace("{usulan}", proposals_file)
        if entry:
            draft.proposals[rid] = entry
    data["kualifikasi_pelaksana"] = items(f.get("kualifikasi_pelaksana", []))
    data["keterkaitan"] = [matching.keterkaitan(t, sops) for t in items(f.get("keterkaitan", []))]
    data["peralatan"] = items(f.get("peralatan", []))
    peringatan = items(f.get("peringatan", []))
    data["peringatan"] = peringatan[0] if len(peringatan) == 1 else peringatan
    data["pencatatan"] = items(f.get("pencatatan", []))
    for line in f.get(identity.SPANNING, []):
        notes[(line.text,)] = "isinya membentang di bawah dua label; periksa blok mana pemiliknya"
    for key in ("nomor", "nama"):
        if not data[key]:
            notes[(key,)] = "tidak ditemukan pada lembar"
    data["pelaksana"], data["kegiatan"], draft.symbols = read_steps(raw.pages, notes)
    for i, step in enumerate(data["kegiatan"]):
        step["waktu"], note = matching.waktu(step.get("waktu", ""))
        if note:
            notes.setdefault(("kegiatan", i, "waktu"), note)
    return draft
