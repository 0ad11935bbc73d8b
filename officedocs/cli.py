"""The command line: `python build.py [COMMAND] [options]`, or `officedocs [COMMAND] ...`.

Each command has its own options and its own `--help`; an option of another command is wrong
usage (exit 2). No command means `build`. `verify`, `impor` and `perpanjang` parse their own
arguments (their modules load only when asked for). A new command is one entry in `COMMANDS`
or `OWN_PARSER` and one function.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .buildstate import BuildBusy
from .problems import ContentError, refuse_warnings
from .shown import escaped_terminal, say
from .sign import SigningError, signer_from_env
from .writer import DuplicateOutput

Run = Callable[[argparse.Namespace], int]


def _impor(argv: list[str]) -> int:
    if any(a.lower().endswith(".xlsx") for a in argv):
        from .workbook_import import command as impor_xlsx  # a filled Renja evaluation table

        return impor_xlsx(argv)
    from .impor.run import command  # python-docx and pdfplumber load only for impor

    return command(argv)


def _verify(argv: list[str]) -> int:
    from .verify import main

    return main(argv)


def _perpanjang(argv: list[str]) -> int:
    from .perpanjang import main

    return main(argv)


# Commands that parse their own arguments: name -> (help line, run).
OWN_PARSER: dict[str, tuple[str, Callable[[list[str]], int]]] = {
    "verify": ("periksa tanda tangan elektronik PDF (FILE.pdf ...)", _verify),
    "impor": (
        "lembar SOP lama (Word/PDF) -> draf content/sop/<id>.yaml; tabel evaluasi Renja "
        "(.xlsx) -> realisasi laporannya",
        _impor,
    ),
    "perpanjang": ("cap waktu dokumen baru untuk PDF bertanda tangan (arsip)", _perpanjang),
}


def _options() -> dict[str, argparse.ArgumentParser]:
    """The option groups, each shared by the commands it belongs to."""
    groups = {name: argparse.ArgumentParser(add_help=False) for name in ("content", "make")}
    groups["content"].add_argument(
        "--content", type=Path, default=Path("content"), help="folder isi (bawaan: content/)"
    )
    groups["content"].add_argument(
        "--strict", action="store_true", help="peringatan menggagalkan (tidak ada yang ditulis)"
    )
    make = groups["make"]
    make.add_argument(
        "--output", type=Path, default=Path("output"), help="folder hasil (bawaan: output/)"
    )
    make.add_argument("--drafts", action="store_true", help="dokumen draf ikut terbit di situs")
    make.add_argument("--no-pdf", action="store_true", help="HTML saja (pratinjau cepat)")
    make.add_argument("--jobs", type=int, default=None, help="proses PDF (bawaan: semua inti)")
    make.add_argument("--quiet", action="store_true", help="hanya masalah dan ringkasan")
    make.add_argument(
        "--explain", "-v", action="store_true", help="katakan mengapa tiap hasil dibuat ulang"
    )
    return groups


def parser(prog: str = "build.py") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="content/ -> output/: lembar SOP dan laporan kinerja sebagai PDF dan HTML. "
        "Tanpa perintah: build.",
    )
    p.add_argument("--version", action="version", version=f"officedocs {__version__}")
    commands = p.add_subparsers(dest="command", metavar="PERINTAH", title="perintah")
    groups = _options()
    for name, (about, run, parents) in COMMANDS.items():
        command = commands.add_parser(name, help=about, description=about, parents=parents(groups))
        command.set_defaults(run=run, parser=command)
        if name == "serve":
            command.add_argument(
                "--port", type=int, default=8000, help="port (bawaan 8000; 0: port bebas)"
            )
    for name, (about, _) in OWN_PARSER.items():
        commands.add_parser(name, help=about, add_help=False)  # listed; parses its own
    return p


def main(argv: list[str] | None = None, prog: str = "build.py") -> int:
    """Run a command; nothing it prints reaches the terminal with a raw control character."""
    with escaped_terminal():
        try:
            return _main(sys.argv[1:] if argv is None else list(argv), prog)
        except KeyboardInterrupt:  # Ctrl+C: one line, no traceback; every file is whole
            say(
                "dihentikan (Ctrl+C): berkas yang sudah selesai tetap ada; "
                "build berikutnya melanjutkan"
            )
            return 130


def _main(argv: list[str], prog: str) -> int:
    if argv[:1] and argv[0] in OWN_PARSER:
        return OWN_PARSER[argv[0]][1](argv[1:])
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]  # no command: build
    args, extra = parser(prog).parse_known_args(argv)  # exits 2 on wrong usage
    if extra:  # said by the command's own parser, with its own usage line
        args.parser.error(f"bukan opsi perintah {args.command}: {' '.join(extra)}")
    try:
        return args.run(args)
    except ContentError as exc:
        say(*exc.problems)
        say(f"{len(exc.problems)} {exc.what}; output/ tidak diubah")
        return 1
    except (DuplicateOutput, SigningError, BuildBusy) as exc:
        say(f"gagal: {exc}")
        return 1
    except OSError as exc:  # a full disk, a folder that cannot be written: one line
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"gagal: {where}{exc.strerror or exc}")
        return 1


def console() -> int:
    """The `officedocs` console script (pyproject [project.scripts])."""
    return main(prog="officedocs")


def _key(args: argparse.Namespace):  # noqa: ANN202 - sign.SigningKey | None
    """The key is opened before anything is written: a bad one stops the build untouched.
    Served PDFs are signed too, or a preview would replace signed files."""
    return None if args.no_pdf else signer_from_env(os.environ, args.content, args.output)


def _check(args: argparse.Namespace) -> int:
    from .content import load_site
    from .weasy import draw_failure

    site = load_site(args.content, draw_svg=draw_failure)
    refuse_warnings(site.warnings, args.strict)
    say(*site.warnings)
    print(f"isi benar: {len(site.sops)} SOP, {len(site.warnings)} peringatan")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(
        args.content,
        args.output,
        port=args.port,
        pdf=not args.no_pdf,
        drafts=args.drafts,
        jobs=args.jobs,
        quiet=args.quiet,
        explain=args.explain,
        strict=args.strict,
        key=_key(args),
    )


def _build(args: argparse.Namespace) -> int:
    key = _key(args)
    # WeasyPrint loads only when there is something to render.
    from .build import RENDER_TIMEOUT, build

    quiet = args.quiet
    result = build(
        args.content,
        args.output,
        pdf=not args.no_pdf,
        drafts=args.drafts,
        jobs=args.jobs,
        timeout=float(os.environ.get("OFFICEDOCS_RENDER_TIMEOUT", RENDER_TIMEOUT)),
        progress=_progress(quiet),
        explain=say if args.explain and not quiet else None,
        key=key,
        strict=args.strict,
    )
    say(*result.notes, *result.warnings, *result.failed)
    strict = result.strict_failure(args.strict)
    if strict:
        say(strict)
    print(result.summary())
    return 1 if result.failed or strict else 0


def _progress(quiet: bool):  # noqa: ANN202
    """A progress bar on a terminal, a quiet line per PDF otherwise, nothing with --quiet."""
    if quiet:
        return None
    if sys.stderr.isatty():
        from tqdm import tqdm

        from .shown import shown

        bar: list = []

        def show(done: int, total: int, out: str) -> None:
            if not bar:
                stream = getattr(sys.stderr, "unescaped", sys.stderr)  # the bar's own \r
                bar.append(tqdm(total=total, unit="PDF", desc="PDF", leave=False, file=stream))
            bar[0].update(1)
            bar[0].set_postfix_str(shown(out))
            if done == total:
                bar[0].close()

        return show
    return lambda done, total, out: say(f"  [{done}/{total}] {out}")


# Commands parsed here: name -> (help line, run, its option groups).
COMMANDS: dict[str, tuple[str, Run, Callable[[dict], list]]] = {
    "build": (
        "periksa isi, lalu tulis semua PDF dan situs ke output/ (bawaan)",
        _build,
        lambda g: [g["content"], g["make"]],
    ),
    "check": ("periksa isi saja; tidak menulis apa pun", _check, lambda g: [g["content"]]),
    "serve": (
        "bangun, layani output/ di 127.0.0.1, bangun ulang tiap ada perubahan",
        _serve,
        lambda g: [g["content"], g["make"]],
    ),
}
