"""A form's values checked as `build.py check` checks the file, and the sheet drawn from them.

Pure apart from reading the registries (kantor, pejabat, dasar_hukum) and the other documents'
names, which are read again only when their files change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..checks.images import ImageChecks
from ..checks.laporan import check_laporan
from ..checks.registry import signer_on
from ..checks.schema import validate
from ..checks.sop import check_sop
from ..checks.urls import UrlContext
from ..documents import Site, SopDoc
from ..formatting import romawi
from ..load import REGISTRIES, load_file, site_pages
from ..paths import PATHS
from ..problems import Problem, Problems
from ..render import document_html, environment
from ..schema import Laporan, Sop
from ..sheet import procedure_geometry
from ..views import sop_view
from ..yamltext import Located, YamlProblem, load_text
from .roundtrip import ORIGIN

# A jump whose target step was removed in the form: no step number or label can mean it.
REMOVED = "\x00dihapus"
REMOVED_MESSAGE = "langkah tujuan sudah dihapus; pilih langkah lain"
KINDS = {"sop": Sop, "laporan": Laporan}


@dataclass
class Office:
    """content/'s registries and documents as the editor needs them, re-read when changed."""

    root: Path
    _stamp: tuple = ()
    site: Site | None = None
    problems: list[str] = field(default_factory=list)
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> id -> name

    def refresh(self) -> None:
        files = [self.root / f"{n}.yaml" for n in REGISTRIES]
        files += sorted((self.root / "sop").glob("*.yaml"))
        files += sorted((self.root / "laporan").glob("*.yaml"))
        stamp = tuple((str(p), *_stat(p)) for p in files)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        problems = Problems()
        values = []
        for name, schema in REGISTRIES.items():
            path = self.root / f"{name}.yaml"
            loaded = load_file(path, schema, problems) if path.exists() else None
            values.append(loaded.value if loaded else None)
        self.problems = [str(p) for p in problems.errors]
        self.site = Site(self.root, *values) if all(v is not None for v in values) else None
        self.names = {kind: _names(self.root / kind) for kind in KINDS}

    def paper(self) -> str:
        return self.site.kantor.kertas if self.site else "F4"

    def holders(self, on: dt.date | None) -> dict[str, str]:
        """Each role -> who holds it on `on` (empty when nobody does): the build's own rule,
        so the name beside the form is the one the signature block prints."""
        pejabat = self.site.pejabat if self.site else {}
        signers = {role: signer_on(pejabat, role, on) if on else None for role in pejabat}
        return {role: s.masa.nama if s else "" for role, s in signers.items()}


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def _names(folder: Path) -> dict[str, str]:
    """id -> the document's name as printed (an SOP's `nama`, a report's title), else its id."""
    return {path.stem: _summary(path)[0] or path.stem for path in sorted(folder.glob("*.yaml"))}


_SUMMARIES: dict[Path, tuple[tuple[int, int], str | None, str | None, bool]] = {}


def _summary(path: Path) -> tuple[str | None, str | None, bool]:
    """A document's printed name, its number and whether it is a draft, read again only
    when its file changed."""
    stamp = _stat(path)
    hit = _SUMMARIES.get(path)
    if hit is None or hit[0] != stamp:
        try:
            data = load_text(path.read_bytes()).data
        except (OSError, YamlProblem):
            data = None
        data = data if isinstance(data, dict) else {}
        nomor = data.get("nomor") if isinstance(data.get("nomor"), str) else None
        hit = _SUMMARIES[path] = (stamp, _name(data), nomor, data.get("status") == "draf")
    return hit[1:]


def _name(data: dict) -> str | None:
    name = data.get("nama") or data.get("judul")
    if isinstance(name, str):
        return name
    tw, tahun = str(data.get("triwulan")), data.get("tahun")
    if tw.isdigit() and 1 <= int(tw) <= 4 and isinstance(tahun, str):
        return f"Laporan Kinerja Triwulan {romawi(int(tw))} Tahun {tahun}"
    return None


