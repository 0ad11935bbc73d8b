"""`python build.py impor FILE.xlsx [--content DIR] [--ganti]`: the realisations a seksi typed
into the Renja evaluation workbook, written into the report's YAML.

The report is the latest one of the workbook's year in `content/laporan/`. Each changed value
is one line (`A.2 triwulan IV: - -> 87`); the YAML is edited as a ruamel.yaml round trip, so
its comments, quotes and layout stay and only the numbers change (and `triwulan`, when a new
quarter arrives). Refused, each with its cell, and then nothing is written: a value that is
not a number, a formula, a quarter a final report already covers, a quarter that already has
a different value (a second import; `--ganti` replaces deliberately), a gap before a quarter,
an indicator or sub kegiatan the report does not have, and a workbook that brings nothing new.
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .documents import LaporanDoc, rel
from .formatting import angka, romawi
from .impor.limits import TooLarge, fenced
from .problems import ContentError
from .shown import shown
from .workbook_read import Filled, Row, Value, WorkbookError, read_filled


@dataclass
class Entry:
    """An indicator or budget line of the report, as the import edits it."""

    label: str  # A.2, B.1
    node: Any  # its ruamel mapping in the YAML
    values: list[Decimal]  # its realisations as checked content
    context: tuple[str, ...] = ()  # program and kegiatan of a budget line
    used: bool = False


@dataclass
class Plan:
    path: Path
    text: str = ""
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def shown_number(x: Decimal | None) -> str:
    """`87`, `87,25`, `12.250.000`: as many decimals as the value has."""
    if x is None:
        return "-"
    places = max(0, -x.normalize().as_tuple().exponent)  # type: ignore[operator]
    return angka(x, places)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML()  # round trip: comments, quotes and flow lists stay as written
    y.preserve_quotes = True
    y.width = 4096  # never fold a long line
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _entries(data: Any, doc: LaporanDoc) -> tuple[list[Entry], list[Entry]]:
    lap = doc.laporan
    indikator, anggaran = [], []
    n = 0
    for s_node, s in zip(data["sasaran"], lap.sasaran, strict=True):
        for i_node, ind in zip(s_node["indikator"], s.indikator, strict=True):
            n += 1
            indikator.append(Entry(f"A.{n}", i_node, list(ind.realisasi)))
    nodes = data.get("anggaran") or []
    for n, (a_node, line) in enumerate(zip(nodes, lap.anggaran, strict=True), 1):
        ctx = (_norm(line.program), _norm(line.kegiatan))
        anggaran.append(Entry(f"B.{n}", a_node, list(line.realisasi), ctx))
    return indikator, anggaran


def _match(row: Row, indikator: list[Entry], anggaran: list[Entry]) -> Entry | None:
    name = _norm(row.name)
    if row.kind == "indikator":
        found = [e for e in indikator if _norm(e.node["indikator"]) == name and not e.used]
    else:
        found = [e for e in anggaran if _norm(e.node["sub_kegiatan"]) == name and not e.used]
        ctx = tuple(_norm(c) for c in row.context)
        found = [e for e in found if not ctx or e.context[: len(ctx)] == ctx[:2]] or found
    if found:
        found[0].used = True
        return found[0]
    return None


def _unknown(row: Row, path: Path) -> str:
    what = "indikator" if row.kind == "indikator" else "sub kegiatan"
    return f"{row.where}: {what} '{shown(row.name)}' tidak ada di {rel(path)}; tidak diimpor"


@dataclass(frozen=True)
class Rules:
    """What may change: quarters up to `final_upto` are signed; a final report not at all."""

    path: Path
    final_upto: int
    report_final: bool
    ganti: bool


def _apply(entry: Entry, values: dict[int, Value], rules: Rules, plan: Plan) -> int:
    """Check and apply one row's quarters to `entry`; returns the last quarter written."""
    new = list(entry.values)
    last = 0
    for q, value in sorted(values.items()):
        old = new[q - 1] if q <= len(new) else None
        if old == value.number:
            continue
        head = f"{value.where}: {entry.label} triwulan {romawi(q)}"
        change = f"{shown_number(old)} -> {shown_number(value.number)}"
        if rules.report_final:
            plan.errors.append(
                f"{head}: {rel(rules.path)} berstatus final (ditandatangani); nilai tidak "
                "diubah: impor ke laporan triwulan berikutnya yang berstatus draf"
            )
        elif q <= rules.final_upto:
            plan.errors.append(
                f"{head}: triwulan ini sudah final (dalam laporan final sampai triwulan "
                f"{romawi(rules.final_upto)}); {change} ditolak"
            )
        elif old is not None and not rules.ganti:
            plan.errors.append(
                f"{head}: sudah berisi {shown_number(old)} di {rel(rules.path)}; impor kedua "
                f"untuk triwulan yang sama ditolak ({change}); pakai --ganti untuk mengganti"
            )
        elif q > len(new) + 1:
            plan.errors.append(
                f"{head}: triwulan {romawi(len(new) + 1)} belum diisi; isi triwulan sebelumnya dulu"
            )
        else:
            if q <= len(new):
                new[q - 1] = value.number
                entry.node["realisasi"][q - 1] = _yaml_number(value.number)
            else:
                new.append(value.number)
                entry.node["realisasi"].append(_yaml_number(value.number))
            plan.changes.append(f"{entry.label} triwulan {romawi(q)}: {change}")
            last = max(last, q)
    entry.values = new
    return last


