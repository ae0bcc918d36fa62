"""``annotate`` and ``annotation edit|delete``: making, changing and deleting highlights."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_OK, EXIT_USAGE, annotation_json, answer, fail, index_after_write, print_json

if TYPE_CHECKING:
    from app import Library


def command_annotate(library: Library, arguments: argparse.Namespace) -> int:
    """A quote already highlighted in that style is reported, not highlighted again: running the command
    twice (a retry after a failure or a kill) never stores a duplicate."""
    applied = library.annotations.add_quote(
        arguments.document_id,
        arguments.quote,
        every=arguments.all,
        color=arguments.color,
        tags=arguments.tag,
        note=arguments.note,
        style="underline" if arguments.underline else "highlight",
        visibility="private" if arguments.private else "team",
    )
    index_after_write(library)
    made = applied.changes.annotations  # the highlights made now; the others were there already
    if arguments.json:
        print_json([annotation_json(annotation) | {"created": annotation.id in made} for annotation in applied.value])
    else:
        for annotation in applied.value:
            done = "highlighted" if annotation.id in made else "already highlighted"
            print(f"{done} #{annotation.id} at {annotation.start}–{annotation.end}: {annotation.exact}")
    return EXIT_OK


def command_annotation(library: Library, arguments: argparse.Namespace) -> int:
    if arguments.annotation_command == "history":
        from ui.cli.highlight_history import command_annotation_history

        return command_annotation_history(library, arguments)
    if arguments.annotation_command == "delete":
        annotation = library.annotations.get(arguments.annotation_id)
        library.annotations.delete(annotation.id)
        index_after_write(library)
        return answer(arguments.json, {"deleted": annotation.id}, f"deleted #{annotation.id}: {annotation.exact}")
    tags = [] if arguments.no_tags else arguments.tag
    changes = (arguments.color, tags, arguments.note, arguments.style, arguments.visibility)
    if all(change is None for change in changes):
        return fail(
            "nothing to change (give --color, --tag, --no-tags, --note, --underline, --highlight, --private"
            " or --team)",
            EXIT_USAGE,
        )
    annotation = library.annotations.update(
        arguments.annotation_id, color=arguments.color, tags=tags, note=arguments.note, style=arguments.style,
        visibility=arguments.visibility,
    ).value  # fmt: skip
    index_after_write(library)
    tag_list = f" [{', '.join(annotation.tags)}]" if annotation.tags else ""
    line = f"edited #{annotation.id} {annotation.color} {annotation.style}{tag_list}: {annotation.exact}"
    return answer(arguments.json, annotation_json(annotation), line)
