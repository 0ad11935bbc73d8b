"""Load and validate content/: files -> checked, cross-referenced documents.

Every problem of a run is collected (with file, line and column) and raised once at the end as
ContentError; nothing here writes anything.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .halaman import Halaman, load_halaman
from .problems import ContentError, Problem, Problems
from .schema import Jabatan, Kantor, Laporan, Masa, Regulasi, Sop, TautanSop
from .yamltext import Located, YamlProblem, load_text

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Step:
    """A procedure step with its flow resolved to step numbers."""

    number: int
    kegiatan: Any  # schema.Kegiatan
    actors: tuple[int, ...]
    next: int | None
    decision: tuple[int, int] | None  # (ya, tidak)

    @property
    def shape(self) -> str:
        return "decision" if self.decision else "process"


@dataclass(frozen=True)
class Signer:
    jabatan: str
    masa: Masa


@dataclass(eq=False)  # identity: hashable, so a build can memoise per document
class SopDoc:
    id: str
    path: Path
    sop: Sop
    steps: list[Step]
    signer: Signer
    regulations: list[tuple[str, Regulasi]]
    links: list[tuple[str, str | None]]  # (printed text, linked SOP id or None)

    @property
    def status(self) -> str:
        return self.sop.status

    @property
    def date(self):  # noqa: ANN201 - the date the document speaks for: who signs, PDF dates
        return self.sop.tanggal_efektif


@dataclass
class LaporanDoc:
    id: str
    path: Path
    laporan: Laporan
    signer: Signer

    @property
    def status(self) -> str:
        return self.laporan.status

    @property
    def date(self):  # noqa: ANN201
        return self.laporan.tanggal


@dataclass
class Site:
    root: Path
    kantor: Kantor
    pejabat: dict[str, Jabatan]
    regulasi: dict[str, Regulasi]
    sops: dict[str, SopDoc] = field(default_factory=dict)
    laporan: dict[str, LaporanDoc] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)
    halaman: list[Halaman] = field(default_factory=list)  # website pages, in navigation order


def rel(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


_FIELD_NAMES = sorted(
    {
        name
        for model in (Kantor, Jabatan, Masa, Regulasi, Sop, TautanSop)
        for name in model.model_fields
    }
    | {
        "uraian",
        "pelaksana",
        "kelengkapan",
        "waktu",
        "output",
        "keterangan",
        "keputusan",
        "lanjut",
        "id",
        "tidak",
        "ya",
        "rumus_negatif",
        "batas_capaian",
    }
)


def where(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


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


def _found(value: Any) -> str:
    if isinstance(value, str):
        return f' (ditemukan: "{value}")'
    if value is None:
        return " (ditemukan: kosong)"
    if isinstance(value, list):
        return " (ditemukan: daftar)"
    if isinstance(value, dict):
        return " (ditemukan: pemetaan kunci: nilai)"
    return ""


def _message(err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return "wajib diisi, tetapi kunci ini tidak ada"
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        guess = difflib.get_close_matches(str(key), _FIELD_NAMES, n=1)
        hint = f'; maksudnya "{guess[0]}"?' if guess else ""
        return f'kunci "{key}" tidak dikenal{hint}'
    if kind == "value_error":
        return str(ctx.get("error", err["msg"])) + _found(value)
    if kind in ("string_type", "str_type"):
        return "harus berupa teks" + _found(value)
    if kind == "list_type":
        return "harus berupa daftar (baris-baris yang diawali '- ')" + _found(value)
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "harus berupa pemetaan (kunci: nilai)" + _found(value)
    if kind == "literal_error":
        return f"harus salah satu dari {ctx.get('expected', '')}" + _found(value)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "harus bilangan bulat" + _found(value)
    if kind in ("decimal_parsing", "decimal_type", "float_parsing"):
        return "harus angka (pakai titik untuk desimal, misalnya 82.50)" + _found(value)
    if kind == "string_too_short":
        return "tidak boleh kosong"
    if kind == "too_short":
        return f"harus berisi sedikitnya {ctx.get('min_length')} isian"
    if kind == "too_long":
        return f"paling banyak {ctx.get('max_length')} isian" + (
            f" (ditemukan {ctx.get('actual_length')})" if ctx.get("actual_length") else ""
        )
    if kind == "string_pattern_mismatch":
        field_name = err["loc"][-1] if err["loc"] else ""
        if field_name == "kode_pos":
            return "kode pos harus 5 angka" + _found(value)
        if field_name == "situs":
            return "alamat situs harus lengkap, misalnya https://kecamatan.example.go.id/" + _found(
                value
            )
        if field_name == "id":
            return "label langkah hanya boleh huruf kecil, angka, - dan _" + _found(value)
        return "bentuknya tidak sesuai" + _found(value)
    if kind == "greater_than_equal":
        return f"paling kecil {ctx.get('ge')}" + _found(value)
    if kind == "less_than_equal":
        return f"paling besar {ctx.get('le')}" + _found(value)
    if kind == "finite_number":
        return "harus angka biasa, bukan NaN atau tak hingga" + _found(value)
    return f"nilai tidak sesuai ({err['msg']})" + _found(value)


def validate(
    adapter: TypeAdapter | type[BaseModel], doc: Located, path: Path, problems: Problems
) -> Any:
    """Validate `doc` against a schema; add one problem per distinct place."""
    try:
        if isinstance(adapter, TypeAdapter):
            return adapter.validate_python(doc.data)
        return adapter.model_validate(doc.data)
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
            problems.add(rel(path), line, col, where(loc), _message(err))
        return None


def read_yaml(path: Path, problems: Problems) -> Located | None:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(rel(path), 1, 1, "", f"berkas tidak bisa dibaca: {exc.strerror}")
        return None
    try:
        doc = load_text(raw)
    except YamlProblem as exc:
        problems.add(rel(path), exc.line, exc.col, "", exc.message)
        return None
    return doc


def _mapping_file(path: Path, problems: Problems) -> Located | None:
    doc = read_yaml(path, problems)
    if doc is not None and not isinstance(doc.data, dict):
        problems.add(
            rel(path),
            1,
            1,
            "",
            "isi berkas harus berupa pemetaan (kunci: nilai)" + _found(doc.data),
        )
        return None
    return doc


def signer_on(pejabat: dict[str, Jabatan], role: str, date) -> Signer | None:  # noqa: ANN001
    """Whoever held `role` on `date` (the latest term that covers it)."""
    jabatan = pejabat.get(role)
    if jabatan is None:
        return None
    for masa in sorted(jabatan.masa, key=lambda m: m.mulai, reverse=True):
        if masa.mulai <= date and (masa.selesai is None or date <= masa.selesai):
            return Signer(jabatan.jabatan, masa)
    return None


def load_site(root: Path) -> Site:
    """Load and validate everything under `root`; raise ContentError listing every error."""
    problems = Problems()
    required = {name: root / f"{name}.yaml" for name in ("kantor", "pejabat", "dasar_hukum")}
    docs: dict[str, Located | None] = {}
    for name, path in required.items():
        if not path.exists():
            problems.add(rel(path), 1, 1, "", "berkas wajib ini tidak ada")
            docs[name] = None
        else:
            docs[name] = _mapping_file(path, problems)

    kantor = (
        validate(Kantor, docs["kantor"], required["kantor"], problems) if docs["kantor"] else None
    )
    pejabat = (
        validate(TypeAdapter(dict[str, Jabatan]), docs["pejabat"], required["pejabat"], problems)
        if docs["pejabat"]
        else None
    )
    regulasi = (
        validate(
            TypeAdapter(dict[str, Regulasi]), docs["dasar_hukum"], required["dasar_hukum"], problems
        )
        if docs["dasar_hukum"]
        else None
    )
    if kantor is not None:
        logo = (root / kantor.logo).resolve()
        if not logo.is_file() or not logo.is_relative_to(root.resolve()):
            line, col = docs["kantor"].where(("logo",))
            problems.add(
                rel(required["kantor"]),
                line,
                col,
                "logo",
                f'berkas logo tidak ada di dalam {rel(root)}/ (ditemukan: "{kantor.logo}")',
            )
    if regulasi is not None:
        for rid, reg in regulasi.items():
            if reg.dicabut_oleh is not None and reg.dicabut_oleh not in regulasi:
                line, col = docs["dasar_hukum"].where((rid, "dicabut_oleh"))
                problems.add(
                    rel(required["dasar_hukum"]),
                    line,
                    col,
                    f"{rid}.dicabut_oleh",
                    f'peraturan "{reg.dicabut_oleh}" tidak ada di dasar_hukum.yaml',
                )

    sop_docs: dict[str, tuple[Path, Located, Sop]] = {}
    owners: dict[str, Path] = {}
    for path in _yaml_files(root / "sop", problems):
        # Web servers and archives on other systems may ignore case: one output, one file.
        other = owners.setdefault(path.stem.lower(), path)
        if other != path:
            problems.add(
                rel(path),
                1,
                1,
                "",
                f"berkas ini dan {rel(other)} akan menulis output "
                "yang sama (nama berkas hanya berbeda huruf besar/kecil)",
            )
            continue
        doc = _mapping_file(path, problems)
        if doc is None:
            continue
        sop = validate(Sop, doc, path, problems)
        if sop is not None:
            sop_docs[path.stem] = (path, doc, sop)

    laporan_docs = [
        (path, doc, validate(Laporan, doc, path, problems))
        for path in _yaml_files(root / "laporan", problems)
        if (doc := _mapping_file(path, problems)) is not None
    ]

    halaman = load_halaman(root / "halaman", problems)

    site = None
    if kantor is not None and pejabat is not None and regulasi is not None:
        site = Site(root, kantor, pejabat, regulasi, halaman=halaman)
        site.sources = {name: path for name, path in required.items()}
        for sop_id, (path, doc, sop) in sop_docs.items():
            checked = check_sop(sop_id, path, doc, sop, site, set(sop_docs), problems)
            if checked is not None:
                site.sops[sop_id] = checked
        for path, doc, laporan in laporan_docs:
            if laporan is not None and (
                checked := check_laporan(path, doc, laporan, site, problems)
            ):
                site.laporan[path.stem] = checked
    if problems.errors:
        raise ContentError(sorted(problems.errors))
    assert site is not None
    site.warnings = problems.warnings
    return site


def _ref(doc: Located, path: Path, problems: Problems, loc: tuple, message: str) -> None:
    line, col = doc.where(loc)
    problems.add(rel(path), line, col, where(loc), message)


def check_sop(
    sop_id: str,
    path: Path,
    doc: Located,
    sop: Sop,
    site: Site,
    sop_ids: set[str],
    problems: Problems,
) -> SopDoc | None:
    """Cross-file references and the flow of the procedure."""
    before = len(problems.errors)
    report = lambda loc, msg: _ref(doc, path, problems, loc, msg)  # noqa: E731

    if sop.tanggal_revisi is not None and sop.tanggal_revisi < sop.tanggal_pembuatan:
        report(("tanggal_revisi",), "tanggal revisi tidak boleh sebelum tanggal pembuatan")
    if sop.tanggal_efektif < sop.tanggal_pembuatan:
        report(("tanggal_efektif",), "tanggal efektif tidak boleh sebelum tanggal pembuatan")

    signer = _signer(
        report, ("disahkan_oleh",), site, sop.disahkan_oleh, sop.tanggal_efektif, "tanggal efektif"
    )

    regulations = []
    for i, rid in enumerate(sop.dasar_hukum):
        reg = site.regulasi.get(rid)
        if reg is None:
            guess = difflib.get_close_matches(rid, list(site.regulasi), n=1)
            hint = f'; maksudnya "{guess[0]}"?' if guess else ""
            report(("dasar_hukum", i), f'peraturan "{rid}" tidak ada di dasar_hukum.yaml{hint}')
            continue
        regulations.append((rid, reg))
        if reg.dicabut_oleh:
            line, col = doc.where(("dasar_hukum", i))
            new = site.regulasi.get(reg.dicabut_oleh)
            replacement = new.kutipan if new else reg.dicabut_oleh
            problems.warn(
                rel(path),
                line,
                col,
                f"dasar_hukum[{i}]",
                f'SOP "{sop_id}" mengutip {reg.jenis} Nomor {reg.nomor} Tahun {reg.tahun} '
                f"yang sudah dicabut oleh {replacement}",
            )

    links: list[tuple[str, str | None]] = []
    for i, item in enumerate(sop.keterkaitan):
        if isinstance(item, TautanSop):
            if item.sop not in sop_ids:
                report(
                    ("keterkaitan", i, "sop"),
                    f'SOP "{item.sop}" tidak ada di {rel(site.root / "sop")}/',
                )
            links.append((item.sop, item.sop))
        else:
            links.append((item, None))

    actors = {name: i for i, name in enumerate(sop.pelaksana)}
    if len(actors) != len(sop.pelaksana):
        report(("pelaksana",), "nama pelaksana tidak boleh ditulis dua kali")

    count = len(sop.kegiatan)
    labels: dict[str, int] = {}
    for i, k in enumerate(sop.kegiatan):
        if k.id is not None:
            if k.id in labels:
                report(
                    ("kegiatan", i, "id"), f'label "{k.id}" sudah dipakai langkah {labels[k.id]}'
                )
            labels[k.id] = i + 1

    def target(loc: tuple, value: str) -> int | None:
        if value.isdigit():
            n = int(value)
            if 1 <= n <= count:
                return n
            report(loc, f"langkah {n} tidak ada (SOP ini punya {count} langkah)")
            return None
        if value in labels:
            return labels[value]
        report(loc, f'tidak ada langkah berlabel "{value}" (tulis nomor langkah atau id langkah)')
        return None

    steps: list[Step] = []
    for i, k in enumerate(sop.kegiatan):
        number = i + 1
        idx = []
        for j, name in enumerate(k.aktor):
            loc = ("kegiatan", i, "pelaksana") + ((j,) if isinstance(k.pelaksana, list) else ())
            if name not in actors:
                report(
                    loc, f'"{name}" bukan salah satu pelaksana SOP ini ({", ".join(sop.pelaksana)})'
                )
            else:
                idx.append(actors[name])
        default_next = number + 1 if number < count else None
        nxt = default_next
        decision = None
        last = number == count
        if k.lanjut is not None:
            if last:
                report(
                    ("kegiatan", i, "lanjut"),
                    "langkah terakhir adalah akhir prosedur; tidak boleh punya lanjut",
                )
            elif k.keputusan is not None:
                report(
                    ("kegiatan", i, "lanjut"),
                    "langkah keputusan memakai keputusan.ya, bukan lanjut",
                )
            else:
                nxt = target(("kegiatan", i, "lanjut"), k.lanjut)
        if k.keputusan is not None:
            if number == 1 or last:
                report(
                    ("kegiatan", i, "keputusan"),
                    "langkah pertama dan terakhir digambar sebagai terminator; "
                    "tidak boleh berupa keputusan",
                )
            else:
                tidak = target(("kegiatan", i, "keputusan", "tidak"), k.keputusan.tidak)
                ya = (
                    target(("kegiatan", i, "keputusan", "ya"), k.keputusan.ya)
                    if k.keputusan.ya is not None
                    else default_next
                )
                if ya is not None and tidak is not None:
                    if ya == tidak:
                        report(
                            ("kegiatan", i, "keputusan"),
                            f"ya dan tidak menuju langkah yang sama ({ya})",
                        )
                    decision = (ya, tidak)
                    nxt = ya
        steps.append(Step(number, k, tuple(sorted(set(idx))), nxt, decision))

    if len(problems.errors) == before:
        _check_flow(steps, lambda n, msg: report(("kegiatan", n - 1), msg))
    if len(problems.errors) != before or signer is None:
        return None
    return SopDoc(sop_id, path, sop, steps, signer, regulations, links)


def _successors(step: Step) -> list[int]:
    if step.decision:
        return list(step.decision)
    return [step.next] if step.next is not None else []


def _check_flow(steps: list[Step], report) -> None:  # noqa: ANN001
    """Every step reachable from the first, and the last reachable from every step."""
    by_number = {s.number: s for s in steps}
    last = steps[-1].number
    seen = {1}
    todo = [1]
    while todo:
        for n in _successors(by_number[todo.pop()]):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    for s in steps:
        if s.number not in seen:
            report(s.number, f"langkah {s.number} tidak pernah dicapai dari langkah 1")
    reaches = {last}
    changed = True
    while changed:
        changed = False
        for s in steps:
            if s.number not in reaches and any(n in reaches for n in _successors(s)):
                reaches.add(s.number)
                changed = True
    for s in steps:
        if s.number in seen and s.number not in reaches:
            report(
                s.number,
                f"alur dari langkah {s.number} tidak pernah sampai ke langkah terakhir "
                f"({last}): prosedur tidak pernah selesai",
            )


def _yaml_files(folder: Path, problems: Problems) -> list[Path]:
    if not folder.is_dir():
        return []
    for path in sorted(folder.glob("*.yml")):
        problems.add(rel(path), 1, 1, "", "berkas harus berakhiran .yaml")
    return sorted(folder.glob("*.yaml"))


def check_laporan(
    path: Path, doc: Located, laporan: Laporan, site: Site, problems: Problems
) -> LaporanDoc | None:
    """References of a quarterly report: quarters reported, the signer on its date."""
    before = len(problems.errors)

    def report(loc: tuple, msg: str) -> None:
        _ref(doc, path, problems, loc, msg)

    n = laporan.triwulan
    for i, sasaran in enumerate(laporan.sasaran):
        for j, ind in enumerate(sasaran.indikator):
            if len(ind.realisasi) > n:
                report(
                    ("sasaran", i, "indikator", j, "realisasi"),
                    f"{len(ind.realisasi)} nilai realisasi, padahal laporan sampai triwulan {n}",
                )
    for i, line in enumerate(laporan.anggaran):
        if len(line.realisasi) > n:
            report(
                ("anggaran", i, "realisasi"),
                f"{len(line.realisasi)} nilai realisasi, padahal laporan sampai triwulan {n}",
            )
    signer = _signer(
        report, ("penandatangan",), site, laporan.penandatangan, laporan.tanggal, "tanggal"
    )
    if len(problems.errors) != before or signer is None:
        return None
    return LaporanDoc(path.stem, path, laporan, signer)


def _signer(report, loc: tuple, site: Site, role: str, date, what: str) -> Signer | None:  # noqa: ANN001
    """Whoever held `role` on the document's date, or a problem at `loc` saying why not."""
    if role not in site.pejabat:
        known = ", ".join(site.pejabat)
        report(loc, f'jabatan "{role}" tidak ada di pejabat.yaml (yang ada: {known})')
        return None
    signer = signer_on(site.pejabat, role, date)
    if signer is None:
        report(loc, f'tidak ada pejabat "{role}" yang menjabat pada {what} {date.isoformat()}')
    return signer
