"""Control characters in content never reach the terminal (or the serve overlay) raw: a YAML key
carrying escape sequences that would retitle the window, clear the screen and forge a green
"isi benar" line is shown escaped, at its file:line, with exit 1 and output/ untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from officedocs.cli import main
from officedocs.serve import Builder, LiveState
from officedocs.shown import shown

UNSAFE_SAMPLE = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SOP = "content/sop/pengumpulan-data-kinerja.yaml"
# The attack of issue 18, as a double-quoted YAML key (YAML turns \e into ESC).
KEY = r'"x\e]0;dibajak\a\e[2J\e[32misi benar: 2 SOP, 0 peringatan\e[0m"'
SHOWN = r"x\x1b]0;dibajak\x07\x1b[2J\x1b[32misi benar: 2 SOP, 0 peringatan\x1b[0m"


def plant(site_dir: Path) -> None:
    sop = site_dir / SOP
    sop.write_text(f"{KEY}: 1\n" + sop.read_text())


def raw_controls(text: str) -> list[str]:
    return [c for c in text if ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize("command", [["check"], ["build", "--no-pdf"]])
def test_an_escape_in_a_key_never_reaches_the_terminal(
    site_dir: Path, capsys: pytest.CaptureFixture, command: list[str]
) -> None:
    plant(site_dir)
    assert main(command) == 1
    out, err = capsys.readouterr()
    assert raw_controls(out + err) == []
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{SOP}:1:1: ")
    assert SHOWN in first
    assert err.splitlines()[-1] == "1 masalah pada isi; output/ tidak diubah"
    assert not (site_dir / "output").exists()


def test_serve_says_it_escaped_and_the_overlay_gets_it_escaped(
    site_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    plant(site_dir)
    state = LiveState()
    options = {"pdf": False, "drafts": False, "jobs": 1, "quiet": True, "explain": False}
    builder = Builder(site_dir / "content", site_dir / "output", state, options)
    assert builder.build(pdf=False) is False
    out, err = capsys.readouterr()
    assert raw_controls(out + err) == []
    assert SHOWN in err
    problems = state.snapshot()["problems"]
    assert len(problems) == 1 and SHOWN in problems[0]
    assert raw_controls("".join(problems)) == []


def test_every_control_character_is_escaped_once() -> None:
    every = "".join(map(chr, range(0x20))) + "\x7f\x85\x9b\u202e\u2066"
    escaped = shown(f"a{every}b")
    assert raw_controls(escaped) == [] and "\u202e" not in escaped
    assert escaped.startswith(r"a\x00\x01") and escaped.endswith(r"\x9b\u202e\u2066b")
    assert shown(escaped) == escaped
    assert shown("Kasubbag Perencanaan — ÉÑ ✓") == "Kasubbag Perencanaan — ÉÑ ✓"


@pytest.mark.parametrize(
    "argv",
    [
        ["impor", "sop\x1b[2J\x1b]0;x\x07.docx"],  # a file name that does not exist
        ["verify", "surat\x1b[31m.pdf"],
        ["build", "--bukan-opsi\x1b[2J"],  # argparse's own usage line repeats it
        ["check", "--content", "isi\x1b[2J"],  # a folder that does not exist
    ],
)
def test_no_command_prints_a_raw_control_character(
    site_dir: Path, capsys: pytest.CaptureFixture, argv: list[str]
) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: wrong usage
        code = exc.code
    out, err = capsys.readouterr()
    assert code in (1, 2)
    assert raw_controls(out + err) == []
    assert "\\x1b" in out + err


@pytest.mark.slow  # a property test
@given(st.text())
def test_shown_leaves_no_control_character_and_keeps_the_rest(text: str) -> None:
    out = shown(text)
    assert raw_controls(out) == [] and shown(out) == out
    if not any(c in UNSAFE_SAMPLE or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text):
        assert out == text  # nothing else changes


def test_a_control_character_in_a_value_is_refused_at_its_line(
    site_dir: Path, capsys: pytest.CaptureFixture
) -> None:
    """A double-quoted value may spell ESC and BEL (\\e, \\a); they would reach the sheet's PDF
    text and the web page raw. `check` refuses them where they are written, and the build
    writes nothing."""
    sop = site_dir / SOP
    lines = sop.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("nama:"))
    lines[at] = r'nama: "Pengumpulan\e]0;pwn\a\e[2J Data"'
    sop.write_text("\n".join(lines) + "\n")
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert raw_controls(out + err) == []
    assert err.splitlines()[0] == (
        f'{SOP}:{at + 1}:7: teks "Pengumpulan\\x1b]0;pwn\\x07\\x1b[2J Data" memuat karakter '
        "kendali (\\x1b), yang tidak boleh ada di dokumen; hapus karakter itu"
    )
    assert main(["build", "--no-pdf"]) == 1
    assert not (site_dir / "output").exists()
