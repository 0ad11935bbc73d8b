"""The record of the whole build in the manifest: what it was made from and what it said.

A build in which no content file, no part of the program and no option changed, and whose
recorded outputs are all whole, stops before loading content/ and says again what the last
one said (`unchanged`). A successful build leaves that record (`finish`).
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .deps import ContentFiles, Manifest, Record, digest, program_digest
from .options import BuildResult, Options
from .paths import KINDS, PATHS, SITE_FOLDERS
from .problems import Problem, refuse_warnings
from .writer import Writer, file_mode

if TYPE_CHECKING:
    from .decide import Target

BUILD = "<build>"  # the manifest's record of the last whole build that succeeded
STALE_FOLDERS = [*KINDS, *SITE_FOLDERS, PATHS.assets]  # output/ folders only the build fills


def build_inputs(files: ContentFiles, opts: Options) -> dict:
    """Everything a build's outputs and messages depend on. Messages name files relative to
    the working directory, so it is an input too."""
    options = {
        "pdf": opts.pdf,
        "drafts": opts.drafts,
        "signing": opts.key.record if opts.key else "",
        "cwd": os.getcwd(),
        "content": str(files.root.resolve()),
    }
    return {"source": files.digest(), "program": program_digest(), "options": digest(options)}


def unchanged(manifest: Manifest, whole: dict, opts: Options) -> BuildResult | None:
    """The last build's result again, when no content file, no part of the program and no
    option changed, and every output it recorded is whole and nothing else is in its
    folders; None when the build has work to do."""
    old = manifest.records.get(BUILD)
    if old is None or old.inputs != whole or not manifest.all_intact(file_mode()):
        return None
    known = manifest.outputs()
    root = manifest.root
    if any(p.relative_to(root).as_posix() not in known for p in built_files(root)):
        return None  # a stray file: the full path removes it
    if manifest.restated:  # remember the new times, or the next build reads those files again
        writer = Writer(root)
        for out in known:
            writer.keep(out)
        writer.write_manifest(manifest)
    said = old.result
    result = BuildResult(documents=said["documents"], skipped=said["pdfs"])  # 0 without PDFs
    result.warnings = [Problem(**w) for w in said["warnings"]]
    refuse_warnings(result.warnings, opts.strict)
    if opts.pdf:
        signed, unsigned = said["finals"]
        result.count_signatures(signed, unsigned, opts.key is not None)
    return result


def built_files(root: Path) -> list[Path]:
    """The files in output/ that only the build makes: those of its folders, and the site's
    root pages (index, content pages, sitemap)."""
    files = [p for folder in STALE_FOLDERS for p in (root / folder).glob("*")]
    return [p for p in [*files, *root.glob("*.html"), root / "sitemap.xml"] if p.is_file()]


def begin(manifest: Manifest) -> None:
    """A build that works forgets the last one's whole record first: a checkpoint saved while
    it runs must not let a later build believe everything is done."""
    manifest.records.pop(BUILD, None)


def finals(targets: list[Target]) -> tuple[int, int]:
    """Final documents whose PDF carries (or gets now) a signature, and those that do not."""
    final = [t for t in targets if t.doc.status != "draf"]
    signed = sum(bool(t.pdf_inputs["signing"]) for t in final)
    return signed, len(final) - signed


def said(targets: list[Target], pdfs: int, warnings: list[Problem]) -> dict:
    """What an unchanged build says again: the counts and the content's warnings (a
    render's warnings are said once, by the build that rendered)."""
    return {
        "documents": len(targets),
        "pdfs": pdfs,
        "finals": list(finals(targets)),
        "warnings": [asdict(w) for w in warnings],
    }


def finish(
    manifest: Manifest,
    writer: Writer,
    whole: dict,
    result: BuildResult,
    said: dict,
) -> None:
    """Record what a successful build wrote beside its documents' records (stylesheets,
    fonts, images) and what it said (the next unchanged build says it again without loading),
    write the manifest and remove what this build no longer makes (a removed document, a
    removed halaman, the sitemap without `situs`)."""
    if result.failed:
        manifest.records.pop(BUILD, None)
    else:
        recorded = {o for key, r in manifest.records.items() if key != BUILD for o in r.outputs}
        rest = {path: sha for path, sha in writer.hashes.items() if path not in recorded}
        manifest.records[BUILD] = Record(whole, {}, rest, result=said)
    writer.write_manifest(manifest)
    for path in built_files(writer.root):
        if path not in writer.kept:
            path.unlink()
