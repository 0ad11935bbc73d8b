"""One SOP against the registries and the other SOPs, and the flow of its procedure."""

from __future__ import annotations

import difflib
from collections.abc import Collection
from pathlib import Path

from ..documents import Site, SopDoc, Step, rel
from ..problems import Problems
from ..schema import Regulasi, Sop, TautanSop
from ..yamltext import Located
from .flow import check_flow, successor, terminal
from .periksa import check_periksa
from .registry import check_signer
from .schema import Report, reporter

__all__ = ["check_flow", "check_sop", "reporter"]


def check_sop(
    sop_id: str,
    path: Path,
    doc: Located,
    sop: Sop,
    site: Site,
    sop_ids: set[str],
    problems: Problems,
    broken: Collection[tuple] = (),
) -> SopDoc | None:
    """Cross-file references and the flow of the procedure.

    `sop` may be salvaged from a file that failed its schema (`broken`: the fields that did
    not parse, None in `sop`): every check whose fields parsed still runs, so one run reports
    every mistake; then no document is returned."""
    before = len(problems.errors)
    report = reporter(doc, path, problems)
    check_periksa(path, rel(path), sop.status == "final", problems)
    _dates(sop, report)
    signer = check_signer(
        report,
        ("disahkan_oleh",),
        site.pejabat,
        sop.disahkan_oleh,
        sop.tanggal_efektif,
        "tanggal efektif",
    )
    regulations = _regulations(sop_id, sop, site, doc, path, problems)
    links = _links(sop, site, sop_ids, report)
    steps = None
    if _flow_parsed(sop, broken):
        counted = len(problems.errors)
        steps = _steps(sop, report)
        if len(problems.errors) == counted:  # every target resolved: the flow can be followed
            check_flow(steps, lambda n, msg: report(("kegiatan", n - 1), msg))
    if broken or steps is None or len(problems.errors) != before or signer is None:
        return None
    return SopDoc(sop_id, path, sop, steps, signer, regulations, links)


FLOW_KEYS = ("pelaksana", "lanjut", "keputusan", "id", "mulai", "selesai")


def _flow_parsed(sop: Sop, broken: Collection[tuple]) -> bool:
    """Whether the actors and every step's actors and successors parsed."""
    if sop.pelaksana is None or sop.kegiatan is None:
        return False
    return not any(
        p[0] == "pelaksana" or (p[0] == "kegiatan" and (len(p) < 3 or p[2] in FLOW_KEYS))
        for p in broken
    )


def _dates(sop: Sop, report: Report) -> None:
    made, revised, effective = sop.tanggal_pembuatan, sop.tanggal_revisi, sop.tanggal_efektif
    if made is None:
        return
    if revised is not None and revised < made:
        report(("tanggal_revisi",), "tanggal revisi tidak boleh sebelum tanggal pembuatan")
    if effective is not None and effective < made:
        report(("tanggal_efektif",), "tanggal efektif tidak boleh sebelum tanggal pembuatan")


def _regulations(
    sop_id: str, sop: Sop, site: Site, doc: Located, path: Path, problems: Problems
) -> list[tuple[str, Regulasi]]:
    """The cited regulations; a revoked one is a warning naming its replacement."""
    regulations: list[tuple[str, Regulasi]] = []
    cited = (sop.dasar_hukum or ()) if site.regulasi is not None else ()
    for i, rid in enumerate(cited):
        if rid is None:  # did not parse; the schema said so
            continue
        reg = site.regulasi.get(rid)
        line, col = doc.where(("dasar_hukum", i))
        if reg is None:
            guess = difflib.get_close_matches(rid, list(site.regulasi), n=1)
            hint = f'; maksudnya "{guess[0]}"?' if guess else ""
            problems.add(
                rel(path),
                line,
                col,
                f"dasar_hukum[{i}]",
                f'peraturan "{rid}" tidak ada di dasar_hukum.yaml{hint}',
            )
            continue
        regulations.append((rid, reg))
        if reg.dicabut_oleh:
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
    return regulations


def _links(sop: Sop, site: Site, sop_ids: set[str], report: Report) -> list[tuple[str, str | None]]:
    links: list[tuple[str, str | None]] = []
    for i, item in enumerate(sop.keterkaitan or ()):
        if item is None:  # did not parse; the schema said so
            continue
        if isinstance(item, TautanSop):
            if item.sop not in sop_ids:
                report(
                    ("keterkaitan", i, "sop"),
                    f'SOP "{item.sop}" tidak ada di {rel(site.root / "sop")}/',
                )
            links.append((item.sop, item.sop))
        else:
            links.append((item, None))
    return links


def _labels(sop: Sop, report: Report) -> dict[str, int]:
    labels: dict[str, int] = {}
    for i, k in enumerate(sop.kegiatan):
        if k.id is not None:
            if k.id in labels:
                report(
                    ("kegiatan", i, "id"), f'label "{k.id}" sudah dipakai langkah {labels[k.id]}'
                )
            labels[k.id] = i + 1
    return labels


def _steps(sop: Sop, report: Report) -> list[Step]:
    """Each step with its actors and its successors resolved to step numbers."""
    actors = {name: i for i, name in enumerate(sop.pelaksana)}
    if len(actors) != len(sop.pelaksana):
        report(("pelaksana",), "nama pelaksana tidak boleh ditulis dua kali")
    count = len(sop.kegiatan)
    labels = _labels(sop, report)

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
        idx = []
        for j, name in enumerate(k.aktor):
            loc = ("kegiatan", i, "pelaksana") + ((j,) if isinstance(k.pelaksana, list) else ())
            if name not in actors:
                report(
                    loc, f'"{name}" bukan salah satu pelaksana SOP ini ({", ".join(sop.pelaksana)})'
                )
            else:
                idx.append(actors[name])
        nxt, decision = successor(i, sop.kegiatan, target, report)
        end = terminal(i, k, report)
        steps.append(Step(i + 1, k, tuple(sorted(set(idx))), nxt, decision, end))
    return steps
