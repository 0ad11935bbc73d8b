"""The build's worker processes: PDF renders, and web pages when there are many.

PDFs (`Workers`): each render has a real time limit and its result is yielded when done. A
worker past the limit is killed (pebble), with one worker too; a failed document is a result
like any other, so the others still land.

The PDF workers' host is forked when a build starts, before it loads content/: forked later,
it would carry every loaded document and its memory would grow with the size of content/.
It imports WeasyPrint and does a first render's one-time work (`pdf.prepare`) while the build
loads and checks content/, once; the workers are forked from it when the documents to render
are known, as many as there are documents (at most the number of processors), so each starts
warm and small, and a build that renders one PDF pays for one WeasyPrint import, not one per
processor. The host keeps its workers between runs: `serve` keeps one `Workers` for all its
builds, so an edited SOP's PDF is rendered by a worker that is already warm.

Pages (`map_forked`): cheap, many, and made of the loaded documents; workers forked then find
them in their copy of the build's memory, so nothing is pickled but what they return.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from .weasy import load_weasyprint

if TYPE_CHECKING:  # pebble is the host's alone: it loads there, after the fork
    from pebble import ProcessPool

    from .pdfjob import PdfJob, PdfResult


@dataclass
class Failure:
    out: str
    message: str


def _warm() -> None:
    load_weasyprint()
    from .pdf import prepare  # WeasyPrint and the layouts' code, once per host

    prepare()


def render_pdf(job: PdfJob) -> PdfResult:
    """In a worker: the PDF of `job` (`pdf.render`, imported as the host started)."""
    from .pdf import render

    return render(job)


class Workers:
    """The PDF workers (through their host, forked now); `close` when done with them."""

    def __init__(self, count: int):
        self.count = count
        self.host: tuple[int, Connection] | None = None
        self._start()

    def _start(self) -> None:
        ours, theirs = multiprocessing.Pipe()
        for stream in (sys.stdout, sys.stderr):  # else the host would print it again
            stream.flush()
        pid = os.fork()
        if pid == 0:
            ours.close()
            _host(theirs, self.count)  # never returns
        theirs.close()
        self.host = (pid, ours)
        self.used = False  # no run yet: the host has no workers, and may still be warming

    def run(
        self,
        fn: Callable[[Any], Any],
        jobs: list[Any],
        timeout: float,
        name: Callable[[Any], str],
    ) -> Iterator[Any | Failure]:
        """Each job's result (or Failure) as soon as it is done, in the order they finish."""
        if self.host is None:  # an earlier run was left unfinished: a new host
            self._start()
        assert self.host is not None
        self.used = True
        answered: set[int] = set()
        try:
            self.host[1].send((fn, jobs, timeout))
            while len(answered) < len(jobs):
                i, result, failure = self.host[1].recv()
                answered.add(i)
                yield result if failure is None else Failure(name(jobs[i]), failure)
        except (EOFError, OSError) as exc:  # the host died (killed): the rest fail
            why = f"proses pembuat PDF berhenti ({exc or type(exc).__name__})"
            yield from (Failure(name(j), why) for i, j in enumerate(jobs) if i not in answered)
        finally:
            if len(answered) < len(jobs):  # results still on their way: never read as a later run's
                self.close()

    def close(self) -> None:
        """The host stops its workers and ends (its end of the pipe is closed). One that was
        never used is ended at once: a build that renders nothing (only pages changed, or
        the content has a mistake) does not wait for it to finish warming."""
        if self.host is not None:
            pid, conn = self.host
            self.host = None
            conn.close()
            if not self.used:  # no workers yet: nothing of its own to clean up
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _host(conn: Connection, count: int) -> None:
    """The workers' host: warm once, then render each run's jobs in `count` workers at most,
    forked from here; ends (os._exit) when the build closes its end of the pipe."""
    from concurrent.futures import as_completed

    from pebble import ProcessPool

    pool: ProcessPool | None = None
    code = 0
    try:
        try:
            _warm()
        except Exception:  # noqa: BLE001 - each render says why (WeasyPrint missing, say)
            pass
        size = 0
        while True:
            try:
                fn, jobs, timeout = conn.recv()
            except EOFError:
                break
            if pool is None or size < min(count, len(jobs)):
                _stop(pool)
                size = min(count, len(jobs))
                pool = ProcessPool(max_workers=size, context=multiprocessing.get_context("fork"))
            futures = {pool.schedule(fn, args=(j,), timeout=timeout): i for i, j in enumerate(jobs)}
            for future in as_completed(futures):
                conn.send((futures[future], *_outcome(future, timeout)))
    except BaseException:  # noqa: BLE001 - Ctrl+C, or the build gone: end quietly
        code = 1
    finally:
        _stop(pool)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        os._exit(code)


def _outcome(future: Any, timeout: float) -> tuple[Any, str | None]:
    """(the result, None), or (None, why it failed)."""
    from concurrent.futures import TimeoutError as FutureTimeout

    from pebble.common import ProcessExpired

    try:
        return future.result(), None
    except FutureTimeout:
        return None, f"dihentikan setelah {timeout:g} detik"
    except ProcessExpired as exc:
        return None, f"proses pembuat PDF berhenti ({exc})"
    except Exception as exc:  # noqa: BLE001 - one document fails, not the build
        return None, str(exc) or type(exc).__name__


def _stop(pool: ProcessPool | None) -> None:
    if pool is not None:
        pool.stop()
        pool.join()


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
