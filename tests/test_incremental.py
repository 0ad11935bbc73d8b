"""What a rebuild does: each output is built again exactly when something it was built from
changed, a stuck render is stopped, and a killed build leaves output/ whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from synthetic import build_until_second_sheet, sop_yaml, write_sops  # noqa: I001 - tests/ is on sys.path (rootdir conftest)

from officedocs import deps
from officedocs.build import build
from officedocs.paths import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent
SOPS = ["sop/pengukuran-kinerja-triwulan.pdf", "sop/pengumpulan-data-kinerja.pdf"]
PDFS = [*SOPS, "laporan/kinerja-triwulan-iii-2023.pdf"]


def stamps(output: Path) -> dict[str, int]:
    return {p: (output / p).stat().st_mtime_ns for p in PDFS}


def rebuilt(before: dict[str, int], output: Path) -> set[str]:
    return {p for p, t in stamps(output).items() if t != before[p]}


def final_report(root: Path) -> None:
    """The example report is a draft, and a draft leaves nothing in output/ without --drafts;
    these tests count its PDF with the others, so here it is final."""
    report = root / "content/laporan/kinerja-triwulan-iii-2023.yaml"
    report.write_text(report.read_text().replace("status: draf", "status: final", 1))


@pytest.fixture(autouse=True)
def _final_report(site_dir: Path) -> None:
    final_report(site_dir)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full build for the module; each test gets a copy of it to change."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(ROOT / "content", root / "content")
    final_report(root)
    build(root / "content", root / "output", jobs=2)
    return root


@pytest.fixture
def built(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the module's build (times kept: outputs are compared by size and time)."""
    shutil.copytree(pristine, tmp_path, dirs_exist_ok=True, copy_function=shutil.copy2)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_unchanged_rebuild_touches_no_pdf(built: Path) -> None:
    output = built / "output"
    before = stamps(output)
    why: list[str] = []
    result = build(built / "content", output, jobs=2, explain=why.append)
    assert (result.rendered, result.skipped, result.pages) == (0, 3, 0)
    assert rebuilt(before, output) == set()
    assert why == []


def test_no_pdf_keeps_the_pdfs_and_links_them(built: Path) -> None:
    output = built / "output"
    before = stamps(output)
    build(built / "content", output, pdf=False)
    assert rebuilt(before, output) == set()
    index = (output / "index.html").read_text()
    assert 'href="sop/pengumpulan-data-kinerja.pdf"' in index
    page = (output / "sop/pengumpulan-data-kinerja.html").read_text()
    assert 'href="pengumpulan-data-kinerja.pdf"' in page


def test_no_pdf_on_a_fresh_output_says_the_pdf_is_not_made_yet(site_dir: Path) -> None:
    output = site_dir / "output"
    build(site_dir / "content", output, pdf=False)
    assert not list((output / "sop").glob("*.pdf"))
    page = (output / "sop/pengumpulan-data-kinerja.html").read_text()
    assert "PDF belum dibuat" in page and ".pdf" not in page
    assert "belum dibuat" in (output / "index.html").read_text()


def test_a_new_logo_rebuilds_every_pdf(built: Path) -> None:
    output = built / "output"
    before = stamps(output)
    logo = built / "content/aset/logo.svg"
    logo.write_text(logo.read_text().replace("</svg>", '<circle cx="1" cy="1" r="1"/></svg>'))
    why: list[str] = []
    result = build(built / "content", output, jobs=2, explain=why.append)
    assert result.rendered == 3
    assert rebuilt(before, output) == set(PDFS)
    assert (
        "sop/pengumpulan-data-kinerja.pdf: dibuat ulang: berkas yang dimuat berubah: "
        "content/aset/logo.svg" in why
    )


def test_a_regulation_edit_rebuilds_exactly_the_sops_citing_it(built: Path) -> None:
    output = built / "output"
    registry = built / "content/dasar_hukum.yaml"
    text = registry.read_text()
    # Cited by pengukuran-kinerja-triwulan only (it is revoked, hence the warning).
    assert "Penilaian Prestasi Kerja" in text
    before = stamps(output)
    registry.write_text(text.replace("Penilaian Prestasi Kerja", "Penilaian Prestasi Kerja PNS"))
    result = build(built / "content", output, jobs=2)
    assert rebuilt(before, output) == {"sop/pengukuran-kinerja-triwulan.pdf"}
    assert result.rendered == 1
    # A regulation nobody cites rebuilds nothing.
    before = stamps(output)
    registry.write_text(
        registry.read_text()
        + 'uu-baru-2024:\n  jenis: Undang-Undang\n  nomor: "1"\n  tahun: 2024\n  tentang: Uji\n'
    )
    assert build(built / "content", output, jobs=2).rendered == 0
    assert rebuilt(before, output) == set()


def test_a_pdf_attaches_its_source_and_only_what_it_uses(built: Path) -> None:
    with pikepdf.open(built / "output/sop/pengumpulan-data-kinerja.pdf") as pdf:
        files = pdf.attachments
        assert sorted(files) == ["pengumpulan-data-kinerja.yaml", "rujukan.yaml"]
        refs = files["rujukan.yaml"].get_file().read_bytes().decode()
        identifier = bytes(pdf.trailer.ID[0])
    assert "permendagri-52-2011:" in refs and "penandatangan:" in refs
    assert "pp-30-2019" not in refs  # not cited by this SOP
    with pikepdf.open(built / "output/sop/pengukuran-kinerja-triwulan.pdf") as other:
        assert bytes(other.trailer.ID[0]) != identifier
    assert identifier != b"officedocs"


