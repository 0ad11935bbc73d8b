"""The loaded, checked documents: what every later stage (lay out, render, write) reads."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problem
from .schema import Jabatan, Kantor, Laporan, Masa, Regulasi, Sop


def rel(path: Path) -> str:
    """A path as printed in messages: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True)
class Step:
    """A procedure step with its flow resolved to step numbers."""

    number: int
    kegiatan: Any  # schema.Kegiatan
    actors: tuple[int, ...]
    next: int | None
    # A decision's exits (label as written, target), the one leaving the bottom first.
    decision: tuple[tuple[str, int], ...] | None
    terminal: str = ""  # "mulai" / "selesai": another start / end terminator

    @property
    def shape(self) -> str:
        return "decision" if self.decision else "process"


@dataclass(frozen=True)
class Signer:
    jabatan: str
    masa: Masa


@dataclass(eq=False)  # identity: hashable, so a build can memoise per document
class SopDoc:
    id: str
    path: Path
    sop: Sop
    steps: list[Step]
    signer: Signer
    regulations: list[tuple[str, Regulasi]]
    links: list[tuple[str, str | None]]  # (printed text, linked SOP id or None)
    # Content files the document is made from, resolved: its own YAML, the logo and every
    # image or file its text references. A change to any of them changes the document.
    assets: tuple[Path, ...] = ()

    @property
    def status(self) -> str:
        return self.sop.status

    @property
    def date(self) -> dt.date:
        """The date the document speaks for: who signs, PDF dates."""
        return self.sop.tanggal_efektif


@dataclass(eq=False)
class LaporanDoc:
    id: str
    path: Path
    laporan: Laporan
    signer: Signer
    assets: tuple[Path, ...] = ()  # as for SopDoc

    @property
    def status(self) -> str:
        return self.laporan.status

    @property
    def date(self) -> dt.date:
        return self.laporan.tanggal


@dataclass
class Site:
    root: Path
    kantor: Kantor
    pejabat: dict[str, Jabatan]
    regulasi: dict[str, Regulasi]
    sops: dict[str, SopDoc] = field(default_factory=dict)
    laporan: dict[str, LaporanDoc] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)
    halaman: list = field(default_factory=list)  # halaman.Halaman: website pages, nav order

    def web_assets(self, docs: list[SopDoc | LaporanDoc]) -> dict[str, Path]:
        """Files the website serves for `docs` (the published ones), by path inside output/.

        A file referenced from content as `aset/peta.png` is served at `aset/peta.png`, so
        the relative URL in the HTML and the PDF's fetch name the same file.
        """
        root = self.root.resolve()
        out: dict[str, Path] = {}
        for doc in docs:
            for path in doc.assets:
                if path.suffix not in (".yaml", ".md") and path.is_relative_to(root):
                    out[path.relative_to(root).as_posix()] = path
        return out
