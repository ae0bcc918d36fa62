"""``article edit``: correcting an article's details (title, author, date, source, site, language).

The same app operation as the window's Article Details; the language and the date are read by
``ui.article_fields``, so the terminal accepts exactly what the dialog accepts.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotations.errors import LecternError
from annotations.models import Annotation, Document, DocumentMetadata
from ui.article_fields import UnknownLanguage, copy_description, date_problem, language_label, parse_language
from ui.cli.output import EXIT_OK, EXIT_USAGE, annotation_json, fail, index_after_write, print_json

if TYPE_CHECKING:
    from app import Library

_OPTIONS = ("title", "byline", "published", "source", "site", "language")


def article_json(
    library: Library, document: Document, text: bool = True, annotations: list[Annotation] | None = None
) -> dict[str, object]:
    """An article as ``show --json`` prints it (``text=False``: without its text, as ``article edit`` does);
    ``annotations``: its highlights, when the caller has read them already."""
    shown: dict[str, object] = {
        "id": document.id,
        "title": document.title,
        "author": document.byline,
        "date": document.published,
        "source": document.source,
        "site": document.site,
        "language": document.language,
        "copy_of": document.copy_of,
        "copy_similarity": document.copy_similarity,
    }
    if text:
        shown["text"] = document.text
    if annotations is None:
        annotations = library.annotations.for_document(document.id)
    shown["annotations"] = [annotation_json(annotation) for annotation in annotations]
    return shown


def command_article(library: Library, arguments: argparse.Namespace) -> int:
    if arguments.article_command == "delete":
        from ui.cli.deleting import command_article_delete

        return command_article_delete(library, arguments)
    given = {name: getattr(arguments, name) for name in _OPTIONS if getattr(arguments, name) is not None}
    if not given:
        options = "--title, --byline, --published, --source, --site or --language"
        return fail(f"nothing to change (give {options})", EXIT_USAGE)
    if "language" in given:
        try:
            given["language"] = parse_language(given["language"])
        except UnknownLanguage as error:
            return fail(str(error), EXIT_USAGE)
    problem = date_problem(given.get("published", ""))
    if problem:
        return fail(problem, EXIT_USAGE)
    document = library.documents.update_metadata(arguments.document_id, DocumentMetadata(**given)).value
    index_after_write(library)
    if arguments.json:
        print_json(article_json(library, document, text=False))
        return EXIT_OK
    print(f"edited #{document.id}: {document.title}")
    root = _copy_root(library, document)
    for label, value in (
        ("author", document.byline),
        ("date", document.published),
        ("source", document.source),
        ("site", document.site),
        ("language", language_label(document.language)),
        ("copy", copy_description(document, root)),
    ):
        if value:
            print(f"  {label + ':':<10}{value}")
    return EXIT_OK


def _copy_root(library: Library, document: Document) -> Document | None:
    """The article ``document`` repeats, when it is a syndicated copy (None if that one cannot be read)."""
    if document.copy_of is None or document.copy_of == document.id:
        return None
    try:
        return library.documents.get(document.copy_of)
    except LecternError:
        return None
