"""`impor` against hostile files: each bomb is made here, refused in one line naming the limit,
with the importing process's peak memory under 1 GB and its time under 60 s; nothing written."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import bombs
import pytest

from officedocs.impor import limits
from officedocs.impor.model import UnreadableSheet

ROOT = Path(__file__).resolve().parent.parent
# Runs the import as a child and prints the peak memory (KB) of it and everything it forked.
MEASURE = (
    "import resource, subprocess, sys; "
    "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stdout.write(r.stderr); "
    "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def impor_measured(path: Path, content: Path) -> tuple[str, int, int, float]:
    """(the messages, exit status, peak KB, seconds) of `build.py impor path`."""
    started = time.monotonic()
    cmd = [sys.executable, "-c", MEASURE, sys.executable, str(ROOT / "build.py"), "impor"]
    done = subprocess.run(
        [*cmd, str(path), "--content", str(content)], capture_output=True, text=True, timeout=120
    )
    seconds = time.monotonic() - started
    *messages, last = done.stdout.splitlines()
    code, peak = last.split()
    return "\n".join(messages), int(code), int(peak), seconds


BOMBS = {
    "zip-bomb.docx": (
        bombs.zip_bomb,
        "bagian word/media/image1.png terurai 1,5 GB, lebih dari batas 32 MB",
    ),
    "xml-bomb.docx": (
        bombs.xml_bomb,
        "bagian word/document.xml memuat DTD (<!DOCTYPE/<!ENTITY>): tidak diizinkan",
    ),
    "2000-halaman.pdf": (bombs.many_pages, "2000 halaman, lebih dari batas 40 halaman"),
    "aliran-isi.pdf": (bombs.content_bomb, "isi halaman PDF terurai lebih dari batas 8 MB"),
    "bentuk-berulang.pdf": (bombs.form_bomb, "isi halaman terurai lebih dari batas 8 MB"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_is_refused_in_one_line_under_1_gb_and_60_s(tmp_path: Path, name: str) -> None:
    make, limit = BOMBS[name]
    bomb = make(tmp_path / name)
    content = tmp_path / "content"
    messages, code, peak_kb, seconds = impor_measured(bomb, content)
    assert messages == f"{bomb}: tidak diimpor: {limit}"
    assert code == 1
    assert peak_kb < 1024 * 1024, f"{peak_kb} KB"
    assert seconds < 60
    assert not content.exists()  # nothing written


def test_a_zip_part_over_its_limit_is_refused_before_python_docx_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MEMBER_MAX", 1 << 20)
    bomb = bombs.zip_bomb(tmp_path / "x.docx", unpacked=16 << 20)
    with pytest.raises(
        limits.TooLarge, match="^bagian word/media/image1.png terurai 16 MB, lebih dari batas 1 MB$"
    ):
        limits.check(bomb)


def test_a_file_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "FILE_MAX", 1000)
    path = tmp_path / "x.pdf"
    path.write_bytes(bytes(2048))
    with pytest.raises(limits.TooLarge, match="^berkas 2 KB, lebih dari batas 1000 byte$"):
        limits.check(path)


def test_a_form_drawn_too_often_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = bombs.form_bomb(tmp_path / "x.pdf")
    with pytest.raises(limits.TooLarge, match="^isi halaman terurai lebih dari batas 8 MB$"):
        limits.check(bomb)
    limits.check(bombs.form_bomb(tmp_path / "y.pdf", draws=10))  # drawn a few times: fine


def test_the_fence_stops_a_reader_that_eats_memory(tmp_path: Path) -> None:
    def greedy(path: Path) -> bytes:
        return bytes(2 << 30)  # 2 GB: over the ceiling, whatever the check missed

    (tmp_path / "x.bin").write_bytes(b"x")
    with pytest.raises(limits.TooLarge, match="^pembacaan melebihi batas memori 768 MB$"):
        limits.fenced(greedy, tmp_path / "x.bin")


def test_the_fence_stops_a_reader_that_runs_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TIME_MAX", 1)

    def slow(path: Path) -> None:
        time.sleep(30)

    (tmp_path / "x.bin").write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(limits.TooLarge, match="^pembacaan melebihi batas waktu 1 detik$"):
        limits.fenced(slow, tmp_path / "x.bin")
    assert time.monotonic() - started < 20


def test_the_fence_hands_back_the_result_and_the_readers_own_refusal(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"x")
    assert limits.fenced(lambda p: p.read_bytes(), path) == b"x"

    def refuses(p: Path) -> None:
        raise UnreadableSheet("bukan lembar SOP")

    with pytest.raises(UnreadableSheet, match="^bukan lembar SOP$"):
        limits.fenced(refuses, path)


def test_a_workbook_with_a_dtd_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from officedocs.cli import main

    bomb = bombs.xlsx_xml_bomb(tmp_path / "evaluasi.xlsx")
    content = tmp_path / "content"
    assert main(["impor", str(bomb), "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"{bomb}: bagian xl/worksheets/sheet1.xml memuat DTD (<!DOCTYPE/<!ENTITY>): "
        "tidak diizinkan; tidak ada yang ditulis\n"
    )
