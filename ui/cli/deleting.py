"""``article delete ID [--yes]``: deleting an article, asking first when other members highlighted it.

On a team library an article holds everyone's work: without ``--yes`` (or ``--force``) the command refuses
with the sentence the window's confirmation shows ("“Title” holds 7 highlights by others: bob 4, carol 3
(2 of them private)"), and changes nothing. A personal library's highlights are all the reader's own.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_FAILED, answer, counted, fail, index_after_write

if TYPE_CHECKING:
    from app import Library


def command_article_delete(library: Library, arguments: argparse.Namespace) -> int:
    document = library.documents.get(arguments.document_id)  # NotFound: "no document #N"
    others = library.documents.others_work(document.id)
    if others is not None and not arguments.yes:
        return fail(
            f"“{document.title}” holds {others.summary()}; add --yes to delete it with them", EXIT_FAILED
        )
    highlights = sum(library.documents.highlights_by_creator(document.id).values())  # others' private ones too
    library.documents.delete(document.id)
    index_after_write(library)
    line = f"deleted #{document.id} “{document.title}” and its {counted(highlights, 'highlight')}"
    return answer(arguments.json, {"deleted": document.id, "highlights": highlights}, line)
