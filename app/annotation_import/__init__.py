"""Annotations made elsewhere brought into the library: readers turn a file into ``IncomingAnnotation``s
(``web_annotations``: W3C JSON-LD and Hypothesis; ``qdpx``: REFI-QDA), ``placing`` matches each to its article,
re-anchors and stores them, and ``part.AnnotationImports`` is ``library.annotation_imports``."""

from __future__ import annotations

from app.annotation_import.incoming import AnnotationFileUnreadable, ImportProblem, IncomingAnnotation
from app.annotation_import.placing import AnnotationImportReport, place_annotations

__all__ = [
    "AnnotationFileUnreadable",
    "AnnotationImportReport",
    "ImportProblem",
    "IncomingAnnotation",
    "place_annotations",
]
