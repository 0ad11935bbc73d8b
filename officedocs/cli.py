"""`python build.py [build|check] [options]`: the command line of interface.md."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import load_site
from .fetcher import FetchRefused
from .problems import ContentError
from .writer import DuplicateOutput


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py", description="content/ -> output/: SOP sheets as PDF and HTML"
    )
    p.add_argument(
        "command",
        nargs="?",
        default="build",
        choices=["build", "check"],
        help="build (default): validate and write output/; check: validate only",
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)  # exits 2 on wrong usage
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr))
    try:
        if args.command == "check":
            site = load_site(args.content)
            for w in site.warnings:
                print(w, file=sys.stderr)
            if args.strict and site.warnings:
                print(f"{len(site.warnings)} peringatan (--strict): gagal", file=sys.stderr)
                return 1
            print(f"isi benar: {len(site.sops)} SOP, {len(site.warnings)} peringatan")
            return 0
        if args.strict:
            site = load_site(args.content)
            if site.warnings:
                for w in site.warnings:
                    print(w, file=sys.stderr)
                print(
                    f"{len(site.warnings)} peringatan (--strict): tidak ada yang ditulis",
                    file=sys.stderr,
                )
                return 1
        from .build import build  # WeasyPrint loads only when there is something to render

        result = build(
            args.content,
            args.output,
            pdf=not args.no_pdf,
            drafts=args.drafts,
            jobs=args.jobs,
            progress=lambda out: say(f"  {out}"),
        )
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} masalah pada isi; output/ tidak diubah", file=sys.stderr)
        return 1
    except (FetchRefused, DuplicateOutput) as exc:
        print(f"gagal: {exc}", file=sys.stderr)
        return 1
    for w in result.warnings:
        print(w, file=sys.stderr)
    if args.strict and result.warnings:
        print(f"{len(result.warnings)} peringatan (--strict)", file=sys.stderr)
        print(result.summary())
        return 1
    print(result.summary())
    return 0
