"""`python build.py [build|check] [options]`: the command line of interface.md."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .problems import ContentError
from .shown import say, shown
from .sign import SigningError, signer_from_env
from .writer import DuplicateOutput


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py",
        description="content/ -> output/: SOP sheets as PDF and HTML",
        epilog=(
            "build.py impor FILE.docx|FILE.pdf ...: old sheets -> draft content (see README); "
            "build.py impor FILE.xlsx [--ganti]: a filled Renja evaluation workbook -> the "
            "realisations in its report's YAML; "
            "build.py verify FILE.pdf [...] [--trust CERT.pem] [--json] [--daring]: check "
            "electronic signatures; build.py perpanjang [FILE.pdf ...]: renew the document "
            "timestamp of signed PDFs (TTE_TSA)"
        ),
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check", "serve"],
        help="build (default): validate and write output/; check: validate only; "
        "serve: build, serve output/ on 127.0.0.1 and rebuild on every change",
    )
    p.add_argument(
        "--content", type=Path, default=Path("content"), help="content folder (default content/)"
    )
    p.add_argument(
        "--output", type=Path, default=Path("output"), help="output folder (default output/)"
    )
    p.add_argument("--strict", action="store_true", help="warnings fail the build")
    p.add_argument(
        "--drafts", action="store_true", help="put draft (status: draf) SOPs on the website too"
    )
    p.add_argument("--no-pdf", action="store_true", help="HTML only, for quick previews")
    p.add_argument("--jobs", type=int, default=None, help="PDF workers (default: all cores)")
    p.add_argument("--quiet", action="store_true", help="print only problems and the summary")
    p.add_argument(
        "--explain", "-v", action="store_true", help="say why each output is built again"
    )
    p.add_argument("--port", type=int, default=8000, help="serve: port (default 8000; 0: any free)")
    return p


def _progress(quiet: bool):  # noqa: ANN202
    """A progress bar on a terminal, a quiet line per PDF otherwise, nothing with --quiet."""
    if quiet:
        return None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar: list = []

        def show(done: int, total: int, out: str) -> None:
            if not bar:
                bar.append(tqdm(total=total, unit="PDF", desc="PDF", leave=False))
            bar[0].update(1)
            bar[0].set_postfix_str(shown(out))
            if done == total:
                bar[0].close()

        return show
    return lambda done, total, out: say(f"  [{done}/{total}] {out}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["impor"] and any(a.lower().endswith(".xlsx") for a in argv[1:]):
        from .workbook_import import command as impor_xlsx  # a filled Renja evaluation table

        return impor_xlsx(argv[1:])
    if argv[:1] == ["impor"]:
        from .impor.run import command  # python-docx and pdfplumber load only for impor

        return command(argv[1:])
    if argv[:1] == ["verify"]:
        from .verify import main as verify_main

        return verify_main(argv[1:])
    if argv[:1] == ["perpanjang"]:
        from .perpanjang import main as renew_main

        return renew_main(argv[1:])
    args = parser().parse_args(argv)  # exits 2 on wrong usage
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "check":
            return _check(args)
        return _build(args)
    except ContentError as exc:
        say(*exc.problems)
        say(f"{len(exc.problems)} masalah pada isi; output/ tidak diubah")
        return 1
    except (DuplicateOutput, SigningError) as exc:
        say(f"gagal: {exc}")
        return 1
    except OSError as exc:  # a full disk, a folder that cannot be written: one line
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"gagal: {where}{exc.strerror or exc}")
        return 1


def _signer(args: argparse.Namespace):  # noqa: ANN202 - sign.Signer | None
    """The key is opened before anything is written: a bad one stops the build untouched.
    Served PDFs are signed too, or a preview would replace signed files."""
    return None if args.no_pdf else signer_from_env(os.environ, args.content, args.output)


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
        signer=_signer(args),
    )


def _check(args: argparse.Namespace) -> int:
    from .content import load_site
    from .weasy import draw_failure

    site = load_site(args.content, draw_svg=draw_failure)
    for w in site.warnings:
        say(w)
    if args.strict and site.warnings:
        print(f"{len(site.warnings)} peringatan (--strict): gagal", file=sys.stderr)
        return 1
    print(f"isi benar: {len(site.sops)} SOP, {len(site.warnings)} peringatan")
    return 0


def _build(args: argparse.Namespace) -> int:
    if args.strict:
        from .content import load_site
        from .weasy import draw_failure

        site = load_site(args.content, draw_svg=draw_failure)
        if site.warnings:
            for w in site.warnings:
                say(w)
            print(
                f"{len(site.warnings)} peringatan (--strict): tidak ada yang ditulis",
                file=sys.stderr,
            )
            return 1
    signer = _signer(args)
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
        progress=_progress(args.quiet),
        explain=say if args.explain and not quiet else None,
        signer=signer,
    )
    say(*result.notes, *result.warnings, *result.failed)
    failed = bool(result.failed)
    if args.strict and result.warnings and not failed:
        print(f"{len(result.warnings)} peringatan (--strict)", file=sys.stderr)
        failed = True
    print(result.summary())
    return 1 if failed else 0
