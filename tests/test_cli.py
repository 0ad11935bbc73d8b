"""The command line: every command listed, each with its own help and options, a version, the
console script, and one --strict rule for build, check and serve. In-process (main())."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import officedocs
from officedocs.cli import COMMANDS, OWN_PARSER, console, main
from officedocs.options import BuildResult
from officedocs.problems import Problem
from officedocs.serve import Builder, LiveState

ROOT = Path(__file__).resolve().parent.parent
REVOKED = "mengutip Peraturan Pemerintah Republik Indonesia Nomor 46 Tahun 2011"


def usage(argv: list[str], capsys) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of a main() that exits (help, version, wrong usage)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


def test_help_lists_every_command(capsys) -> None:
    code, out, _ = usage(["--help"], capsys)
    assert code == 0
    commands = out.split("\nperintah:\n")[1].splitlines()[1:]  # after the PERINTAH line
    listed = [line.split()[0] for line in commands if line.startswith("    ") and line[4] != " "]
    names = ["build", "check", "serve", "verify", "impor", "perpanjang"]
    assert [n for n in listed if n in names] == names
    assert sorted(listed) == sorted({*COMMANDS, *OWN_PARSER})  # a new command is listed too


@pytest.mark.parametrize(
    ("command", "has", "has_not"),
    [
        ("build", ["--output", "--no-pdf", "--strict", "--jobs"], ["--port"]),
        ("check", ["--content", "--strict"], ["--port", "--output", "--no-pdf", "--jobs"]),
        ("serve", ["--port", "--output", "--strict"], []),
    ],
)
def test_each_command_has_its_own_help(capsys, command: str, has: list, has_not: list) -> None:
    code, out, _ = usage([command, "--help"], capsys)
    assert code == 0
    assert out.startswith(f"usage: build.py {command} ")
    assert [o for o in has if o not in out] == []
    assert [o for o in has_not if o in out] == []


def test_a_command_with_its_own_parser_gives_its_own_help(capsys) -> None:
    code, out, _ = usage(["verify", "--help"], capsys)
    assert code == 0
    assert out.startswith("usage: build.py verify ") and "--trust" in out


def test_version_is_the_package_version(capsys) -> None:
    code, out, _ = usage(["--version"], capsys)
    assert (code, out) == (0, f"officedocs {officedocs.__version__}\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "officedocs.__version__"}


@pytest.mark.parametrize(
    ("argv", "usage_of", "extra"),
    [
        (["check", "--port", "9000"], "check", "--port 9000"),
        (["--port", "9000"], "build", "--port 9000"),  # no command: build, which has no port
        (["check", "--no-pdf"], "check", "--no-pdf"),
        (["build", "sop/x.yaml"], "build", "sop/x.yaml"),
    ],
)
def test_an_option_of_another_command_is_wrong_usage(
    capsys, argv: list, usage_of: str, extra: str
) -> None:
    code, _, err = usage(argv, capsys)
    assert code == 2
    assert err.splitlines()[0].startswith(f"usage: build.py {usage_of} ")
    assert (
        err.splitlines()[-1]
        == f"build.py {usage_of}: error: bukan opsi perintah {usage_of}: {extra}"
    )


def test_an_unknown_command_is_wrong_usage(capsys) -> None:
    code, _, err = usage(["publish"], capsys)
    assert code == 2
    assert "invalid choice: 'publish'" in err


def test_console_script_is_the_same_command_line(capsys, monkeypatch) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"officedocs": "officedocs.cli:console"}
    monkeypatch.setattr("sys.argv", ["officedocs", "check", "--help"])
    with pytest.raises(SystemExit) as info:
        console()
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("usage: officedocs check ")


@pytest.mark.parametrize("argv", [["check", "--strict"], ["build", "--strict", "--no-pdf"]])
def test_strict_stops_before_writing(site_dir: Path, capsys, argv: list) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and REVOKED in err[0] and ": peringatan: " in err[0]
    assert err[1] == "1 peringatan (--strict); output/ tidak diubah"
    assert not (site_dir / "output").exists()


def test_strict_after_an_unchanged_build_says_the_same(site_dir: Path, capsys) -> None:
    assert main(["--no-pdf", "--quiet"]) == 0
    capsys.readouterr()
    assert main(["--no-pdf", "--strict"]) == 1  # nothing changed: the recorded warning
    assert capsys.readouterr().err.splitlines()[-1] == (
        "1 peringatan (--strict); output/ tidak diubah"
    )


def test_serve_keeps_strict(site_dir: Path, capsys) -> None:
    state = LiveState()
    options = {"pdf": False, "drafts": False, "jobs": 1, "quiet": True, "explain": False}
    loose = Builder(site_dir / "content", site_dir / "output", state, options)
    assert loose.build(pdf=False) and state.snapshot()["problems"] == []
    strict = Builder(site_dir / "content", site_dir / "output", state, {**options, "strict": True})
    assert strict.build(pdf=False) is False
    problems = state.snapshot()["problems"]
    assert len(problems) == 1 and REVOKED in problems[0]
    assert capsys.readouterr().err.splitlines()[-1] == (
        "1 peringatan (--strict); halaman terakhir tetap dilayani"
    )


def test_strict_after_rendering_fails_on_a_renders_warning() -> None:
    warning = Problem("content/sop/a.yaml", 1, 1, "", "WeasyPrint: x", "warning", "weasyprint")
    assert BuildResult(warnings=[warning]).strict_failure(True) == "1 peringatan (--strict)"
    assert BuildResult(warnings=[warning]).strict_failure(False) is None
    failed = BuildResult(warnings=[warning], failed=["sop/a.pdf gagal dibuat"])
    assert failed.strict_failure(True) is None  # already failing: said once
