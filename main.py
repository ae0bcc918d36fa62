"""Lectern: read, highlight, tag and search policy articles.

``python main.py`` starts the window; ``python main.py COMMAND ...`` runs the same core without one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import LecternError
from annotations.models import HIGHLIGHT_COLORS, Annotation
from annotations.paths import resolve_data_dir

if TYPE_CHECKING:
    from index.library import Library

EXIT_OK, EXIT_FAILED, EXIT_BAD_QUERY = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lectern", description="Read, highlight, tag and search articles.")
    parser.add_argument(
        "--data-dir", help="folder holding the library (default: $LECTERN_DATA_DIR or the user data dir)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser("import", help="import files or folders (.html, .pdf, .docx, .md, .txt; folders recursively)")
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument("--json", action="store_true", help="print one JSON document")

    listing = commands.add_parser("list", help="list the articles in the library")
    listing.add_argument("--json", action="store_true")

    show = commands.add_parser("show", help="print an article's text and highlights")
    show.add_argument("document_id", type=int, metavar="DOC_ID")
    show.add_argument("--json", action="store_true")

    annotate = commands.add_parser("annotate", help="highlight a quote in an article")
    annotate.add_argument("document_id", type=int, metavar="DOC_ID")
    annotate.add_argument("--quote", required=True, help="exact, case-sensitive text to highlight")
    annotate.add_argument("--all", action="store_true", help="highlight every occurrence, not just the first")
    annotate.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    annotate.add_argument("--note", default="", help="a note on the highlight")
    annotate.add_argument("--color", default=HIGHLIGHT_COLORS[0], choices=HIGHLIGHT_COLORS)
    annotate.add_argument("--json", action="store_true")

    search = commands.add_parser("search", help="search articles, highlights, notes, tags and titles")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=50, help="most hits to print (default 50)")
    search.add_argument("--json", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if arguments.command is None:
        from ui.app import run_gui  # imported here so the CLI never loads Qt

        return run_gui(arguments.data_dir)
    try:
        data_dir = resolve_data_dir(arguments.data_dir)
    except OSError as error:
        print(f"lectern: cannot use the data folder: {error}", file=sys.stderr)
        return EXIT_FAILED
    from index.library import Library

    library = Library(data_dir, background=False)
    try:
        return COMMANDS[arguments.command](library, arguments)
    except BrokenPipeError:  # e.g. piped into `head`; the reader has gone, nothing to report
        sys.stderr.close()
        return EXIT_OK
    except LecternError as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        library.close()


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _annotation_json(annotation: Annotation) -> dict[str, object]:
    return {
        "id": annotation.id,
        "document_id": annotation.document_id,
        "start": annotation.start,
        "end": annotation.end,
        "exact": annotation.exact,
        "tags": list(annotation.tags),
        "note": annotation.note,
        "color": annotation.color,
    }


def command_import(library: Library, arguments: argparse.Namespace) -> int:
    missing = [path for path in arguments.paths if not path.exists()]
    with terminal_progress("importing", unit="file") as progress:
        outcomes = library.import_paths((path for path in arguments.paths if path.exists()), progress=progress)
        library.flush_index()
    failures = [{"path": str(path), "error": f"{path}: no such file or folder"} for path in missing]
    failures += [outcome.to_json() for outcome in outcomes if outcome.error]
    if arguments.json:
        _print_json([outcome.to_json() for outcome in outcomes if not outcome.error] + failures)
    else:
        for outcome in outcomes:
            if outcome.document is not None:
                print(f"imported #{outcome.document.id} {outcome.document.title} ({len(outcome.document.text)} chars)")
            elif outcome.duplicate_of is not None:
                print(f"skipped {outcome.path}: already in the library as #{outcome.duplicate_of}")
        for failure in failures:
            print(f"failed {failure['error']}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


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
        for summary in library.documents()
    ]
    if arguments.json:
        _print_json(rows)
    else:
        for row in rows:
            byline = f" — {row['author']}" if row["author"] else ""
            print(f"#{row['id']:<4} {row['title']}{byline} [{row['highlights']} highlights]")
    return EXIT_OK


def command_show(library: Library, arguments: argparse.Namespace) -> int:
    document = library.document(arguments.document_id)
    annotations = library.annotations_for(document.id)
    if arguments.json:
        _print_json(
            {
                "id": document.id,
                "title": document.title,
                "author": document.byline,
                "date": document.published,
                "source": document.source,
                "text": document.text,
                "annotations": [_annotation_json(annotation) for annotation in annotations],
            }
        )
    else:
        print(document.title)
        print("=" * min(len(document.title), 80))
        print(document.text)
        for annotation in annotations:
            tags = f" [{', '.join(annotation.tags)}]" if annotation.tags else ""
            print(
                f"\n#{annotation.id} {annotation.start}–{annotation.end} {annotation.color}{tags}: {annotation.exact}"
            )
    return EXIT_OK


def command_annotate(library: Library, arguments: argparse.Namespace) -> int:
    created = library.annotate_quote(
        arguments.document_id,
        arguments.quote,
        every=arguments.all,
        color=arguments.color,
        tags=arguments.tag,
        note=arguments.note,
    )
    library.flush_index()
    if arguments.json:
        _print_json([_annotation_json(annotation) for annotation in created])
    else:
        for annotation in created:
            print(f"highlighted #{annotation.id} at {annotation.start}–{annotation.end}: {annotation.exact}")
    return EXIT_OK


def command_search(library: Library, arguments: argparse.Namespace) -> int:
    from index.search import QueryError

    library.flush_index()
    try:
        result = library.search(arguments.query, limit=max(0, arguments.limit))
    except QueryError as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_BAD_QUERY
    if arguments.json:
        _print_json(result.to_json())
    else:
        print(f"{result.total} mentions of {arguments.query}")
        for hit in result.hits:
            where = f"#{hit.document_id} {hit.title}"
            print(f"{hit.kind:<10} {where[:60]:<60} {hit.start}–{hit.end}")
    return EXIT_OK


COMMANDS = {
    "import": command_import,
    "list": command_list,
    "show": command_show,
    "annotate": command_annotate,
    "search": command_search,
}

if __name__ == "__main__":
    sys.exit(main())