def _yaml_number(x: Decimal) -> int | float:
    # The value came from the workbook as a double (or an int): its float is exact, and
    # ruamel writes a float by its shortest text.
    return int(x) if x == x.to_integral_value() else float(x)


def _target(filled: Filled, site: Any) -> tuple[LaporanDoc, int]:
    """The latest report of the workbook's year, and the last quarter a final report of that
    year covers (signed figures)."""
    kantor = site.kantor.nama
    if filled.office and _norm(filled.office) != _norm(kantor):
        raise WorkbookError(
            f"{filled.office_where}: buku kerja untuk perangkat daerah "
            f"'{shown(filled.office)}', bukan {kantor}"
        )
    reports = [d for d in site.laporan.values() if d.laporan.tahun == filled.tahun]
    if not reports:
        raise WorkbookError(
            f"{filled.tahun_where}: tidak ada laporan tahun {filled.tahun} di content/laporan/"
        )
    finals = [d.laporan.triwulan for d in reports if d.laporan.status == "final"]
    return max(reports, key=lambda d: d.laporan.triwulan), max(finals, default=0)


def plan_import(file: Path, content: Path, ganti: bool = False) -> Plan:
    """Everything the import would write, or the reasons it writes nothing."""
    from .content import load_site

    filled = fenced(read_filled, file)  # bounded before openpyxl parses it (impor/limits)
    site = load_site(content)
    doc, final_upto = _target(filled, site)
    plan = Plan(doc.path, errors=list(filled.errors))
    y = _yaml()
    data = y.load(doc.path.read_text(encoding="utf-8"))
    indikator, anggaran = _entries(data, doc)
    rules = Rules(doc.path, final_upto, doc.laporan.status == "final", ganti)
    latest = 0
    for row in filled.rows:
        entry = _match(row, indikator, anggaran)
        if entry is None:
            plan.errors.append(_unknown(row, doc.path))
        elif row.values:
            latest = max(latest, _apply(entry, row.values, rules, plan))
    if not plan.errors and not plan.changes:
        plan.errors.append(_nothing_new(filled, doc.path))
    if latest > doc.laporan.triwulan:
        data["triwulan"] = latest
        plan.changes.append(f"triwulan laporan: {romawi(doc.laporan.triwulan)} -> {romawi(latest)}")
    out = io.StringIO()
    y.dump(data, out)
    plan.text = out.getvalue()
    if not plan.errors:
        plan.errors += _still_valid(plan)
    return plan


def _nothing_new(filled: Filled, path: Path) -> str:
    if not any(row.values for row in filled.rows):
        return (
            f"{filled.sheet}: tidak ada angka realisasi di kolom triwulan; tidak ada yang ditulis"
        )
    latest = max(q for row in filled.rows for q in row.values)
    first = next(row.values[latest] for row in filled.rows if latest in row.values)
    return (
        f"{first.where}: triwulan {romawi(latest)} sudah diimpor ke {rel(path)}: tidak ada "
        "nilai baru; tidak ada yang ditulis"
    )


def _still_valid(plan: Plan) -> list[str]:
    """The edited YAML must load as a report (it always should: a last guard)."""
    from pydantic import ValidationError

    from .schema import Laporan
    from .yamltext import YamlProblem, load_text

    try:
        Laporan.model_validate(load_text(plan.text.encode("utf-8")).data)
    except (ValidationError, YamlProblem) as exc:
        return [f"{rel(plan.path)}: hasil impor tidak sah, tidak ditulis: {shown(str(exc))[:200]}"]
    return []


def command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="build.py impor",
        description="filled Renja evaluation workbook (.xlsx) -> realisations in "
        "content/laporan/<id>.yaml",
    )
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default content/)"
    )
    p.add_argument(
        "--ganti",
        action="store_true",
        help="replace realisations the report already has (a second import of a quarter)",
    )
    args = p.parse_args(argv)  # exits 2 on wrong usage
    try:
        plan = plan_import(args.file, args.content, args.ganti)
    except WorkbookError as exc:
        print(f"{exc}; tidak ada yang ditulis", file=sys.stderr)
        return 1
    except TooLarge as exc:
        print(f"{shown(str(args.file))}: {exc}; tidak ada yang ditulis", file=sys.stderr)
        return 1
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} masalah pada isi: perbaiki dulu, lalu impor", file=sys.stderr)
        return 1
    if plan.errors:
        for line in plan.errors:
            print(line, file=sys.stderr)
        print(f"{len(plan.errors)} masalah; {rel(plan.path)} tidak diubah", file=sys.stderr)
        return 1
    write_atomic(plan.path, plan.text)
    for line in plan.changes:
        print(line)
    values = sum(1 for c in plan.changes if c.startswith(("A.", "B.")))
    print(f"{values} nilai ditulis ke {rel(plan.path)}")
    return 0
