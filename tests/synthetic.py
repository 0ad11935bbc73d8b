"""Synthetic but valid SOPs of any size, for tests and benchmarks."""

from __future__ import annotations

import random

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


def vary(steps: list, kind: str, i: int, j: int) -> list:
    """The flow with one change, if it stays valid (else as it was): step i's `tidak`, its
    `ya` or its next step (`lanjut`) goes to step j. Steps are flowchart.FlowStep."""
    from officedocs.flowchart import FlowStep

    n, s = len(steps), steps[i - 1]
    if kind == "tidak" and 1 < i < n:
        ya = s.decision[0] if s.decision else s.next
        if j == ya:
            return steps
        new = FlowStep(i, s.actors, None, (ya, j))
    elif kind == "lanjut" and i < n and not s.decision:
        new = FlowStep(i, s.actors, j)
    elif kind == "ya" and s.decision and j != s.decision[1]:
        new = FlowStep(i, s.actors, None, (j, s.decision[1]))
    else:
        return steps
    trial = steps[: i - 1] + [new] + steps[i:]
    return trial if is_valid(trial) else steps


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
