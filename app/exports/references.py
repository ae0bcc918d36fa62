"""The references of one export, one per article, rendered ahead in worker processes when there are many.

citeproc-py takes 0.3–1 ms per reference in the prepared styles (``app.exports.csl``): nothing for one
quote, seconds for a whole library of 5,000 articles. So a big export hands its articles' CSL-JSON to
worker processes (fresh interpreters, never a fork of the window's process) as soon as it starts, and
writes while they render; it takes each reference when it reaches that article. The first articles
render in the calling thread while the workers start. A small export, or one whose workers fail,
renders in the calling thread. Either way the result is the same ``Reference``.

As with any ``multiprocessing`` code, a script that exports a big library must guard its top level with
``if __name__ == "__main__":`` (a worker imports the script's main module; main.py does).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from annotations.models import Document
from app.exports.citations import Reference, csl_item, finished_reference, rendered

# Below this many articles, starting workers (~0.5 s) costs more than rendering here.
MIN_ARTICLES_FOR_PROCESSES = 1000
HEAD = 500  # the first articles render here while the workers start (about as long)
CHUNK = 250  # articles per task: small enough to be ready early, big enough to be cheap
log = logging.getLogger(__name__)


class References:
    """``references.get(document)``: the article's reference in ``style`` (with its bibliography
    entry when ``entry``). ``workers``: processes at most (an export that keeps this thread busy
    writing wants one; one that mostly waits for references, two). Use as a context manager, so the
    workers stop when the export does."""

    def __init__(self, style: str, documents: Sequence[Document], *, entry: bool, workers: int = 2) -> None:
        self.style = style
        self.entry = entry
        self._done: dict[int, Reference] = {}
        self._pending: dict[int, tuple[Future[list[tuple[str, str] | None]], int, dict[str, Any]]] = {}
        self._executor: ProcessPoolExecutor | None = None
        unique = list({document.id: document for document in documents}.values())
        cpus = _workers()
        self._processes = min(workers, cpus) if cpus > 1 else 0  # on one CPU, workers only add work
        if len(unique) >= MIN_ARTICLES_FOR_PROCESSES and self._processes > 0:
            self._start(unique)

    def __enter__(self) -> References:
        return self

    def __exit__(self, *_exception: object) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def get(self, document: Document) -> Reference:
        found = self._done.get(document.id)
        if found is not None:
            return found
        waiting = self._pending.pop(document.id, None)
        if waiting is None:
            item = csl_item(document)
            html = rendered(self.style, item, self.entry)
        else:
            future, position, item = waiting
            try:
                html = future.result()[position]
            except Exception as error:  # a worker died, or could not start: the rest render here
                if self._executor is not None:
                    log.warning("rendering references in this process instead (%s)", error)
                    self.close()  # cancels what is left, which then renders here
                html = rendered(self.style, item, self.entry)
        found = self._done[document.id] = finished_reference(self.style, item, html, self.entry)
        return found

    def _start(self, documents: list[Document]) -> None:
        try:
            self._executor = ProcessPoolExecutor(
                max_workers=self._processes, mp_context=multiprocessing.get_context("spawn")
            )
            for first in range(HEAD, len(documents), CHUNK):
                pause()
                chunk = documents[first : first + CHUNK]
                items = [csl_item(document) for document in chunk]
                future = self._executor.submit(render_chunk, self.style, items, self.entry)
                for position, (document, item) in enumerate(zip(chunk, items, strict=True)):
                    self._pending[document.id] = (future, position, item)
        except (OSError, RuntimeError) as error:  # no processes here (a sandbox, a limit): render here
            log.warning("cannot start worker processes for references (%s)", error)
            self.close()
            self._pending.clear()


def pause() -> None:
    """Let another thread (the window's) have the interpreter for a moment. An export runs on a worker
    thread of the window's process and builds strings at full speed; Python hands the GIL over on
    request, but with a big heap that can lag by tens of milliseconds, a visible stall. A writer calls
    this every few articles; it costs a system call."""
    time.sleep(0)


def render_chunk(style: str, items: list[dict[str, Any]], entry: bool) -> list[tuple[str, str] | None]:
    """In a worker process: citeproc-py's HTML for each item (None where it failed)."""
    return [rendered(style, item, entry) for item in items]


def _workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
