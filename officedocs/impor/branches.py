"""A decision's exits as `keputusan`, and terminators in the middle of a procedure.

The agreed content shape: `keputusan` maps each branch's label to its target step, `{tidak: 4}`
or `{ya: 7, tidak: 4}` (ya defaults to the next step), or named branches as printed
(`{Teknis: 5, Administratif: 8}`, `{Ya: 5, Tidak: 3, Ditunda: 9}`); a step with `mulai: ya`
is one more start terminator, `selesai: ya` one more end (schema.Keputusan, schema.Kegiatan).
"""

from __future__ import annotations

from .flow import Flow, Notes

YA = {"ya", "y", "yes", "iya"}
TIDAK = {"tidak", "t", "tdk", "no", "tidak ya"}


def branch(label: str | None) -> str | None:
    """`ya` / `tidak` for the two usual labels in any case or short form; other words as printed."""
    if not label:
        return None
    key = label.strip().lower().rstrip(".:")
    if key in YA:
        return "ya"
    if key in TIDAK:
        return "tidak"
    return label.strip()


def decide(i: int, item: dict, good: list[Flow], untraced: list[Flow], notes: Notes) -> None:
    exits: dict[str, set[int]] = {}
    unlabeled: set[int] = set()
    for f in good:
        key = branch(f.label)
        if key is None:
            unlabeled.add(f.target.no)
        else:
            exits.setdefault(key, set()).add(f.target.no)
    if set(exits) - {"ya", "tidak"}:
        _named(i, item, exits, unlabeled, untraced, notes)
    else:
        _yes_no(i, item, exits, unlabeled, untraced, notes)


def _yes_no(i: int, item: dict, exits, unlabeled: set[int], untraced, notes: Notes) -> None:
    tidak, ya = sorted(exits.get("tidak", ())), sorted(exits.get("ya", ()))
    free = sorted(unlabeled)
    sure = not untraced and len(tidak) == 1 and len(ya) <= 1 and not free
    if not tidak and len(free) + len(ya) == 2:
        # Two exits, labels unreadable: the one going on to the next step is taken as Ya.
        rest = [t for t in free + ya if t != i + 2] or free[:1]
        tidak, ya = rest[:1], [t for t in free + ya if t not in rest[:1]]
    if not ya and free:
        ya = [t for t in free if t not in tidak][:1]
    if not tidak:
        notes[("kegiatan", i, "uraian")] = "belah ketupat tanpa jalur Tidak yang terbaca"
        return
    item["keputusan"] = {"tidak": tidak[0]}
    if ya and ya[0] != i + 2:
        item["keputusan"]["ya"] = ya[0]
    if not sure:
        notes[("kegiatan", i, "keputusan", "tidak")] = "label Ya/Tidak atau ujung panah tidak jelas"


def _named(i: int, item: dict, exits, unlabeled: set[int], untraced, notes: Notes) -> None:
    """A decision whose exits carry their own words, or more than two exits."""
    item["keputusan"] = {label: min(targets) for label, targets in exits.items()}
    if item["keputusan"].get("ya") == i + 2 and len(item["keputusan"]) > 2:
        del item["keputusan"]["ya"]  # Ya to the next step is the default
    unsure = untraced or unlabeled or any(len(t) > 1 for t in exits.values()) or len(exits) > 4
    if unsure:
        notes[("kegiatan", i, "keputusan")] = (
            "cabang keputusan tidak terbaca pasti (label atau ujung panah); periksa tiap cabang"
        )


def terminal(i: int, item: dict, ways: tuple[bool, bool], sure: bool, notes: Notes) -> None:
    """A terminator in the middle of the procedure: another start when no arrow leads into it,
    another end when no arrow leaves it (`ways`: in, out). Marked when the arrows around it
    were not all read for sure."""
    reached, leaves = ways
    key = "mulai" if not reached else "selesai" if not leaves else None
    if key is None:
        notes.setdefault(("kegiatan", i, "uraian"), "simbol terminator di tengah prosedur")
        return
    item[key] = "ya"
    what = "awal kedua (mulai: ya)" if key == "mulai" else "akhir kedua (selesai: ya)"
    if not sure:
        notes[("kegiatan", i, key)] = f"{what} ditebak dari anak panah yang tidak pasti; periksa"
