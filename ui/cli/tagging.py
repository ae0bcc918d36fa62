"""``tags``: every tag with its count, and renaming, merging, moving, deleting or describing one."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from annotations.models import TagCount
from ui.cli.output import EXIT_OK, EXIT_USAGE, answer, counted, fail, index_after_write, print_json

if TYPE_CHECKING:
    from app import Library


def command_tags(library: Library, arguments: argparse.Namespace) -> int:
    action = arguments.tags_command
    if action is None:
        tags = library.tags.counts()
        if arguments.json:
            print_json([_tag_json(tag) for tag in tags])
        else:
            for tag in tags:
                details = " ".join(part for part in (tag.color, tag.description) if part)
                print(f"{tag.name:<30} {tag.count:>5}  {details}".rstrip())
        return EXIT_OK
    if action == "set":
        if arguments.color is None and arguments.description is None:
            return fail("nothing to change (give --color or --description)", EXIT_USAGE)
        color = "" if arguments.color == "none" else arguments.color
        tag = library.tags.set_details(arguments.tag, color=color, description=arguments.description).value
        line = f"{tag.name}: {tag.color or 'no colour'}{f' — {tag.description}' if tag.description else ''}"
        return answer(arguments.json, _tag_json(tag), line)
    if action == "rename":
        changed, done = (
            library.tags.rename(arguments.old, arguments.new).value,
            f"renamed {arguments.old} to {arguments.new}",
        )
    elif action == "merge":
        changed, done = library.tags.merge(arguments.a, arguments.b).value, f"merged {arguments.a} into {arguments.b}"
    elif action == "move":
        where = f"under {arguments.parent}" if arguments.parent.strip() else "to the top level"
        changed, done = library.tags.move(arguments.tag, arguments.parent).value, f"moved {arguments.tag} {where}"
    else:
        changed, done = library.tags.delete(arguments.tag).value, f"deleted {arguments.tag}"
    index_after_write(library)
    return answer(arguments.json, {"changed": changed}, f"{done}: {counted(changed, 'highlight')} changed")


def _tag_json(tag: TagCount) -> dict[str, object]:
    return {"name": tag.name, "count": tag.count, "color": tag.color, "description": tag.description}