def plain(value: Any) -> Any:
    """The form's data as yamltext would read it from the saved file."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != ORIGIN}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _removed_jumps(data: Any, problems: Problems, path: Path) -> set[str]:
    """Jumps to a step removed in the form, reported in words; their places."""
    places = set()
    steps = data.get("kegiatan") if isinstance(data, dict) else None
    for i, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        exits = step.get("keputusan") if isinstance(step.get("keputusan"), dict) else {}
        jumps = [("lanjut", step.get("lanjut"))]
        jumps += [(f"keputusan.{label}", value) for label, value in exits.items()]
        for where, value in jumps:
            if value == REMOVED:
                places.add(f"kegiatan[{i}].{where}")
                problems.add(str(path), 1, 1, f"kegiatan[{i}].{where}", REMOVED_MESSAGE)
    return places


@dataclass
class Checked:
    """What the editor shows beside the form after a change."""

    problems: list[Problem]
    doc: Any = None  # SopDoc | LaporanDoc when the document has no error
    value: Any = None  # the validated model (None if the schema refused it)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "error"]


def check_data(
    office: Office, kind: str, doc_id: str, data: Any, text: str | None = None
) -> Checked:
    """Check a document given as form data, or as the text to be saved (`text`): -> Checked."""
    office.refresh()
    path = office.root / kind / f"{doc_id}.yaml"
    problems = Problems()
    if text is not None:
        try:
            located = load_text(text.encode("utf-8"))
        except YamlProblem as exc:
            problems.add(str(path), exc.line, exc.col, "", exc.message)
            return Checked(problems.items)
    else:
        data = plain(data)
        located = Located(data, {}, {})
    removed = _removed_jumps(located.data, problems, path)
    value = validate(KINDS[kind], located, path, problems)
    if office.site is None:
        for line in office.problems or ["berkas pejabat/dasar hukum/kantor tidak bisa dibaca"]:
            problems.add(str(path), 1, 1, "", line)
        return Checked(problems.items, None, value)
    checked = None
    if value is not None and kind == "sop":
        ids = set(office.names["sop"]) | {doc_id}
        checked = check_sop(doc_id, path, located, value, office.site, ids, problems)
        _unique_number(office, doc_id, value, problems, path)
    elif value is not None:
        urls = _urls(office, problems)
        checked = check_laporan(path, located, value, office.site, problems, urls)
    items = [p for p in problems.items if p.message == REMOVED_MESSAGE or p.where not in removed]
    errors = [p for p in items if p.kind == "error"]
    return Checked(items, None if errors else checked, value)


def _unique_number(office: Office, doc_id: str, sop: Sop, problems: Problems, path: Path) -> None:
    for other in sorted((office.root / "sop").glob("*.yaml")):
        if other.stem != doc_id and _summary(other)[1] == sop.nomor:
            message = f'nomor "{sop.nomor}" sudah dipakai di {other.name}'
            problems.add(str(path), 1, 1, "nomor", message)


def _urls(office: Office, problems: Problems) -> UrlContext:
    """The pages a report's Markdown may link to, as the build counts them (a draft's page
    only with --drafts: a warning)."""
    documents = [
        (kind, doc_id, _summary(office.root / kind / f"{doc_id}.yaml")[2])
        for kind in KINDS
        for doc_id in office.names[kind]
    ]
    pages = site_pages(office.root, documents, office.site.regulasi if office.site else ())
    return UrlContext(office.root, pages, ImageChecks(office.root, problems), problems)


def sheet_preview(office: Office, doc: SopDoc) -> str:
    """The SOP's web page as the build writes it (without the PDF's measurements, as a build
    with --no-pdf): its procedure table and the same flowchart SVG."""
    geometry = procedure_geometry(doc, office.paper())
    view = sop_view(office.site, doc)  # type: ignore[arg-type] - a doc implies a site
    logo = PATHS.url(PATHS.html("sop", doc.id), PATHS.asset(Path(view.context["kantor"].logo).name))
    return document_html(
        _site_env(),
        view,
        web=True,
        logo_src=logo,
        pdf_href=None,
        geometry=geometry,
        extra={"nav_pages": []},
    )


@cache
def _site_env() -> Any:
    return environment()