def test_a_layout_change_rebuilds_everything(built: Path, monkeypatch, tmp_path: Path) -> None:
    copy = tmp_path / "layouts"
    shutil.copytree(LAYOUTS, copy)
    first = deps.tree_digest((copy,))
    (copy / "style.css").write_text((copy / "style.css").read_text() + "\n/* x */\n")
    assert deps.tree_digest((copy,)) != first
    monkeypatch.setattr("officedocs.record.program_digest", lambda: "a new program")
    output = built / "output"
    why: list[str] = []
    result = build(built / "content", output, jobs=2, explain=why.append)
    assert result.rendered == 3  # same bytes here: only the digest changed, not the layouts
    assert f"{SOPS[0]}: dibuat ulang: program, tata letak atau pustaka berubah" in why


def test_a_deleted_or_damaged_output_is_rebuilt(built: Path) -> None:
    output = built / "output"
    (output / SOPS[0]).unlink()
    damaged = output / SOPS[1]
    damaged.write_bytes(damaged.read_bytes()[:-100])
    page = output / "sop/pengumpulan-data-kinerja.html"
    page.write_text("rusak")
    why: list[str] = []
    result = build(built / "content", output, jobs=2, explain=why.append)
    assert result.rendered == 2
    assert f"{SOPS[1]}: dibuat ulang: {SOPS[1]} hilang atau rusak" in why
    assert "rusak" != page.read_text()
    for p in SOPS:
        pikepdf.open(output / p).close()


@pytest.mark.slow  # waits out a 10 s render limit
def test_a_render_that_never_ends_is_stopped_and_the_others_land(
    site_dir: Path, monkeypatch
) -> None:
    monkeypatch.setenv("OFFICEDOCS_TEST_HANG", SOPS[0])
    output = site_dir / "output"
    result = build(site_dir / "content", output, jobs=1, timeout=10)
    assert result.failed == [
        f"content/sop/pengukuran-kinerja-triwulan.yaml: {SOPS[0]} gagal dibuat: "
        "dihentikan setelah 10 detik"
    ]
    assert result.rendered == 2
    assert not (output / SOPS[0]).exists() and (output / SOPS[1]).exists()


@pytest.mark.slow  # builds in a subprocess
def test_the_command_line_reports_a_stuck_render_in_one_line(site_dir: Path) -> None:
    env = {**os.environ, "OFFICEDOCS_TEST_HANG": SOPS[0], "OFFICEDOCS_RENDER_TIMEOUT": "10"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--quiet", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        cwd=site_dir,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"{SOPS[0]} gagal dibuat: dihentikan setelah 10 detik" in run.stderr
    assert "1 gagal" in run.stdout


@pytest.mark.slow  # builds in a subprocess
def test_a_killed_build_leaves_output_whole_and_the_next_one_finishes(site_dir: Path) -> None:
    content = site_dir / "content"
    write_sops(content, 6, 14, 4)
    build(content, site_dir / "output", jobs=2)
    for i in range(6):  # every sheet changes
        f = content / "sop" / f"uji-{i}.yaml"
        f.write_text(f.read_text().replace("Buku agenda", "Buku agenda surat"))
    proc, _ = build_until_second_sheet(site_dir)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for pdf in (site_dir / "output").rglob("*.pdf"):
        pikepdf.open(pdf).close()  # every file is an old one or a new one, never half
    assert not list((site_dir / "output").rglob("*.tmp"))
    result = build(content, site_dir / "output", jobs=2)
    # Six sheets changed; the kill came while the second rendered, and the manifest saved as
    # PDFs land may already hold the first one or two (test_build_private counts exactly).
    assert not result.failed and 4 <= result.rendered <= 6
    assert build(content, site_dir / "output", jobs=2).rendered == 0


@pytest.mark.slow  # builds in a subprocess
def test_without_harfbuzz_subset_two_builds_are_byte_identical(site_dir: Path) -> None:
    env = {**os.environ, "OFFICEDOCS_HB_SUBSET": "0"}
    outputs = []
    for name in ("a", "b"):
        run = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "--output", name, "--quiet"],
            capture_output=True,
            text=True,
            env=env,
            cwd=site_dir,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr
        assert run.stderr.count("HarfBuzz-subset") == 1  # once per build, not per PDF
        outputs.append(site_dir / name)
        time.sleep(1.1)  # a clock-stamped font would now differ
    for p in PDFS:
        assert (outputs[0] / p).read_bytes() == (outputs[1] / p).read_bytes(), p


def test_many_pages_render_in_workers_exactly_as_in_one_process(site_dir: Path) -> None:
    content = site_dir / "content"
    for i in range(70):  # more than PARALLEL_PAGES: the pages go to forked workers
        (content / "sop" / f"uji-{i}.yaml").write_text(
            sop_yaml(6 + i % 9, 2 + i % 6, seed=i, nomor=f"100/{i:02d}/HLG/I/2024"),
            encoding="utf-8",
        )
    serial = build(content, site_dir / "satu", pdf=False, jobs=1)
    parallel = build(content, site_dir / "dua", pdf=False, jobs=2)
    assert serial.pages == parallel.pages == 73  # 72 SOPs and the report (final here)
    for page in (site_dir / "satu").rglob("*.html"):
        twin = site_dir / "dua" / page.relative_to(site_dir / "satu")
        assert page.read_bytes() == twin.read_bytes(), page
