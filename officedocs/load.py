"""Load content/: files -> checked, cross-referenced documents (the load and check stages).

Every problem of a run is collected (with file, line and column) and raised once at the end as
ContentError; nothing here writes anything. The checks themselves live in `checks/`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .checkcache import CheckCache, Checked
from .checks.images import DrawSvg, ImageChecks
from .checks.laporan import check_laporan
from .checks.partial import Salvaged, salvage
from .checks.periksa import imported_draft
from .checks.registry import check_revocations, check_unique
from .checks.schema import found, validate
from .checks.sop import check_sop
from .checks.tte import check_anchors
from .checks.urls import Place, UrlContext, check_markdown
from .deps import ContentFiles
from .documents import LaporanDoc, Site, SopDoc, rel
from .halaman import load_halaman
from .paths import PATHS
from .problems import ContentError, Problems
from .schema import Jabatan, Kantor, Laporan, Regulasi, Sop
from .yamltext import MAX_BYTES, Located, YamlProblem, load_text

REGISTRIES = {"kantor": Kantor, "pejabat": dict[str, Jabatan], "dasar_hukum": dict[str, Regulasi]}


@dataclass
class Loaded:
    """One content file read and validated against its schema (value None if invalid)."""

    path: Path
    doc: Located
    value: Any


def read_yaml(path: Path, problems: Problems) -> Located | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # fail before reading a file no one meant to put here
            problems.add(
                rel(path), 1, 1, "", f"berkas terlalu besar ({size} byte, batas {MAX_BYTES})"
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.add(rel(path), 1, 1, "", f"berkas tidak bisa dibaca: {exc.strerror}")
        return None
    try:
        return load_text(raw)
    except YamlProblem as exc:
        problems.add(rel(path), exc.line, exc.col, "", exc.message)
        return None


def load_file(path: Path, schema: Any, problems: Problems) -> Loaded | None:
    """Read a YAML mapping and validate it; None when it cannot even be read."""
    doc = read_yaml(path, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        message = "isi berkas harus berupa pemetaan (kunci: nilai)" + found(doc.data)
        problems.add(rel(path), 1, 1, "", message)
        return None
    return Loaded(path, doc, validate(schema, doc, path, problems))


def yaml_files(folder: Path, problems: Problems) -> list[Path]:
    if not folder.is_dir():
        return []
    for path in sorted(folder.glob("*.yml")):
        problems.add(rel(path), 1, 1, "", "berkas harus berakhiran .yaml")
    return sorted(folder.glob("*.yaml"))


def _sop_files(root: Path, problems: Problems) -> list[Path]:
    owners: dict[str, Path] = {}
    out = []
    for path in yaml_files(root / "sop", problems):
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
        out.append(path)
    return out


def _pages(
    root: Path, sops: list[Loaded], reports: list[Loaded], regulations: Loaded | None
) -> dict[str, bool]:
    documents = [
        (folder, f.path.stem, f.value is not None and f.value.status == "draf")
        for folder, files in (("sop", sops), ("laporan", reports))
        for f in files
    ]
    valid = regulations is not None and isinstance(regulations.value, dict)
    return site_pages(root, documents, regulations.value if valid else ())


def site_pages(
    root: Path, documents: Iterable[tuple[str, str, bool]], regulations: Iterable[str]
) -> dict[str, bool]:
    """Every page and PDF of the site a link in content may name -> always published.
    `documents`: (folder, id, draft) of each SOP and report (the editor's check uses it too).

    A draft's PDF is always built, its web page only with --drafts (False here).
    """
    pages = {"index.html": True}
    pages |= {PATHS.regulasi(rid): True for rid in regulations}
    for folder, stem, draft in documents:
        pages[f"{folder}/{stem}.pdf"] = True
        pages[f"{folder}/{stem}.html"] = not draft
    if (root / "halaman").is_dir():
        pages |= {PATHS.halaman(p.stem): True for p in (root / "halaman").glob("*.md")}
    return pages


def _check_logo(
    kantor_file: Loaded, root: Path, images: ImageChecks, problems: Problems
) -> Path | None:
    logo_name = kantor_file.value.logo
    logo = (root / logo_name).resolve()
    if not logo.is_file() or not logo.is_relative_to(root.resolve()):
        line, col = kantor_file.doc.where(("logo",))
        problems.add(
            rel(kantor_file.path),
            line,
            col,
            "logo",
            f'berkas logo tidak ada di dalam {rel(root)}/ (ditemukan: "{logo_name}")',
        )
        return None
    return logo if images.image(logo) else None


def _check_pages(root: Path, urls: UrlContext) -> None:
    """Markdown pages of the website (content/halaman/*.md): their links and images."""
    folder = root / "halaman"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        size = path.stat().st_size
        if size > MAX_BYTES:
            urls.problems.add(
                rel(path), 1, 1, "", f"berkas terlalu besar ({size} byte, batas {MAX_BYTES})"
            )
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        body_line = 1
        lines = text.splitlines()
        if lines and lines[0].strip() == "---":  # front matter: the body starts after it
            end = next((i for i, s in enumerate(lines[1:], 1) if s.strip() == "---"), 0)
            body_line = end + 2
        body = "\n".join(lines[body_line - 1 :])
        check_markdown(body, Place(path, "", body_line, 1), urls)


def load_site(
    root: Path, files: ContentFiles | None = None, draw_svg: DrawSvg | None = None
) -> Site:
    """Load and check everything under `root`; raise ContentError listing every error.

    `files`: the digests of content/'s files, when the caller has read them already.
    `draw_svg`: whether WeasyPrint can draw an SVG (`weasy.draw_failure`); the build and
    `check` hand it in, so the content checks never import the renderer."""
    # Parsed nodes stay alive (positions are read from them on demand): without this the
    # cyclic collector scans the growing heap again and again, a third of the load time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_site(root, files or ContentFiles(root, {}), draw_svg)
    finally:
        if enabled:
            gc.enable()


def _load_site(root: Path, files: ContentFiles, draw_svg: DrawSvg | None) -> Site:
    problems = Problems()
    registries: dict[str, Loaded | None] = {}
    for name, schema in REGISTRIES.items():
        path = root / f"{name}.yaml"
        if not path.exists():
            problems.add(rel(path), 1, 1, "", "berkas wajib ini tidak ada")
            registries[name] = None
        else:
            registries[name] = load_file(path, schema, problems)
    sop_paths = _sop_files(root, problems)
    report_paths = yaml_files(root / "laporan", problems)
    cache = CheckCache(root, [files.of(root / f"{name}.yaml") for name in REGISTRIES])
    sops = _SopFiles(sop_paths, files, cache)
    reports = [f for p in report_paths if (f := load_file(p, Laporan, problems))]
    _check_duplicates(sops.loaded, reports, problems)

    images = ImageChecks(root, problems, draw_svg)
    pages = _pages(root, sops.loaded, reports, registries["dasar_hukum"])
    urls = UrlContext(root, pages, images, problems)
    _check_pages(root, urls)
    halaman = load_halaman(root / "halaman", problems)
    kantor, pejabat, dasar = (registries[n] for n in REGISTRIES)
    logo = None
    if kantor is not None and kantor.value is not None:
        logo = _check_logo(kantor, root, images, problems)
        check_anchors(kantor, root, problems)
    if dasar is not None and dasar.value is not None:
        check_revocations(dasar.value, dasar.doc, dasar.path, problems)

    values = [r.value if r else None for r in registries.values()]
    if any(v is None for v in values):
        # A registry failed: the SOPs are still checked for what needs no registry (their
        # flow, links between SOPs), so this run reports those mistakes too.
        alone = Site(root, *values, halaman=halaman)
        for f in sops.loaded:
            sops.check(f, alone)
        sops.report(problems)
        for f in reports:
            _check_report(f, alone, problems, urls, ())
        raise ContentError(sorted(problems.errors))
    site = Site(root, *values, halaman=halaman)
    site.sources = {name: root / f"{name}.yaml" for name in REGISTRIES}
    shared = (logo,) if logo else ()
    for f in sops.loaded:
        checked = sops.check(f, site)
        if checked is not None:
            checked.assets = (f.path.resolve(), *shared)
            site.sops[checked.id] = checked
    sops.report(problems)
    for f in reports:
        checked = _check_report(f, site, problems, urls, shared)
        if checked is not None:
            site.laporan[checked.id] = checked
    if problems.errors:
        raise ContentError(sorted(problems.errors))
    site.warnings = sorted(problems.warnings)
    return site


def _check_report(
    f: Loaded, site: Site, problems: Problems, urls: UrlContext, shared: tuple[Path, ...]
) -> LaporanDoc | None:
    """A report checked in full, or what parsed of one that failed its schema."""
    part = salvage(Laporan, f.doc.data) if f.value is None else Salvaged(f.value)
    return check_laporan(f.path, f.doc, part.value, site, problems, urls, shared, part.broken)


class _SopFiles:
    """The SOP files, each read back from the cache of checked SOPs or parsed and checked.

    Each file's problems are its own until `report`, so what a check said can be kept."""

    def __init__(self, paths: list[Path], files: ContentFiles, cache: CheckCache):
        self.cache = cache
        self.shas = {p: files.of(p) or "" for p in paths}
        self.problems = {p: Problems() for p in paths}
        self.hits: dict[Path, Checked] = {}
        for p in paths:
            hit = cache.get(p, self.shas[p])
            if hit is not None:
                self.hits[p] = hit
        loaded = {p: self._read(p) for p in paths}
        # An SOP that failed its schema still exists: a link to it is not a second mistake.
        self.ids = {p.stem for p, f in loaded.items() if f is not None}
        for p, hit in list(self.hits.items()):
            if not all(sop_id in self.ids for sop_id in hit.links):  # a linked SOP is gone
                del self.hits[p]
                loaded[p] = self._read(p)
        self.loaded = [f for f in loaded.values() if f is not None]
        cache.prune({p.name for p in paths})

    def _read(self, path: Path) -> Loaded | None:
        hit = self.hits.get(path)
        if hit is None:
            return load_file(path, Sop, self.problems[path])
        return Loaded(path, Located(None, {("nomor",): hit.nomor_at}, {}), hit.doc.sop)

    def check(self, f: Loaded, site: Site) -> SopDoc | None:
        """Check one SOP against `site`; its registries are None when their file failed."""
        hit = self.hits.get(f.path)
        if f.value is None or site.pejabat is None or site.regulasi is None:
            if hit is None:  # a cached SOP was checked in full, its flow too
                part = salvage(Sop, f.doc.data) if f.value is None else Salvaged(f.value)
                sop_id, mine = f.path.stem, self.problems[f.path]
                check_sop(sop_id, f.path, f.doc, part.value, site, self.ids, mine, part.broken)
            return None
        if hit is not None:
            self.problems[f.path].items.extend(hit.warnings)
            return hit.doc
        mine = self.problems[f.path]
        checked = check_sop(f.path.stem, f.path, f.doc, f.value, site, self.ids, mine)
        if checked is not None and not mine.errors:
            links = tuple(sop_id for _, sop_id in checked.links if sop_id)
            nomor_at = f.doc.where(("nomor",))
            entry = Checked(
                self.shas[f.path], self.cache.context, checked, mine.warnings, nomor_at, links
            )
            self.cache.put(f.path, entry)
        return checked

    def report(self, problems: Problems) -> None:
        self.cache.save()
        for mine in self.problems.values():
            problems.items.extend(mine.items)


def _check_duplicates(sops: list[Loaded], reports: list[Loaded], problems: Problems) -> None:
    """Two SOPs with one number, two reports of one quarter: the later file is an error.

    Both files are still checked in full, so one run reports everything."""
    check_unique(
        [(f.value.nomor, f.path, f.doc, ("nomor",)) for f in sops if f.value is not None],
        problems,
        lambda nomor, first: (
            f'nomor "{nomor}" sudah dipakai di {first}; beri SOP ini nomor sendiri'
        ),
        later=imported_draft,  # the draft just imported is the one to renumber
    )
    check_unique(
        [
            (f"{f.value.tahun}-{f.value.triwulan}", f.path, f.doc, ("triwulan",))
            for f in reports
            if f.value is not None
        ],
        problems,
        lambda key, first: (
            f"laporan tahun {key.split('-')[0]} triwulan {key.split('-')[1]} sudah ada di "
            f"{first}; satu laporan untuk satu triwulan"
        ),
    )
