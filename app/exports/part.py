"""``library.exports``: write a scope of the library to a file, and format one quote as a citation.

Exports only read: they change nothing in the library, so they return an ``ExportReport`` (or a
``Citation``), not ``Changes``. Every file is written whole or not at all (``atomic``).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from annotations.errors import InvalidSelection, LecternError
from annotations.store import Store
from app.exports.citations import Citation, quote_citation
from app.exports.markdown import write_markdown
from app.exports.options import STYLES, ExportOptions, ExportReport, InvalidExport
from app.exports.scope import ExportScope, ExportSet, Progress, collect
from app.exports.tabular import write_csv, write_xlsx
from app.search_index import SearchIndex

# Formats written by a module of their own: (module, function), each ``function(export_set, path, options)``.
_OTHER_WRITERS = {"jsonld": ("app.exports.jsonld", "write_jsonld"), "qdpx": ("app.exports.qdpx", "write_qdpx")}
Writer = Callable[[ExportSet, Path, ExportOptions, Progress | None], int]


class Exports:
    """Exports (Markdown digest, CSV, XLSX, JSON-LD, QDPX) and citations of single quotes."""

    def __init__(self, store: Store, index: SearchIndex, data_dir: Path | None = None, team: str | None = None) -> None:
        self._store = store
        self._index = index
        # what a child process opens to export in isolation: the data folder (and the team library's address)
        self._data_dir = data_dir if data_dir is not None else (store.path.parent if store.path else None)
        self._team = team

    def export(
        self,
        scope: ExportScope,
        options: ExportOptions,
        path: Path,
        progress: Progress | None = None,
        *,
        isolated: bool = False,
    ) -> ExportReport:
        """Write ``scope`` to ``path`` as ``options`` say; ``progress(done, total)`` follows reading the
        articles, then writing them. Raises InvalidExport (bad options, a destination that cannot be
        written), InvalidScope or NotFound (a scope naming nothing) and QueryError (a malformed query).

        ``isolated``: run it in a child process (the window does, for anything but one article or a few
        highlights): building hundreds of thousands of objects in the window's process stalls its thread
        for tens of milliseconds at a time (collector passes, long C calls), even from a worker thread."""
        options.check()
        path = Path(path).expanduser()
        check_destination(path)
        if isolated and self._data_dir is not None:
            return export_in_child((self._data_dir, self._team), scope, options, path, progress)
        write = _writer(options.format)
        started = time.perf_counter()
        halves = _Halves(progress)
        export_set = collect(self._store, self._index, scope, halves.first)
        try:
            mentions = write(export_set, path, options, halves.second)
        except OSError as error:
            raise InvalidExport(f"cannot write {path}: {error.strerror or error}") from error
        halves.done()
        return ExportReport(
            path=path,
            format=options.format,
            articles=len(export_set.items),
            highlights=sum(len(item.annotations) for item in export_set.items),
            mentions=mentions,
            bytes=path.stat().st_size,
            seconds=time.perf_counter() - started,
        )

    def cite(self, annotation_id: int, style: str) -> Citation:
        """A highlight's quote with its article's reference in ``style``; raises NotFound, InvalidExport."""
        _check_style(style)
        annotation = self._store.annotation(annotation_id)
        return quote_citation(annotation.exact, self._store.document(annotation.document_id), style)

    def cite_passage(self, document_id: int, start: int, end: int, style: str) -> Citation:
        """``text[start:end]`` of an article with its reference in ``style`` (a selection in the reader)."""
        _check_style(style)
        document = self._store.document(document_id)
        if not 0 <= start < end <= len(document.text) or not document.text[start:end].strip():
            raise InvalidSelection(f"{start}–{end} is not a passage of #{document_id} “{document.title}”")
        return quote_citation(document.text[start:end], document, style)


def export_in_child(
    library: tuple[Path, str | None], scope: ExportScope, options: ExportOptions, path: Path, progress: Progress | None
) -> ExportReport:
    """``Exports.export`` in a child process over the same ``library`` (data folder, team address); progress and the outcome (the
    report, or the error to raise here) come back through a queue. The child dies with this process."""
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    # Not a daemon: the child renders references in processes of its own; it watches this one instead.
    arguments = (library, scope, options, path, messages, os.getpid())
    child = context.Process(target=_export_here, args=arguments, daemon=False)
    child.start()
    try:
        while True:
            try:
                kind, *payload = messages.get(timeout=0.5)
            except queue.Empty:
                if not child.is_alive():
                    stopped = f"the export to {path.name} stopped unexpectedly (exit code {child.exitcode})"
                    raise InvalidExport(stopped) from None
                continue
            if kind == "progress" and progress is not None:
                progress(*payload)
            elif kind == "done":
                return payload[0]
            elif kind == "error":
                raise payload[0]
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()


def _export_here(
    library_address: tuple[Path, str | None],
    scope: ExportScope,
    options: ExportOptions,
    path: Path,
    messages: multiprocessing.Queue,
    parent: int,
) -> None:
    """The child's side of ``export_in_child``; it ends itself if the window's process goes."""
    from app.library import Library  # the child opens the library itself (app.library imports this module)

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)  # the window is gone: nobody waits for this file (the temp file is never renamed)

    threading.Thread(target=watch_parent, name="lectern-export-watch", daemon=True).start()

    last: list[int] = [-1]

    def report_progress(done: int, total: int) -> None:
        percent = done * 100 // max(1, total)
        if percent != last[0]:
            last[0] = percent
            messages.put(("progress", done, total))

    data_dir, team = library_address
    library = Library(Path(data_dir), background=False, team=team)
    try:
        messages.put(("done", library.exports.export(scope, options, path, report_progress)))
    except LecternError as error:
        messages.put(("error", error))
    except Exception as error:  # noqa: BLE001 - said in the parent as an export failure, in one line
        messages.put(("error", InvalidExport(f"the export failed: {error}")))
    finally:
        library.close()


def check_destination(path: Path) -> None:
    """Refuse, in words, a file that cannot be written: a folder, a read-only file or folder, a folder
    that is a file. (A folder that does not exist yet is made when its nearest existing one allows.)"""
    if path.is_dir():
        raise InvalidExport(f"{path} is a folder; give a file name to export to")
    if path.exists() and not os.access(path, os.W_OK):
        raise InvalidExport(f"cannot write {path}: the file is read-only")
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise InvalidExport(f"cannot write {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidExport(f"cannot write {path}: no permission to write in {folder}")


def _check_style(style: str) -> None:
    if style not in STYLES:
        raise InvalidExport(f"unknown citation style “{style}” (choose one of {', '.join(STYLES)})")


def _writer(format_name: str) -> Writer:
    if format_name == "markdown":
        return write_markdown
    if format_name in ("csv", "xlsx"):
        write = write_csv if format_name == "csv" else write_xlsx

        def tabular(export_set: ExportSet, path: Path, options: ExportOptions, progress: Progress | None) -> int:
            write(export_set, path, options, progress)
            return 0  # a table lists highlights only, never mentions (see app.exports.tabular)

        return tabular
    module_name, function_name = _OTHER_WRITERS[format_name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        raise InvalidExport(f"the {format_name} export is not available in this version of Lectern") from None
    function = getattr(module, function_name)

    def other(export_set: ExportSet, path: Path, options: ExportOptions, progress: Progress | None) -> int:
        function(export_set, path, options)
        return sum(len(item.mentions) for item in export_set.items)

    return other


class _Halves:
    """One progress bar over both halves of an export: reading the articles, then writing them."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._total = 0

    def first(self, done: int, total: int) -> None:
        self._total = total
        if self._progress is not None:
            self._progress(done, 2 * total)

    def second(self, done: int, total: int) -> None:
        if self._progress is not None:
            self._progress(total + done, 2 * total)

    def done(self) -> None:
        if self._progress is not None:
            self._progress(2 * self._total, 2 * self._total)
