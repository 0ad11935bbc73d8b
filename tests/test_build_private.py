"""What a build publishes and what it keeps to itself: a draft leaves no byte in output/ without
--drafts; the build's memory (manifest, lock) is in .officedocs/ beside content/, not in
output/; an older manifest in output/ is moved out once; a second build of one output refuses in one line; a killed build redoes
only what it had not finished."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from synthetic import write_sops  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs import buildstate
from officedocs.build import build
from officedocs.cli import main

ROOT = Path(__file__).resolve().parent.parent
DRAFT_SOP = "pengukuran-kinerja-triwulan"
DRAFT_REPORT = "kinerja-triwulan-iii-2023"  # a draft in the real content


def make_draft(site_dir: Path) -> str:
    """The SOP DRAFT_SOP made a draft too; its nomor (to look for in output/)."""
    sop = site_dir / "content/sop" / f"{DRAFT_SOP}.yaml"
    text = sop.read_text().replace("status: final", "status: draf", 1)
    sop.write_text(text)
    return text.split("nomor:", 1)[1].split("\n", 1)[0].strip()


def mentions(output: Path, words: list[str]) -> list[str]:
    """Every file of output/ whose path or (text) bytes name one of `words`."""
    found = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(output).as_posix()
        data = b"" if path.suffix == ".pdf" else path.read_bytes()
        if any(w in name or w.encode() in data for w in words):
            found.append(name)
    return found


def test_a_draft_leaves_no_byte_in_output_without_drafts(site_dir: Path) -> None:
    nomor = make_draft(site_dir)
    content, output = site_dir / "content", site_dir / "output"
    words = [DRAFT_SOP, DRAFT_REPORT, nomor]
    build(content, output, jobs=2)
    assert (output / "sop/pengumpulan-data-kinerja.pdf").is_file()
    assert mentions(output, words) == []
    assert [p.name for p in output.rglob(".*")] == []  # no manifest, nothing hidden

    build(content, output, jobs=2, drafts=True)  # serve --drafts builds the same way
    for kind, doc in (("sop", DRAFT_SOP), ("laporan", DRAFT_REPORT)):
        assert (output / kind / f"{doc}.pdf").is_file() and (
            output / kind / f"{doc}.html"
        ).is_file()
    assert "index.html" in mentions(output, [DRAFT_SOP])

    build(content, output, jobs=2)  # and gone again, PDFs too
    assert mentions(output, words) == []


def test_the_manifest_lives_outside_output_private_and_an_old_one_moves_once(
    site_dir: Path,
) -> None:
    content, output = site_dir / "content", site_dir / "output"
    build(content, output, pdf=False)
    manifest = site_dir / ".officedocs/output/manifest.json"  # beside content/
    assert json.loads(manifest.read_bytes())["records"]
    assert stat.S_IMODE(manifest.stat().st_mode) == 0o600
    assert stat.S_IMODE(manifest.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(manifest.parent.parent.stat().st_mode) == 0o700
    assert ".officedocs/" in (ROOT / ".gitignore").read_text().splitlines()

    # As a version before this one left it: in output/, where every visitor could read it.
    (output / buildstate.OLD_MANIFEST).write_bytes(manifest.read_bytes())
    manifest.unlink()
    (output / "index.html").unlink()  # some work for the next build
    result = build(content, output, pdf=False)
    assert result.pages == 0  # the records were kept: no document page made again
    assert not (output / buildstate.OLD_MANIFEST).exists()
    assert manifest.is_file() and (output / "index.html").is_file()


HOLD = (
    "import sys, time; from pathlib import Path; from officedocs import buildstate as b\n"
    "out = Path(sys.argv[1])\n"
    "with b.BuildLock(b.state_folder(out.parent / 'content', out), out):\n"
    "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n"
)


def hold_lock(output: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(output), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    return proc


@pytest.mark.slow
def test_a_second_build_of_one_output_refuses_in_one_line_or_waits(
    site_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    holder = hold_lock(site_dir / "output", 60)
    try:
        assert main(["--no-pdf", "--quiet"]) == 1
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            f"gagal: build lain (proses {holder.pid}) sedang membangun output/; "
            "tunggu sampai selesai, lalu jalankan lagi\n"
        )
        assert not (site_dir / "output").exists()  # untouched
    finally:
        holder.kill()
        holder.wait()
    holder = hold_lock(site_dir / "output", 2)
    result = build(site_dir / "content", site_dir / "output", pdf=False, wait=True)  # serve's way
    assert holder.poll() is not None and result.pages > 0
    holder.wait()


KILL_AT_HALF = """
import os, signal, sys
from pathlib import Path
from officedocs import buildstate
from officedocs.build import build

buildstate.SAVE_EVERY_DOCS = 1  # the manifest saved as each PDF lands

def progress(done, total, out):
    if done == total // 2:
        os.kill(os.getpid(), signal.SIGKILL)  # no cleanup, no final manifest

build(Path("content"), Path("output"), jobs=1, progress=progress)
"""


@pytest.mark.slow
def test_a_build_killed_after_half_its_pdfs_redoes_only_the_other_half(site_dir: Path) -> None:
    content = site_dir / "content"
    write_sops(content, 6, 8, 3)
    total = 8  # the 6 above and the 2 final SOPs of the real content (the report is a draft)
    run = subprocess.run(
        [sys.executable, "-c", KILL_AT_HALF],
        cwd=site_dir,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # this checkout's officedocs
        capture_output=True,
        timeout=600,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert len(list((site_dir / "output").rglob("*.pdf"))) == total // 2
    result = build(content, site_dir / "output", jobs=2)
    assert (result.rendered, result.skipped) == (total - total // 2, total // 2)
    assert len(list((site_dir / "output").rglob("*.pdf"))) == total
