"""``list`` and ``show``: the articles in the library, and one article's text with its highlights."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.articles import article_json
from ui.cli.copies import copy_fields, copy_label, mark_unmarked_copies
from ui.cli.output import EXIT_OK, print_json

if TYPE_CHECKING:
    from app import Library


def command_list(library: Library, arguments: argparse.Namespace) -> int:
    mark_unmarked_copies(library)  # an older library's articles are compared once, here
    summaries = [s for s in library.documents.summaries() if not (arguments.hide_copies and s.copy_of is not None)]
    rows = [
        {
            "id": summary.id,
            "title": summary.title,
            "author": summary.byline,
            "date": summary.published,
            "source": summary.source,
            "highlights": summary.highlights,
            "language": summary.language,
            **copy_fields(summary),
        }
        for summary in summaries
    ]
    if arguments.json:
        print_json(rows)
    else:
        for row, summary in zip(rows, summaries, strict=True):
            byline = f" — {row['author']}" if row["author"] else ""
            print(f"#{row['id']:<4} {row['title']}{byline} [{row['highlights']} highlights]{copy_label(summary)}")
    return EXIT_OK


def command_show(library: Library, arguments: argparse.Namespace) -> int:
    document = library.documents.get(arguments.document_id)
    annotations = library.annotations.for_document(document.id)
    if arguments.json:
        print_json(article_json(library, document, annotations=annotations))  # with language, copy_of …
    else:
        print(document.title)
        print("=" * min(len(document.title), 80))
        print(document.text)
        for annotation in annotations:
            tags = f" [{', '.join(annotation.tags)}]" if annotation.tags else ""
            where = "orphaned" if annotation.orphaned else f"{annotation.start}–{annotation.end}"
            look = annotation.color if annotation.style == "highlight" else f"{annotation.color} {annotation.style}"
            print(f"\n#{annotation.id} {where} {look}{tags}: {annotation.exact}")
    return EXIT_OK
