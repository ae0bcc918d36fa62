"""What every command prints the same way: exit statuses, JSON, counted nouns, progress and the index note."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.models import Annotation

if TYPE_CHECKING:
    from app import Library

EXIT_OK, EXIT_FAILED, EXIT_BAD_QUERY = 0, 1, 2
EXIT_USAGE = 2  # as argparse exits for a malformed command line


def print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def note(message: str) -> None:
    """One line on stderr in the ``lectern: ...`` form scripts match, leaving stdout to the result."""
    print(f"lectern: {message}", file=sys.stderr)


def fail(message: str, status: int = EXIT_FAILED) -> int:
    """Say on stderr why the command stopped; the exit status to return."""
    note(message)
    return status


def counted(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``: every summary line counts this way."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def answer(as_json: bool, value: object, line: str) -> int:
    """Print a command's result, as one JSON document (``--json``) or as its one line for a person; exit 0."""
    if as_json:
        print_json(value)
    else:
        print(line)
    return EXIT_OK


def annotation_json(annotation: Annotation) -> dict[str, object]:
    """A highlight for ``--json``; a team library's also say who made it, changed it last, and who sees it
    (a personal library's have no creator, and keep the fields they always had)."""
    team = (
        {"creator": annotation.creator, "modified_by": annotation.modified_by, "visibility": annotation.visibility}
        if annotation.creator
        else {}
    )
    return {
        "id": annotation.id,
        "document_id": annotation.document_id,
        "start": None if annotation.orphaned else annotation.start,  # an orphan's old offsets fit no text
        "end": None if annotation.orphaned else annotation.end,
        "exact": annotation.exact,
        "tags": list(annotation.tags),
        "note": annotation.note,
        "color": annotation.color,
        "style": annotation.style,
        "orphaned": annotation.orphaned,  # its passage was lost in a new version of the text
        **team,
    }


@contextmanager
def terminal_progress(label: str, unit: str) -> Iterator[Callable[[int, int, Path], None] | None]:
    """A progress bar on stderr when it is a terminal (never in pipes, logs or tests), else nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=label, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True) as bar:

        def report(done: int, total: int, current: Path) -> None:
            bar.total = total
            bar.n = done
            bar.set_postfix_str(current.name[-40:], refresh=False)
            bar.refresh()

        yield report


def index_after_write(library: Library) -> None:
    """Make a committed write searchable, or say once that it will be: the write is saved, so an index
    that cannot be updated is neither a traceback nor a failed exit (which would invite a retry).

    ``flush()`` is False when another Lectern process (the open window) holds the index: it indexes
    this change within a second, and nothing needs saying. ``IndexWriteFailed`` says what went wrong
    and that the change is saved; the outbox keeps it for the next process that can write the index."""
    from index.errors import IndexWriteFailed

    try:
        library.index.flush()
    except IndexWriteFailed as error:
        note(str(error))
