"""The flow of a procedure: where each step goes (`lanjut`, the branches of `keputusan`), which
steps start and end it (`mulai`, `selesai`), and whether every step is reached and ends.

Messages are in Indonesian and name steps from 1. A decision maps branch labels to targets:
`{tidak: 4}` (Ya goes to the next step), `{ya: 7, tidak: 4}`, named branches such as
`{Teknis: 5, Administratif: 8}`, or up to four exits `{Ya: 5, Tidak: 3, Ditunda: 9}`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from ..schema import Kegiatan
from .schema import Report

Target = Callable[[tuple, str], "int | None"]
MAX_BRANCHES = 4


def default_next(number: int, steps: Sequence[Kegiatan]) -> int | None:
    """The step after `number` that a flow goes to unless it says otherwise: the next one,
    passing over start terminators (nothing flows into a start)."""
    n = number + 1
    while n <= len(steps) and steps[n - 1].mulai:
        n += 1
    return n if n <= len(steps) else None


def terminal(i: int, k: Kegiatan, report: Report) -> str:
    """ "mulai", "selesai" or "" for step i+1; both at once is an error."""
    if k.mulai and k.selesai:
        report(("kegiatan", i, "selesai"), "satu langkah tidak boleh sekaligus mulai dan selesai")
        return ""
    return "mulai" if k.mulai else "selesai" if k.selesai else ""


def successor(
    i: int, steps: Sequence[Kegiatan], target: Target, report: Report
) -> tuple[int | None, tuple[tuple[str, int], ...] | None]:
    """Where step i+1 goes: (next step, the branches of a decision)."""
    k, number = steps[i], i + 1
    nxt = None if k.selesai else default_next(number, steps)
    end = number == len(steps) or k.selesai
    if k.lanjut is not None:
        if end:
            report(
                ("kegiatan", i, "lanjut"),
                "langkah terakhir adalah akhir prosedur; tidak boleh punya lanjut"
                if not k.selesai
                else "langkah selesai adalah akhir prosedur; tidak boleh punya lanjut",
            )
        elif k.keputusan is not None:
            report(
                ("kegiatan", i, "lanjut"), "langkah keputusan memakai keputusan.ya, bukan lanjut"
            )
        else:
            nxt = target(("kegiatan", i, "lanjut"), k.lanjut)
    if k.keputusan is None:
        return nxt, None
    if number == 1 or end or k.mulai:
        which = "mulai/selesai" if k.mulai or k.selesai else "pertama dan terakhir"
        report(
            ("kegiatan", i, "keputusan"),
            f"langkah {which} digambar sebagai terminator; tidak boleh berupa keputusan",
        )
        return nxt, None
    branches = _branches(i, k.keputusan, default_next(number, steps), target, report)
    return (branches[0][1], branches) if branches else (nxt, None)


def _branches(
    i: int, keputusan: dict[str, str], after: int | None, target: Target, report: Report
) -> tuple[tuple[str, int], ...] | None:
    """The exits of a decision, the one that leaves the bottom first: `ya`, else the branch
    to the next step, else the first written. None after reporting what is wrong."""
    loc = ("kegiatan", i, "keputusan")
    seen: dict[str, str] = {}
    branches: list[tuple[str, int]] = []
    ok = True
    for label, value in keputusan.items():
        key = label.lower()
        if key in seen:
            report(loc + (label,), f'cabang "{label}" sudah ditulis ("{seen[key]}")', key=True)
            ok = False
            continue
        seen[key] = label
        guess = difflib.get_close_matches(key, ["ya", "tidak"], n=1, cutoff=0.75)
        if guess and guess[0] != key:
            report(
                loc + (label,), f'cabang "{label}" tidak dikenal; maksudnya "{guess[0]}"?', key=True
            )
            ok = False
        n = target(loc + (label,), value)
        ok = ok and n is not None
        if n is not None:
            branches.append((label, n))
    if not ok:
        return None
    if "tidak" in seen and "ya" not in seen and after is not None:
        branches.insert(0, ("ya", after))  # Ya goes on to the next step unless it says
    if not 2 <= len(branches) <= MAX_BRANCHES:
        report(
            loc,
            f"keputusan punya 2 sampai {MAX_BRANCHES} cabang (ditemukan {len(branches)}), "
            "misalnya tidak: 4 (Ya ke langkah berikutnya) atau Teknis: 5 dan Administratif: 8",
        )
        return None
    by_target: dict[int, str] = {}
    for label, n in branches:
        if n in by_target:
            report(loc, f"{by_target[n]} dan {label} menuju langkah yang sama ({n})")
            return None
        by_target[n] = label
    main = next(
        (b for b in branches if b[0].lower() == "ya"),
        next((b for b in branches if b[1] == after), branches[0]),
    )
    return (main, *(b for b in branches if b != main))


def _successors(step) -> list[int]:  # noqa: ANN001 - a Step or flowchart.FlowStep
    if step.decision:
        return [t for _, t in step.decision]
    return [step.next] if step.next is not None else []


def _names(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def check_flow(steps: Sequence, report: Callable[[int, str], None]) -> None:
    """Every step reachable from a start (the first step, and any `mulai`), and an end (the
    last step, and any `selesai`) reachable from every step. Steps with `number`, `next`,
    `decision` and `terminal`: a flowchart.FlowStep will do."""
    by_number = {s.number: s for s in steps}
    starts = [1] + [s.number for s in steps if s.terminal == "mulai" and s.number != 1]
    ends = [s.number for s in steps if s.terminal == "selesai"]
    ends = sorted({steps[-1].number, *ends})
    seen = set(starts)
    todo = list(starts)
    while todo:
        for n in _successors(by_number[todo.pop()]):
            if n not in seen:
                seen.add(n)
                todo.append(n)
    start_text = "langkah 1" if len(starts) == 1 else f"langkah mulai ({_names(starts)})"
    for s in steps:
        if s.number not in seen:
            report(s.number, f"langkah {s.number} tidak pernah dicapai dari {start_text}")
    reaches = set(ends)
    changed = True
    while changed:
        changed = False
        for s in steps:
            if s.number not in reaches and any(n in reaches for n in _successors(s)):
                reaches.add(s.number)
                changed = True
    end_text = (
        f"langkah terakhir ({ends[0]})" if len(ends) == 1 else f"langkah selesai ({_names(ends)})"
    )
    for s in steps:
        if s.number in seen and s.number not in reaches:
            report(
                s.number,
                f"alur dari langkah {s.number} tidak pernah sampai ke {end_text}: "
                "prosedur tidak pernah selesai",
            )
