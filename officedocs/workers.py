"""The build's worker processes: PDF renders, and web pages when there are many.

PDFs (`Workers`): each render has a real time limit and its result is yielded when done. A
worker past the limit is killed (pebble), with one worker too; a failed document is a result
like any other, so the others still land.

The workers are forked when a build starts, before it loads content/: forked later, each
would carry every loaded document and its memory would grow with the size of content/.
Each imports WeasyPrint as it starts, while the build loads and checks content/.

Pages (`map_forked`): cheap, many, and made of the loaded documents; workers forked then find
them in their copy of the build's memory, so nothing is pickled but what they return.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pebble import ProcessPool
from pebble.common import ProcessExpired

from .weasy import load_weasyprint

if TYPE_CHECKING:
    from .pdfjob import PdfJob, PdfResult


@dataclass
class Failure:
    out: str
    message: str


def _warm() -> None:
    load_weasyprint()
    from .pdf import prepare  # WeasyPrint and the layouts' code, once per worker

    prepare()


def render_pdf(job: PdfJob) -> PdfResult:
    """In a worker: the PDF of `job` (`pdf.render`, imported as the worker started)."""
    from .pdf import render

    return render(job)


def _nothing() -> None:
    pass


class Workers:
    """A pool of PDF workers, started now; `close` when the build is done with it."""

    def __init__(self, count: int):
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPool(max_workers=count, context=context, initializer=_warm)
        self.pool.schedule(_nothing)  # pebble starts its workers at the first task

    def run(
        self,
        fn: Callable[[Any], Any],
        jobs: list[Any],
        timeout: float,
        name: Callable[[Any], str],
    ) -> Iterator[Any | Failure]:
        """Each job's result (or Failure) as soon as it is done, in the order they finish."""
        futures = {self.pool.schedule(fn, args=(job,), timeout=timeout): job for job in jobs}
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

    def close(self) -> None:
        self.pool.stop()
        self.pool.join()


_ITEMS: list[Any] = []  # the running map's items, inherited by its forked workers
_CALL: Callable[[Any, Any], Any] | None = None
_STATE: Any = None  # what each worker made once at its start (a Jinja environment)


def map_forked(
    fn: Callable[[Any, Any], Any],
    items: list[Any],
    count: int,
    start: Callable[[], Any],
    chunk: int = 16,
) -> list[Any]:
    """[fn(item, state) for item in items], in order, over `count` workers forked now;
    `start()` makes each worker's `state` once. Items are never pickled: the workers inherit
    them."""
    global _ITEMS, _CALL
    _ITEMS, _CALL = items, fn
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(count, _start_forked, (start,)) as pool:
            return pool.map(_call_forked, range(len(items)), chunksize=chunk)
    finally:
        _ITEMS, _CALL = [], None


def _start_forked(start: Callable[[], Any]) -> None:
    global _STATE
    _STATE = start()


def _call_forked(i: int) -> Any:
    assert _CALL is not None
    return _CALL(_ITEMS[i], _STATE)
