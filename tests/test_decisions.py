"""Decisions with named branches and up to four exits, and extra start and end terminators
(`mulai: ya`, `selesai: ya`), as real sheets of other offices draw them (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic import sop_head  # noqa: I001 - tests/ is on sys.path

from officedocs.cli import main
from officedocs.content import load_site

SOP = "content/sop/cabang.yaml"
NAMES = ["Pemohon", "Petugas Loket", "Kasi Pemerintahan"]


def write(steps: list[list[str]]) -> None:
    """An SOP of len(steps) steps; each step's extra lines (indented under the step)."""
    lines = sop_head("100/50/HLG/I/2024", "Prosedur Bercabang", NAMES)
    for i, extra in enumerate(steps):
        lines += [
            f"  - uraian: Langkah {i + 1}",
            f"    pelaksana: {NAMES[i % len(NAMES)]}",
            "    waktu: 10 Menit",
            *(f"    {line}" for line in extra),
        ]
    Path(SOP).write_text("\n".join(lines) + "\n", encoding="utf-8")


def flow(steps: list[list[str]]) -> list[tuple]:
    write(steps)
    doc = load_site(Path("content")).sops["cabang"]
    return [(s.next, s.decision, s.terminal) for s in doc.steps]


def errors(capsys: pytest.CaptureFixture[str], steps: list[list[str]]) -> list[str]:
    write(steps)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line.split(": ", 1)[1] for line in err.strip().splitlines()[:-1]]


def decision(*branches: str) -> list[str]:
    return ["keputusan:", *(f"  {b}" for b in branches)]


@pytest.mark.parametrize(
    ("branches", "expected"),
    [
        (["tidak: 2"], (("ya", 5), ("tidak", 2))),
        (["tidak: 5", "ya: 6"], (("ya", 6), ("tidak", 5))),
        (["Teknis: 5", "Administratif: 6"], (("Teknis", 5), ("Administratif", 6))),
        (["Administratif: 6", "Teknis: 5"], (("Teknis", 5), ("Administratif", 6))),
        (["Tidak: 2", "Ya: 5", "Ditunda: 6"], (("Ya", 5), ("Tidak", 2), ("Ditunda", 6))),
        (["Tidak: 2", "Ditunda: 6"], (("ya", 5), ("Tidak", 2), ("Ditunda", 6))),
        (["A: 6", "B: 5", "C: 3", "D: 2"], (("B", 5), ("A", 6), ("C", 3), ("D", 2))),
    ],
    ids=["tidak", "ya-tidak", "named", "named-reordered", "three", "ya-by-default", "four"],
)
def test_branches_resolve_with_the_bottom_exit_first(site_dir: Path, branches, expected) -> None:
    """Step 4 of 6 decides; Ya, else the branch to the next step, leaves the bottom."""
    steps = flow([[], [], [], decision(*branches), [], []])
    assert steps[3] == (expected[0][1], expected, "")


def test_without_ya_or_the_next_step_the_first_branch_leaves_the_bottom(site_dir: Path) -> None:
    steps = flow([[], decision("Lengkap: 5", "Kurang: 1"), ["mulai: ya"], [], [], []])
    assert steps[1] == (5, (("Lengkap", 5), ("Kurang", 1)), "")


def test_parallel_starts_and_extra_ends(site_dir: Path) -> None:
    # 1 and 2 start; 3 decides: Selesai ends at 4, Lanjut goes on to 5 and 6.
    steps = flow([[], ["mulai: ya"], decision("Lanjut: 5", "Selesai: 4"), ["selesai: ya"], [], []])
    assert steps[0] == (3, None, "")  # the flow passes over a start: nothing flows into it
    assert steps[1] == (3, None, "mulai")
    assert steps[2] == (4, (("Selesai", 4), ("Lanjut", 5)), "")  # to the next step: down
    assert steps[3] == (None, None, "selesai")


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            [[], [], decision("Teknis: 4"), []],
            [
                "langkah 3, keputusan: keputusan punya 2 sampai 4 cabang (ditemukan 1), "
                "misalnya tidak: 4 (Ya ke langkah berikutnya) atau Teknis: 5 dan Administratif: 8"
            ],
        ),
        (
            [[], [], decision("tidak: 2", "A: 1", "B: 4", "C: 5"), [], []],
            [
                "langkah 3, keputusan: keputusan punya 2 sampai 4 cabang (ditemukan 5), "
                "misalnya tidak: 4 (Ya ke langkah berikutnya) atau Teknis: 5 dan Administratif: 8"
            ],
        ),
        (
            [[], [], decision("Ya: 4", "ya: 2"), []],
            ['langkah 3, keputusan.ya: cabang "ya" sudah ditulis ("Ya")'],
        ),
        (
            [[], [], decision("Teknis: 4", "Administratif: 4"), []],
            ["langkah 3, keputusan: Teknis dan Administratif menuju langkah yang sama (4)"],
        ),
        (
            [[], [], decision("tdak: 2"), []],
            ['langkah 3, keputusan.tdak: cabang "tdak" tidak dikenal; maksudnya "tidak"?'],
        ),
        (
            [[], [], decision("Teknis: 9", "Lain: 2"), []],
            ["langkah 3, keputusan.Teknis: langkah 9 tidak ada (SOP ini punya 4 langkah)"],
        ),
        (
            [[], ["mulai: mungkin"], []],
            ['langkah 2, mulai: harus "ya" atau "tidak" (ditemukan: "mungkin")'],
        ),
        (
            [[], ["selesai: ya", "lanjut: 3"], []],
            ["langkah 2, lanjut: langkah selesai adalah akhir prosedur; tidak boleh punya lanjut"],
        ),
        (
            [[], ["mulai: ya", *decision("tidak: 1")], []],
            [
                "langkah 2, keputusan: langkah mulai/selesai digambar sebagai terminator; "
                "tidak boleh berupa keputusan"
            ],
        ),
        (
            [[], ["mulai: ya", "selesai: ya"], []],
            ["langkah 2, selesai: satu langkah tidak boleh sekaligus mulai dan selesai"],
        ),
        (
            [["lanjut: 4"], ["mulai: ya", "lanjut: 4"], [], []],
            ["langkah 3 tidak pernah dicapai dari langkah mulai (1, 2)"],
        ),
        (
            [[], decision("Selesai: 3", "Ulang: 4"), ["selesai: ya"], [], ["lanjut: 4"], []],
            [
                "alur dari langkah 4 tidak pernah sampai ke langkah selesai "
                "(3, 6): prosedur tidak pernah selesai",
                "alur dari langkah 5 tidak pernah sampai ke langkah selesai "
                "(3, 6): prosedur tidak pernah selesai",
                "langkah 6 tidak pernah dicapai dari langkah 1",
            ],
        ),
    ],
    ids=[
        "one-branch",
        "five-branches",
        "same-label",
        "same-target",
        "typo",
        "no-such-step",
        "mulai-not-ya",
        "selesai-lanjut",
        "mulai-decision",
        "mulai-selesai",
        "unreached",
        "never-ends",
    ],
)
def test_wrong_flows_are_named(site_dir: Path, capsys, steps, expected) -> None:
    assert errors(capsys, steps) == expected
