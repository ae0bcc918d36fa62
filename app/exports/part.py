"""``library.exports``: write a scope of the library to a file, and format one quote as a citation.

Exports only read: they change nothing in the library, so they return an ``ExportReport`` (or a
``Citation``), not ``Changes``. Every file is written whole or not at all (``atomic``).
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from annotations.errors import InvalidSelection
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

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self._store = store
        self._index = index

    def export(
        self, scope: ExportScope, options: ExportOptions, path: Path, progress: Progress | None = None
    ) -> ExportReport:
        """Write ``scope`` to ``path`` as ``options`` say; ``progress(done, total)`` follows reading the
        articles, then writing them. Raises InvalidExport (bad options, a destination that cannot be
        written), InvalidScope or NotFound (a scope naming nothing) and QueryError (a malformed query)."""
        options.check()
        path = Path(path).expanduser()
        check_destination(path)
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
