"""Run PDF renders in worker processes with a real time limit, yielding each result when done.

A worker past the limit is killed (pebble), with one worker too; a failed document is a
result like any other, so the others still land.

Workers come from a fork server: a small process that imported WeasyPrint once, started
(`prepare`) while the build loads content. A worker forked from the build itself would carry
every loaded document, and its memory would grow with the size of content/.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Any

from pebble import ProcessPool
from pebble.common import ProcessExpired


@dataclass
class Failure:
    out: str
    message: str


# What a worker reads from the environment, taken from the build's own at each job (a fork
# server's environment is the one it started with).
SETTINGS = ("OFFICEDOCS_HB_SUBSET", "OFFICEDOCS_TEST_HANG")


def settings() -> tuple[tuple[str, str], ...]:
    return tuple((k, os.environ[k]) for k in SETTINGS if k in os.environ)


def apply(values: tuple[tuple[str, str], ...]) -> None:
    """In a worker: the build's settings, and the font subsetter they choose."""
    for key in SETTINGS:
        os.environ.pop(key, None)
    os.environ.update(values)


def harfbuzz_subset_available() -> bool:
    """In a worker: WeasyPrint's fast, deterministic font subsetter is there.
    `OFFICEDOCS_HB_SUBSET=0` simulates its absence (tests, diagnosis)."""
    if os.environ.get("OFFICEDOCS_HB_SUBSET") == "0":
        import weasyprint.pdf.fonts as fonts

        fonts.harfbuzz_subset = None
        return False
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["officedocs.pdf"])
    return context


def prepare() -> None:
    """Start the fork server now; it imports WeasyPrint while the build does other work."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


def run(
    fn: Callable[[Any], Any],
    jobs: list[Any],
    workers: int,
    timeout: float,
    name: Callable[[Any], str],
) -> Iterator[Any | Failure]:
    """Each job's result (or Failure) as soon as it is done, in the order they finish."""
    if not jobs:
        return
    with ProcessPool(max_workers=min(workers, len(jobs)), context=_context()) as pool:
        futures = {pool.schedule(fn, args=(job,), timeout=timeout): job for job in jobs}
        try:
            for future in as_completed(futures):
                job = futures[future]
                try:
                    yield future.result()
                except FutureTimeout:
                    yield Failure(name(job), f"dihentikan setelah {timeout:g} detik")
                except ProcessExpired as exc:
                    yield Failure(name(job), f"proses pembuat PDF berhenti ({exc})")
                except Exception as exc:  # noqa: BLE001 - one document fails, not the build
                    yield Failure(name(job), str(exc) or type(exc).__name__)
        finally:
            for future in futures:
                future.cancel()
