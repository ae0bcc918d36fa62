"""``list`` and ``show``: the articles in the library, and one article's text with its highlights."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_OK, annotation_json, print_json

if TYPE_CHECKING:
    from app import Library


def command_list(library: Library, arguments: argparse.Namespace) -> int:
    rows = [
        {
            "id": summary.id,
            "title": summary.title,
            "author": summary.byline,
            "date": summary.published,
            "source": summary.source,
            "highlights": summary.highlights,
        }
        for summary in library.documents.summaries()
    ]
    if arguments.json:
        print_json(rows)
    else:
        for row in rows:
            byline = f" — {row['author']}" if row["author"] else ""
            print(f"#{row['id']:<4} {row['title']}{byline} [{row['highlights']} highlights]")
    return EXIT_OK


def command_show(library: Library, arguments: argparse.Namespace) -> int:
    document = library.documents.get(arguments.document_id)
    annotations = library.annotations.for_document(document.id)
    if arguments.json:
        print_json(
            {
                "id": document.id,
                "title": document.title,
                "author": document.byline,
                "date": document.published,
                "source": document.source,
                "text": document.text,
                "annotations": [annotation_json(annotation) for annotation in annotations],
            }
        )
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
