"""Steps with their flow: which step each arrow leaves and reaches, as `keputusan` and `lanjut`."""

from __future__ import annotations

from .branches import decide, terminal
from .flow import (
    Flow,
    Notes,
    Step,
    cell_text,
    collect_steps,
    keep_steps,
    place_symbols,
    trace,
)
from .model import ProcPage, Shape

FIELDS = ("kelengkapan", "waktu", "output", "keterangan")


def read_steps(pages: list[ProcPage], notes: Notes) -> tuple[list[str], list[dict], int]:
    """The `pelaksana` columns, the `kegiatan` list and the number of symbols read."""
    actors, steps = collect_steps(pages, notes)
    offpage = place_symbols(pages, steps, notes)
    steps = keep_steps(steps, pages, notes)
    if not steps and any(p.raster for p in pages):
        return _pictured(actors, notes)
    flows, loose = trace(pages, steps)
    outs = _resolve(flows, offpage, notes)
    into = {f.target.no for fs in outs.values() for f in fs if isinstance(f.target, Step)}
    kegiatan = []
    for i, step in enumerate(steps):
        raster = pages[step.page].raster
        item = _step(i, step, steps, actors, outs.get(i + 1, []), notes, raster)
        kegiatan.append(item)
        if step.row.overflow:
            notes.setdefault(
                ("kegiatan", i, "uraian"), "teks melewati batas sel; periksa kata yang terpotong"
            )
    for pi, point in loose:
        i = _nearest_step(steps, pi, point[1])
        if i is not None:
            notes.setdefault(
                ("kegiatan", i, "uraian"),
                "ada anak panah yang ujungnya tidak menyentuh simbol; periksa alurnya",
            )
    for i, step in enumerate(steps):  # after every note on the arrows is made
        if "terminator" in {s.kind for s in step.shapes} and 0 < i < len(steps) - 1:
            out = any(f.target is not step and f.target for f in outs.get(i + 1, []))
            sure = {s.kind for s in step.shapes} == {"terminator"} and not _unsure(i, notes)
            terminal(i, kegiatan[i], (step.no in into, out), sure, notes)
    symbols = sum(len(s.shapes) for s in steps) + len(offpage)
    return actors, kegiatan, symbols


def _unsure(i: int, notes: Notes) -> bool:
    """Whether a note was already made on the step's text or its flow."""
    return any(k[:2] == ("kegiatan", i) for k in notes)


def _nearest_step(steps: list[Step], page: int, y: float) -> int | None:
    """The step whose row holds height y on the page (or the nearest row)."""
    idx = [i for i, s in enumerate(steps) if s.page == page]

    def gap(i: int) -> float:
        row = steps[i].row
        return max(row.top - y, 0.0, y - row.bottom)

    return min(idx, key=gap) if idx else None


def _resolve(flows: list[Flow], offpage: list[Shape], notes: Notes) -> dict[int, list[Flow]]:
    """Flows by source step number, with off-page connector pairs followed through."""
    by_source: dict[int, list[Flow]] = {}
    leaving: dict[int, list[Flow]] = {}  # flows out of each connector, by id(shape)
    for f in flows:
        if isinstance(f.source, Shape):
            leaving.setdefault(id(f.source), []).append(f)
    for f in flows:
        if not isinstance(f.source, Step):
            continue
        target = f.target
        traced = f.traced
        if isinstance(target, Shape):
            partners = [s for s in offpage if s is not target and s.text == target.text]
            onward = [g for p in partners for g in leaving.get(id(p), [])]
            steps_reached = {id(g.target): g for g in onward if isinstance(g.target, Step)}
            if len(steps_reached) != 1:
                traced = False
                target = None
            else:
                target = next(iter(steps_reached.values())).target
        by_source.setdefault(f.source.no, []).append(Flow(f.source, target, f.label, traced))
    return by_source


def _pictured(actors: list[str], notes: Notes) -> tuple[list[str], list[dict], int]:
    """The whole procedure table is a picture: one placeholder step, to be typed again."""
    notes[("kegiatan", 0, "uraian")] = (
        "tabel prosedur berupa gambar, teksnya tidak terbaca: ketik ulang langkah-langkahnya"
    )
    step = {"uraian": "Langkah dari tabel bergambar", "pelaksana": "Pelaksana 1", "waktu": ""}
    return actors or ["Pelaksana 1"], [step], 0


def _step(
    i: int, step: Step, steps: list[Step], actors: list[str], outs, notes: Notes, raster=False
) -> dict:
    n = len(steps)
    item: dict = {"uraian": cell_text(step.row, "uraian")}
    if not item["uraian"]:
        notes[("kegiatan", i, "uraian")] = "uraian kegiatan kosong pada lembar"
    kinds = {s.kind for s in step.shapes}
    if not step.shapes:
        guess = steps[i - 1].actors[:1] if i and steps[i - 1].actors else actors[:1]
        item["pelaksana"] = guess[0] if guess else ""
        notes[("kegiatan", i, "pelaksana")] = (
            "bagan alir berupa gambar; pelaksana dan alurnya ditebak, periksa pada lembar aslinya"
            if raster
            else "baris ini tanpa simbol; pelaksana ditebak"
        )
    else:
        ordered = [a for a in actors if a in step.actors]
        item["pelaksana"] = ordered[0] if len(ordered) == 1 else ordered
        if "unknown" in kinds:
            notes[("kegiatan", i, "pelaksana")] = "bentuk simbol tidak dikenali"
    for key in FIELDS:
        value = cell_text(step.row, key)
        if value or key != "keterangan":
            item[key] = value
    others = [f for f in outs if f.target is not step]
    untraced = [f for f in others if not f.traced or f.target is None]
    good = [f for f in others if f.traced and f.target is not None]
    if "decision" in kinds:
        decide(i, item, good, untraced, notes)
    elif (i < n - 1 or good) and not ("terminator" in kinds and not good and not untraced):
        _process(i, item, good, untraced, n, notes)
    return item


def _process(i: int, item: dict, good: list[Flow], untraced: list[Flow], n: int, notes) -> None:
    targets = sorted({f.target.no for f in good})
    if untraced or len(targets) > 1:
        notes[("kegiatan", i, "uraian")] = "jalur keluar dari langkah ini tidak jelas; periksa"
    if len(targets) == 1 and targets[0] != i + 2:
        item["lanjut"] = targets[0]
    elif not targets and not untraced and i < n - 1:
        notes[("kegiatan", i, "uraian")] = "tidak ada anak panah keluar yang terbaca"
