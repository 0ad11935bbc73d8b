"""What a build is asked to do (`Options`) and what it did (`BuildResult`): the values every
stage of `build` reads or fills, kept apart from the stages so each can import them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problem
    from .sign import SigningKey
    from .workers import Workers

RENDER_TIMEOUT = 120.0  # seconds for one document; a stuck render fails, it does not hang

Say = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    """How a build runs (what it makes: pdf, drafts, the signing key; and how: jobs, time limit)."""

    pdf: bool = True
    drafts: bool = False
    jobs: int | None = None
    timeout: float = RENDER_TIMEOUT
    progress: Callable[[int, int, str], None] | None = None
    explain: Say | None = None
    key: SigningKey | None = None  # final PDFs are signed with it (`sign.signer_from_env`)
    strict: bool = False  # warnings fail the build (`problems.refuse_warnings`)
    wait: bool = False  # another build of the same output running: wait for it (serve), not refuse
    workers: Workers | None = None  # PDF workers kept across builds (serve); None: a build's own


@dataclass
class BuildResult:
    documents: int = 0
    rendered: int = 0  # PDFs rendered by this build
    skipped: int = 0  # PDFs left as they were: nothing they depend on changed
    failed: list[str] = field(default_factory=list)  # one line per document that failed
    warnings: list[Problem] = field(default_factory=list)  # content's, then renders'
    notes: list[str] = field(default_factory=list)  # about this machine, not the content
    second_pass: int = 0  # sheets WeasyPrint laid out differently from the plan at first
    pages: int = 0  # web pages rendered
    signed: int | None = None  # final PDFs carrying the signature; None: no key configured
    worker_peak_mib: float = 0.0  # the largest PDF worker's peak memory
    render_seconds: float = 0.0  # the workers' time in renders, summed
    seconds: float = 0.0

    def summary(self) -> str:
        failed = f"{len(self.failed)} gagal, " if self.failed else ""
        return (
            f"{self.documents} dokumen, {self.rendered} PDF dibuat, "
            f"{self.skipped} PDF dilewati (tidak berubah), {failed}"
            + (f"{self.signed} PDF bertanda tangan elektronik, " if self.signed is not None else "")
            + f"{len(self.warnings)} peringatan, {self.seconds:.1f} detik"
        )

    def strict_failure(self, strict: bool) -> str | None:
        """--strict after rendering: a render's warnings fail the build (its outputs are
        written; the content's warnings stopped it before, `problems.refuse_warnings`)."""
        if strict and self.warnings and not self.failed:
            return f"{len(self.warnings)} peringatan (--strict)"
        return None

    def count_signatures(self, signed: int, unsigned: int, signing: bool) -> None:
        """Final PDFs signed in this build's output (made now or kept); without a key, say
        once how many are unsigned."""
        if signing or signed:
            self.signed = signed
        if unsigned and not signing:
            self.notes.append(
                f"catatan: {unsigned} dokumen final tanpa tanda tangan elektronik "
                "(TTE_P12 dan TTE_PASSPHRASE tidak diatur)"
            )
