"""Synthetic but valid SOPs of any size, for tests and benchmarks."""

from __future__ import annotations

import random

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


def successors(step) -> list[int]:  # noqa: ANN001 - officedocs.flowchart.FlowStep
    if step.decision:
        return list(step.decision)
    return [] if step.next is None else [step.next]


def is_valid(steps) -> bool:  # noqa: ANN001 - a sequence of FlowStep
    """What the content checks guarantee: all reachable from step 1, all reach the last."""
    by_number = {s.number: s for s in steps}
    seen, todo = {1}, [1]
    while todo:
        for t in successors(by_number[todo.pop()]):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    if len(seen) != len(steps):
        return False
    reaches, changed = {len(steps)}, True
    while changed:
        changed = False
        for s in steps:
            if s.number not in reaches and any(t in reaches for t in successors(s)):
                reaches.add(s.number)
                changed = True
    return len(reaches) == len(steps)


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
