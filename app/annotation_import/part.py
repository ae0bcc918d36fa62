"""``library.annotation_imports``: bringing annotations made elsewhere into the library.

``import_file`` reads W3C Web Annotations (Lectern's JSON-LD export, other tools' JSON-LD), the Hypothesis
API's JSON, and REFI-QDA projects (``.qdpx``, read by ``app.annotation_import.qdpx``); which one a file is, is
told by its content. Each import is one transaction and one undo step ("Import Annotations").
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotations.store import Store
from app.annotation_import.incoming import AnnotationFileUnreadable, ImportProblem, IncomingAnnotation
from app.annotation_import.placing import AnnotationImportReport, Progress, place_annotations
from app.annotation_import.web_annotations import MAX_FILE_BYTES, parse_json, read_annotations
from app.changes import Applied
from app.documents import Documents
from app.search_index import SearchIndex
from app.undo import UndoHistory

ZIP_MAGIC = b"PK\x03\x04"  # a .qdpx is a zip


class AnnotationImports:
    """Importing annotation files; every import says what it placed, moved, orphaned or could not match."""

    def __init__(self, store: Store, index: SearchIndex, history: UndoHistory, documents: Documents) -> None:
        self._store = store
        self._index = index
        self._history = history
        self._documents = documents

    def import_file(self, path: Path, progress: Progress | None = None) -> Applied[AnnotationImportReport]:
        """Read ``path`` and place its annotations; raises AnnotationFileUnreadable (a LecternError, with a
        message in words) when the file cannot be read at all, and then stores nothing."""
        name = path.name
        try:
            if not path.is_file():
                raise AnnotationFileUnreadable(f"{path}: no such file")
            with path.open("rb") as file:
                head = file.read(len(ZIP_MAGIC))
            if path.suffix.lower() == ".qdpx" or head == ZIP_MAGIC:
                return self._import_qdpx(path, progress)  # its reader sets limits of its own
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise AnnotationFileUnreadable(
                    f"{name}: the file is {size / 1e6:,.0f} MB; annotation files up to"
                    f" {MAX_FILE_BYTES // 2**20} MB are read"
                )
            data = path.read_bytes()
        except OSError as error:
            raise AnnotationFileUnreadable(f"{name}: cannot be read ({error.strerror or error})") from None
        read = read_annotations(parse_json(data, name), name)
        return self.place(read.annotations, progress, failed=read.failed, path=str(path), format=read.format)

    def place(
        self,
        incoming: Sequence[IncomingAnnotation],
        progress: Progress | None = None,
        *,
        failed: Sequence[ImportProblem] = (),
        path: str = "",
        format: str = "",
    ) -> Applied[AnnotationImportReport]:
        """Place annotations a reader produced (see ``placing.place_annotations``)."""
        return place_annotations(
            self._store, self._index, self._history, incoming, progress, failed=failed, path=path, format=format
        )

    def _import_qdpx(self, path: Path, progress: Progress | None) -> Applied[AnnotationImportReport]:
        try:
            from app.annotation_import.qdpx import read_qdpx
        except ModuleNotFoundError as error:
            if error.name != "app.annotation_import.qdpx":
                raise
            raise AnnotationFileUnreadable(
                f"{path.name}: this Lectern cannot read REFI-QDA projects (.qdpx) yet"
            ) from None
        return read_qdpx(
            path,
            store=self._store,
            index=self._index,
            history=self._history,
            documents=self._documents,
            progress=progress,
        )
