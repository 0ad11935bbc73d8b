"""Synthetic but valid SOPs of any size, for tests and benchmarks; a build of them stopped
halfway."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from officedocs.checks.sop import check_flow

WORDS = (
    "Menyusun Memeriksa Menyampaikan Dokumen Laporan Kinerja Data Surat Permohonan Berkas "
    "Verifikasi Administrasi Pelayanan Kependudukan Arsip Rekapitulasi Disposisi"
).split()
UNITS = ("Menit", "Jam", "Hari")


def sop_head(nomor: str, nama: str, names: list[str]) -> list[str]:
    """The lines of an SOP before its steps: identity, lists, the actor columns."""
    return [
        f"nomor: {nomor}",
        f"nama: {nama}",
        "tanggal_pembuatan: 2024-01-15",
        "tanggal_efektif: 2024-01-15",
        "disahkan_oleh: camat",
        "dasar_hukum: [permendagri-52-2011]",
        "kualifikasi_pelaksana: [Memahami tugas]",
        "keterkaitan: []",
        "peralatan: [Komputer]",
        "peringatan: Jika tidak dilaksanakan, pelayanan terhambat",
        "pencatatan: [Buku agenda]",
        "pelaksana:",
        *(f"  - {n}" for n in names),
        "kegiatan:",
    ]


def is_valid(steps) -> bool:  # noqa: ANN001 - a sequence of FlowStep
    """What the content checks guarantee: all reachable from step 1, all reach the last."""
    problems: list[int] = []
    check_flow(list(steps), lambda number, message: problems.append(number))
    return not problems


NAMED = ("Teknis", "Administratif", "Ditunda")  # branch names other sheets print


def vary(steps: list, kind: str, i: int, j: int) -> list:
    """The flow with one change, if it stays valid (else as it was). Steps are
    flowchart.FlowStep. kind: step i's `tidak`, its `ya` or its next step (`lanjut`) goes to
    step j; `cabang`: step i gets a named branch to j (up to four); `mulai`/`selesai`: step i
    becomes another start (the step before it then passes over it) or end."""
    from officedocs.flowchart import FlowStep, yes_no

    n, s = len(steps), steps[i - 1]
    branches = list(s.decision or ())
    targets = [t for _, t in branches] or [s.next]
    trial = list(steps)
    if kind in ("tidak", "ya") and branches:
        k = 1 if kind == "tidak" else 0
        if j in targets[:k] + targets[k + 1 :]:
            return steps
        branches[k] = (branches[k][0], j)
        trial[i - 1] = FlowStep(i, s.actors, None, tuple(branches))
    elif kind == "tidak" and 1 < i < n and s.next is not None:
        if j == s.next:
            return steps
        trial[i - 1] = FlowStep(i, s.actors, None, yes_no(s.next, j))
    elif kind == "lanjut" and i < n and not branches:
        trial[i - 1] = FlowStep(i, s.actors, j)
    elif kind == "cabang" and 1 < i < n and None not in targets and j not in targets:
        if len(branches) < 4:
            named = branches or [(NAMED[0], s.next)]
            label = next(x for x in NAMED + ("Lain",) if x not in dict(named))
            named.append((label, j))
            trial[i - 1] = FlowStep(i, s.actors, None, tuple(named))
    elif kind in ("mulai", "selesai") and 1 < i < n and not branches and not s.terminal:
        nxt = s.next if kind == "mulai" else None
        trial[i - 1] = FlowStep(i, s.actors, nxt, None, kind)
        before = steps[i - 2]
        if kind == "mulai" and before.next == i and not before.decision:
            trial[i - 2] = FlowStep(i - 1, before.actors, i + 1, None, before.terminal)
    return trial if trial != steps and is_valid(trial) else steps


def sop_yaml(
    steps: int,
    actors: int,
    seed: int = 0,
    long_text: bool = False,
    nomor: str = "100/01/HLG/I/2024",
    names: list[str] | None = None,
) -> str:
    rnd = random.Random(seed)
    names = names or [f"Pelaksana {chr(65 + i)}" for i in range(actors)]
    lines = sop_head(nomor, f"Prosedur Uji {steps} Langkah", names)
    for i in range(1, steps + 1):
        n_words = rnd.randint(4, 40 if long_text else 14)
        uraian = " ".join(rnd.choice(WORDS) for _ in range(n_words))
        lines += [
            f"  - uraian: {uraian}",
            f"    pelaksana: {names[rnd.randrange(actors)]}",
            f"    kelengkapan: {' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 5)))}",
            f"    waktu: {rnd.randint(1, 30)} {rnd.choice(UNITS)}",
            f"    output: {' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 5)))}",
        ]
        # Decisions loop back a little way; the next step always continues, so the flow ends.
        if 3 <= i < steps and rnd.random() < 0.25:
            lines += ["    keputusan:", f"      tidak: {rnd.randint(max(2, i - 6), i - 1)}"]
    return "\n".join(lines) + "\n"


def write_sops(content: Path, count: int, steps: int, actors: int) -> None:
    """SOPs sop/uji-0.yaml, sop/uji-1.yaml, ... of the given size, each with its own number."""
    for i in range(count):
        (content / "sop" / f"uji-{i}.yaml").write_text(
            sop_yaml(steps, actors, seed=i, nomor=f"100/{i:02d}/HLG/I/2024"), encoding="utf-8"
        )


def build_until_second_sheet(folder: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """`build.py --jobs 1` in `folder`, in a process group of its own (signalled as a terminal
    signals it), read until its progress shows the second sheet; returns it and the lines read."""
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(
        [sys.executable, str(root / "build.py"), "--jobs", "1"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    while not any("[2/" in line for line in lines):
        lines.append(proc.stderr.readline())
        assert lines[-1], "the build ended before its second sheet"
    return proc, lines


# The flow of `branched_sop_yaml`: extra lines of steps (1-based), beyond the plain step.
BRANCHED = {
    2: ["mulai: ya"],  # a second start: step 1 passes over it to step 3
    5: ["keputusan:", "  Teknis: 6", "  Administratif: 9"],
    8: ["keputusan:", "  Ya: 9", "  Tidak: 4", "  Ditunda: 12"],
    10: ["keputusan:", "  tidak: 7"],
    11: ["selesai: ya"],
    13: ["keputusan:", "  Ya: 14", "  Tidak: 12", "  Ditunda: 9", "  Dibatalkan: 3"],
}


def branched_sop_yaml(actors: int = 5, seed: int = 0, long_text: bool = False) -> str:
    """A 14-step SOP with two starts, two ends, named branches and decisions of three and
    four exits, as other offices' sheets draw them."""
    rnd = random.Random(seed)
    names = [f"Pelaksana {chr(65 + i)}" for i in range(actors)]
    lines = sop_head("100/16/HLG/I/2024", "Prosedur Bercabang", names)
    for i in range(1, 15):
        words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(4, 40 if long_text else 12)))
        lines += [
            f"  - uraian: {words}",
            f"    pelaksana: {names[rnd.randrange(actors)]}",
            f"    waktu: {rnd.randint(1, 30)} {rnd.choice(UNITS)}",
            *(f"    {line}" for line in BRANCHED.get(i, [])),
        ]
    return "\n".join(lines) + "\n"
