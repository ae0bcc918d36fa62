"""Lectern: read, highlight, tag and search policy articles.

``python main.py`` starts the window; ``python main.py COMMAND ...`` runs the same core without one.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import LecternError
from annotations.models import HIGHLIGHT_COLORS, Annotation, Reanchoring, TagCount
from annotations.paths import resolve_data_dir

if TYPE_CHECKING:
    from app import Library
    from index.facets import Facets

EXIT_OK, EXIT_FAILED, EXIT_BAD_QUERY = 0, 1, 2
EXIT_USAGE = 2  # as argparse exits for a malformed command line
# app.exports.options.FORMATS, STYLES and GROUPS, spelled out so that parsing argv loads no more than it needs
EXPORT_FORMATS = ("markdown", "csv", "xlsx", "jsonld", "qdpx")
CITATION_STYLES = ("chicago-note", "chicago-author-date", "apa", "mla")
EXPORT_GROUPS = ("article", "tag")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lectern", description="Read, highlight, tag and search articles.")
    parser.add_argument(
        "--data-dir", help="folder holding the library (default: $LECTERN_DATA_DIR or the user data dir)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    importing = commands.add_parser(
        "import", help="import files or folders (.html, .pdf, .docx, .md, .txt; folders recursively)"
    )
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument(
        "--replace",
        action="store_true",
        help="a file whose source is already in the library becomes a new version of that article (same id);"
        " its highlights are re-anchored in the new text",
    )
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
    annotate.add_argument("--underline", action="store_true", help="underline instead of a background colour")
    annotate.add_argument("--json", action="store_true")

    annotation = commands.add_parser("annotation", help="edit or delete a highlight")
    annotation_commands = annotation.add_subparsers(dest="annotation_command", metavar="ACTION", required=True)
    edit = annotation_commands.add_parser("edit", help="change a highlight's colour, style, tags or note")
    edit.add_argument("annotation_id", type=int, metavar="ID")
    edit.add_argument("--color", choices=HIGHLIGHT_COLORS)
    tagging = edit.add_mutually_exclusive_group()
    tagging.add_argument("--tag", action="append", help="the highlight's tags become these (repeat for more)")
    tagging.add_argument("--no-tags", action="store_true", help="remove every tag from the highlight")
    edit.add_argument("--note", help="the new note ('' removes it)")
    styling = edit.add_mutually_exclusive_group()
    styling.add_argument("--underline", dest="style", action="store_const", const="underline")
    styling.add_argument("--highlight", dest="style", action="store_const", const="highlight")
    edit.add_argument("--json", action="store_true")
    delete = annotation_commands.add_parser("delete", help="delete a highlight")
    delete.add_argument("annotation_id", type=int, metavar="ID")
    delete.add_argument("--json", action="store_true")

    tags = commands.add_parser("tags", help="list tags with their counts; rename, merge, move or delete them")
    tags.add_argument("--json", action="store_true")
    tag_commands = tags.add_subparsers(dest="tags_command", metavar="ACTION")
    for name, help_text, arguments in (
        ("rename", "rename a tag and its children everywhere", ("OLD", "NEW")),
        ("merge", "fold tag A (and its children) into tag B", ("A", "B")),
        ("move", "move a tag (and its children) under PARENT ('' for the top level)", ("TAG", "PARENT")),
        ("delete", "remove a tag (and its children) from every highlight; the highlights stay", ("TAG",)),
    ):
        action = tag_commands.add_parser(name, help=help_text)
        for argument in arguments:
            action.add_argument(argument.lower())
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    details = tag_commands.add_parser("set", help="give a tag a colour and/or a description")
    details.add_argument("tag")
    details.add_argument("--color", choices=("none", *HIGHLIGHT_COLORS), help="'none' removes the colour")
    details.add_argument("--description", help="('' removes it)")
    details.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    search = commands.add_parser("search", help="search articles, highlights, notes, tags and titles")
    search.add_argument("query")
    search.add_argument(
        "--limit", type=int, default=50, help="most hits (with --mentions: mentions) to print (default 50)"
    )
    search.add_argument("--offset", type=int, default=0, help="skip this many hits (or mentions) first (paging)")
    search.add_argument(
        "--sort",
        choices=("relevance", "date", "title"),
        default="relevance",
        help="relevance (default), date (article published, newest first) or title (A to Z)",
    )
    search.add_argument(
        "--mentions",
        action="store_true",
        help="list each occurrence in an article's text (document_id, title, start, end, match, context);"
        " --json prints {query, total, mentions}, else one JSON object per line",
    )
    search.add_argument("--facets", action="store_true", help="also count the hits by tag, colour, article and year")
    search.add_argument(
        "--tag",
        action="append",
        default=[],
        help="highlight every occurrence with this tag (repeat for more); already tagged ones are skipped",
    )
    search.add_argument("--color", choices=HIGHLIGHT_COLORS, help="the colour of the highlights --tag makes")
    search.add_argument("--json", action="store_true")

    reindex = commands.add_parser("reindex", help="delete the search index and rebuild it from the database")
    reindex.add_argument("--json", action="store_true")

    exporting = commands.add_parser(
        "export", help="write highlights to a file (Markdown digest, CSV, XLSX, JSON-LD, QDPX); default: everything"
    )
    exporting.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    scope = exporting.add_mutually_exclusive_group()
    scope.add_argument("--doc", type=int, metavar="ID", help="one article's highlights")
    scope.add_argument("--tag", help="highlights with this tag or one of its children (region: region/iran too)")
    scope.add_argument("--query", help="the highlights a search finds")
    scope.add_argument("--saved", metavar="NAME", help="the highlights a saved search finds")
    exporting.add_argument(
        "--mentions", action="store_true", help="with --query or --saved: also every mention in the articles' text"
    )
    exporting.add_argument(
        "--style", choices=(*CITATION_STYLES, "none"), default="chicago-note", help="each quote's reference"
    )
    exporting.add_argument("--group", choices=EXPORT_GROUPS, default="article", help="the digest's grouping")
    exporting.add_argument(
        "--excel", action="store_true", help="CSV for Excel: a byte-order mark; cells starting = + - @ shown as text"
    )
    exporting.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    exporting.add_argument("--json", action="store_true", help="print the report as one JSON document")

    cite = commands.add_parser("cite", help="print a highlight's quote with its formatted reference")
    cite.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    cite.add_argument("--style", choices=CITATION_STYLES, default="chicago-note", help="(default chicago-note)")
    cite.add_argument("--json", action="store_true", help='print {"id", "style", "text", "html", "markdown"}')

    import_annotations = commands.add_parser(
        "import-annotations",
        help="import annotations from a W3C Web Annotation JSON-LD file (Lectern's export), a Hypothesis"
        " API export or a REFI-QDA project (.qdpx); each is placed on its article in the library",
    )
    import_annotations.add_argument("file", type=Path, metavar="FILE")
    import_annotations.add_argument("--json", action="store_true", help="print the report as one JSON document")

    backup = commands.add_parser("backup", help="write a verified backup of the library (a .lectern-backup file)")
    backup.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    backup.add_argument("--json", action="store_true", help="print the report as one JSON document")
    restore = commands.add_parser(
        "restore",
        help="replace the library with a backup (verified first; the current library is kept in data/replaced/)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--json", action="store_true", help="print the report as one JSON document")
    backups = commands.add_parser("backups", help="list the automatic backups (in the data folder's backups/)")
    backups.add_argument("--json", action="store_true")
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
    from app import Library

    if arguments.command in CLOSED_LIBRARY_COMMANDS:  # restore and backups work on a closed, even damaged, library
        return CLOSED_LIBRARY_COMMANDS[arguments.command](data_dir, arguments)
    try:
        library = Library(data_dir, background=False)
    except (LecternError, sqlite3.DatabaseError) as error:  # a newer library, an unsuitable Whoosh, not a database
        return _cannot_open(data_dir, error, arguments)
    try:
        return COMMANDS[arguments.command](library, arguments)
    except BrokenPipeError:  # e.g. piped into `head`; the reader has gone, nothing to report
        sys.stderr.close()
        return EXIT_OK
    except LecternError as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_FAILED
    except sqlite3.DatabaseError as error:  # damage met while reading: checked once the library is closed
        unreadable = error
    finally:
        library.close()
    return _cannot_open(data_dir, unreadable, arguments)


def _cannot_open(data_dir: Path, error: BaseException, arguments: argparse.Namespace) -> int:
    """Say why the library cannot be used; a damaged database is kept aside and the newest backup named."""
    from app.startup import damage_from

    damage = damage_from(data_dir, error)
    if damage is None:
        reason = f"the database cannot be read ({error})" if isinstance(error, sqlite3.DatabaseError) else error
        print(f"lectern: cannot open the library in {data_dir}: {reason}", file=sys.stderr)
        return EXIT_FAILED
    folder = f" --data-dir {data_dir}" if arguments.data_dir else ""
    kept = f"; it was kept in {damage.kept}" if damage.kept is not None else ""
    if damage.backup is not None:
        advice = f"restore the newest backup with: lectern{folder} restore {damage.backup}"
    else:
        advice = f"there is no automatic backup; restore one you made with: lectern{folder} restore FILE"
    print(f"lectern: the library database is damaged ({damage.problem}){kept}; {advice}", file=sys.stderr)
    return EXIT_FAILED


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _annotation_json(annotation: Annotation) -> dict[str, object]:
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
    }


def command_import(library: Library, arguments: argparse.Namespace) -> int:
    if arguments.replace:
        return _import_replacing(library, arguments)
    missing = [path for path in arguments.paths if not path.exists()]
    with terminal_progress("importing", unit="file") as progress:
        outcomes = library.documents.import_paths(
            (path for path in arguments.paths if path.exists()), progress=progress
        ).value
        _index_after_write(library)
    failures = [{"path": str(path), "error": f"{path}: no such file or folder"} for path in missing]
    failures += [outcome.to_json() for outcome in outcomes if outcome.error]
    if arguments.json:
        _print_json([outcome.to_json() for outcome in outcomes if not outcome.error] + failures)
    else:
        for outcome in outcomes:
            if outcome.document is not None:
                print(f"imported #{outcome.document.id} {outcome.document.title} ({len(outcome.document.text)} chars)")
                for warning in outcome.warnings:
                    print(f"warning {warning}", file=sys.stderr)
            elif outcome.duplicate_of is not None:
                print(f"skipped {outcome.path}: already in the library as #{outcome.duplicate_of}")
            elif outcome.newer_version_of is not None:
                print(
                    f"skipped {outcome.path}: a newer version of #{outcome.newer_version_of}"
                    f" “{outcome.duplicate_title}”; use --replace"
                )
        for failure in failures:
            print(f"failed {failure['error']}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK  # a skipped duplicate or newer version is not a failure


def _import_replacing(library: Library, arguments: argparse.Namespace) -> int:
    """``import --replace``: each file becomes a new version of the article with its source, or a new article."""
    from annotations.importers import expand_paths

    groups = [(path, list(expand_paths([path])) if path.exists() else None) for path in arguments.paths]
    total = sum(len(files) for _, files in groups if files is not None)
    entries: list[dict[str, object]] = []

    def report(entry: dict[str, object]) -> None:
        entries.append(entry)
        if not arguments.json:
            _print_replaced(library, entry)

    done = 0
    with terminal_progress("importing", unit="file") as progress:
        for given, files in groups:
            if files is None:
                report({"path": str(given), "error": f"{given}: no such file or folder"})
            for path in files or ():
                if progress is not None:
                    progress(done, total, path)
                done += 1
                outcome, reanchoring = library.documents.reimport_file(path).value
                entry: dict[str, object] = {"path": str(path)}
                if reanchoring is not None:
                    entry.update(reanchoring.to_json())
                elif outcome.document is not None:
                    entry.update(Reanchoring(outcome.document.id).to_json(), new=True)
                else:
                    entry.update(outcome.to_json())  # a duplicate of another article, or a refused file
                if outcome.document is not None and outcome.warnings:
                    entry["warnings"] = list(outcome.warnings)
                report(entry)
        _index_after_write(library)
    if arguments.json:
        single = len(arguments.paths) == 1 and not arguments.paths[0].is_dir()
        _print_json(entries[0] if single and len(entries) == 1 else entries)
    return EXIT_FAILED if any("error" in entry for entry in entries) else EXIT_OK


def _print_replaced(library: Library, entry: dict[str, object]) -> None:
    if "error" in entry:
        print(f"failed {entry['error']}", file=sys.stderr)
    elif "duplicate_of" in entry:
        print(f"skipped {entry['path']}: already in the library as #{entry['duplicate_of']}")
    else:
        document = library.documents.get(int(str(entry["document_id"])))
        if entry.get("new"):
            print(f"imported #{document.id} {document.title} ({len(document.text)} chars)")
            return
        counts = ", ".join(f"{entry[status]} {status}" for status in ("kept", "moved", "fuzzy", "orphaned"))
        orphans = entry["orphans"]
        assert isinstance(orphans, list)
        listed = f"; orphans: {', '.join(f'#{orphan}' for orphan in orphans)}" if orphans else ""
        print(f"replaced #{document.id} {document.title}: {counts}{listed}")


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
        for summary in library.documents.summaries()
    ]
    if arguments.json:
        _print_json(rows)
    else:
        for row in rows:
            byline = f" — {row['author']}" if row["author"] else ""
            print(f"#{row['id']:<4} {row['title']}{byline} [{row['highlights']} highlights]")
    return EXIT_OK


def command_show(library: Library, arguments: argparse.Namespace) -> int:
    document = library.documents.get(arguments.document_id)
    annotations = library.annotations.for_document(document.id)
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
            where = "orphaned" if annotation.orphaned else f"{annotation.start}–{annotation.end}"
            look = annotation.color if annotation.style == "highlight" else f"{annotation.color} {annotation.style}"
            print(f"\n#{annotation.id} {where} {look}{tags}: {annotation.exact}")
    return EXIT_OK


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
    )
    _index_after_write(library)
    made = applied.changes.annotations  # the highlights made now; the others were there already
    if arguments.json:
        _print_json([_annotation_json(annotation) | {"created": annotation.id in made} for annotation in applied.value])
    else:
        for annotation in applied.value:
            done = "highlighted" if annotation.id in made else "already highlighted"
            print(f"{done} #{annotation.id} at {annotation.start}–{annotation.end}: {annotation.exact}")
    return EXIT_OK


def _index_after_write(library: Library) -> None:
    """Make a committed write searchable, or say once that it will be: the write is saved, so an index
    that cannot be updated is neither a traceback nor a failed exit (which would invite a retry).

    ``flush()`` is False when another Lectern process (the open window) holds the index: it indexes
    this change within a second, and nothing needs saying. ``IndexWriteFailed`` says what went wrong
    and that the change is saved; the outbox keeps it for the next process that can write the index."""
    from index.errors import IndexWriteFailed

    try:
        library.index.flush()
    except IndexWriteFailed as error:
        print(f"lectern: {error}", file=sys.stderr)


def command_annotation(library: Library, arguments: argparse.Namespace) -> int:
    if arguments.annotation_command == "delete":
        annotation = library.annotations.get(arguments.annotation_id)
        library.annotations.delete(annotation.id)
        _index_after_write(library)
        if arguments.json:
            _print_json({"deleted": annotation.id})
        else:
            print(f"deleted #{annotation.id}: {annotation.exact}")
        return EXIT_OK
    tags = [] if arguments.no_tags else arguments.tag
    if arguments.color is None and tags is None and arguments.note is None and arguments.style is None:
        print("lectern: nothing to change (give --color, --tag, --no-tags, --note, --underline or --highlight)",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    annotation = library.annotations.update(
        arguments.annotation_id, color=arguments.color, tags=tags, note=arguments.note, style=arguments.style
    ).value
    _index_after_write(library)
    if arguments.json:
        _print_json(_annotation_json(annotation))
    else:
        tag_list = f" [{', '.join(annotation.tags)}]" if annotation.tags else ""
        print(f"edited #{annotation.id} {annotation.color} {annotation.style}{tag_list}: {annotation.exact}")
    return EXIT_OK


def command_tags(library: Library, arguments: argparse.Namespace) -> int:
    action = arguments.tags_command
    if action is None:
        tags = library.tags.counts()
        if arguments.json:
            _print_json([_tag_json(tag) for tag in tags])
        else:
            for tag in tags:
                details = " ".join(part for part in (tag.color, tag.description) if part)
                print(f"{tag.name:<30} {tag.count:>5}  {details}".rstrip())
        return EXIT_OK
    if action == "set":
        if arguments.color is None and arguments.description is None:
            print("lectern: nothing to change (give --color or --description)", file=sys.stderr)
            return EXIT_USAGE
        color = "" if arguments.color == "none" else arguments.color
        tag = library.tags.set_details(arguments.tag, color=color, description=arguments.description).value
        if arguments.json:
            _print_json(_tag_json(tag))
        else:
            print(f"{tag.name}: {tag.color or 'no colour'}{f' — {tag.description}' if tag.description else ''}")
        return EXIT_OK
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
    _index_after_write(library)
    if arguments.json:
        _print_json({"changed": changed})
    else:
        print(f"{done}: {changed} highlight{'' if changed == 1 else 's'} changed")
    return EXIT_OK


def _tag_json(tag: TagCount) -> dict[str, object]:
    return {"name": tag.name, "count": tag.count, "color": tag.color, "description": tag.description}


SEARCH_CATCH_UP_SECONDS = 5.0  # how long a search waits for another process to index recent changes
SEARCH_REBUILD_WAIT_SECONDS = 60.0  # how long it waits for another process's rebuild when no index answers


def _ready_to_search(library: Library) -> int | None:
    """Bring the index up to date before a search: None when it may answer (a note on stderr says what
    it does not hold yet), else the exit status, with the reason on stderr. Never a count from an index
    being rebuilt: without a live index the search waits for the rebuild (a minute at most)."""
    from index.errors import IndexWriteFailed

    index = library.index
    try:
        if index.flush():
            return None
    except IndexWriteFailed as error:  # the index answers for what it holds; say what it lacks
        print(f"lectern: {error}", file=sys.stderr)
        if index.searchable():
            _note_pending(library, "they will be once Lectern can write the index")
            return None
        return EXIT_FAILED
    # Another process holds the index-writer lease: it is indexing (or rebuilding) and will catch up.
    if index.searchable():
        index.wait_searchable(SEARCH_CATCH_UP_SECONDS, caught_up=True)
        _note_pending(library)
        return None
    last_said = [0.0]

    def report(progress: float | None) -> None:
        now = time.monotonic()
        if now - last_said[0] >= 2.0:
            last_said[0] = now
            print(f"lectern: waiting for the search index to be rebuilt ({int((progress or 0) * 100)} %)",
                  file=sys.stderr)  # fmt: skip

    try:
        if index.wait_searchable(SEARCH_REBUILD_WAIT_SECONDS, report):
            _note_pending(library)
            return None
    except IndexWriteFailed as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_FAILED
    percent = int((index.keeper.progress_anywhere() or 0) * 100)
    print(f"lectern: the search index is being rebuilt ({percent} %); try again shortly", file=sys.stderr)
    return EXIT_FAILED


def _note_pending(library: Library, why: str = "another Lectern process is indexing them") -> None:
    """Say on stderr how many stored changes the index does not hold yet, and why."""
    pending = library.index.pending_changes()
    if pending:
        print(
            f"lectern: {pending} recent change{'' if pending == 1 else 's'} {'is' if pending == 1 else 'are'} not"
            f" searchable yet ({why}); the count below is of what is indexed",
            file=sys.stderr,
        )


def command_search(library: Library, arguments: argparse.Namespace) -> int:
    from index.search import IndexUnavailable, QueryError

    if arguments.color is not None and not arguments.tag:
        print("lectern: --color needs --tag (it colours the highlights --tag makes)", file=sys.stderr)
        return EXIT_USAGE
    if arguments.tag and (arguments.mentions or arguments.facets):
        print("lectern: --tag highlights every occurrence; it does not combine with --mentions or --facets",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    not_ready = _ready_to_search(library)
    if not_ready is not None:
        return not_ready
    try:
        if arguments.tag:
            return _autocode(library, arguments)
        limit, offset = max(0, arguments.limit), max(0, arguments.offset)
        if arguments.mentions:
            return _print_mentions(library, arguments, limit, offset)
        result = library.index.search(arguments.query, limit=limit, sort=arguments.sort, offset=offset)
        facets = library.index.facets(arguments.query) if arguments.facets else None
    except IndexUnavailable as error:  # found damaged just now: never a count from a partial index
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_FAILED
    except QueryError as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_BAD_QUERY
    if arguments.json:
        _print_json(result.to_json() | ({"facets": facets.to_json()} if facets is not None else {}))
        return EXIT_OK
    print(f"{result.total} mentions of {arguments.query}")
    for hit in result.hits:
        where = f"#{hit.document_id} {hit.title}"
        print(f"{hit.kind:<10} {where[:60]:<60} {hit.start}–{hit.end}")
    if facets is not None:
        _print_facets(facets)
    return EXIT_OK


def _print_mentions(library: Library, arguments: argparse.Namespace, limit: int, offset: int) -> int:
    """``search --mentions``: one page of occurrences in the articles' text (``--limit``/``--offset`` count
    mentions); only that page's hits are located, while ``total`` counts every mention (see app.mentions)."""
    from app.mentions import mention_page

    page = mention_page(
        library.index,
        lambda document_id: library.documents.get(document_id).text,
        arguments.query,
        limit=limit,
        offset=offset,
        sort=arguments.sort,
    )
    facets = library.index.facets(arguments.query) if arguments.facets else None  # every hit, as without --mentions
    if arguments.json:
        _print_json(page.to_json() | ({"facets": facets.to_json()} if facets is not None else {}))
        return EXIT_OK
    for mention in page.mentions:
        print(json.dumps(mention.to_json(), ensure_ascii=False))
    if facets is not None:
        print(json.dumps({"facets": facets.to_json()}, ensure_ascii=False))
    return EXIT_OK


def _print_facets(facets: Facets) -> None:
    sections: list[tuple[str, list[tuple[str, int]]]] = [
        ("Tags", facets.tags),
        ("Colours", facets.colors),
        ("Articles", [(f"#{document_id} {title}"[:60], count) for document_id, title, count in facets.articles]),
        ("Years", [(str(year), count) for year, count in facets.years]),
    ]
    for heading, rows in sections:
        print(f"\n{heading}:")
        for name, count in rows:
            print(f"  {name:<60} {count:>6}")
        if not rows:
            print("  (none)")


def _autocode(library: Library, arguments: argparse.Namespace) -> int:
    report = library.annotations.autocode(
        arguments.query, tags=arguments.tag, color=arguments.color or HIGHLIGHT_COLORS[0]
    ).value
    _index_after_write(library)
    if arguments.json:
        _print_json(report.to_json())
    else:
        print(
            f"highlighted {report.created} occurrence{'' if report.created == 1 else 's'} in {report.documents} "
            f"article{'' if report.documents == 1 else 's'}; {report.skipped} already tagged"
        )
    return EXIT_OK


def command_reindex(library: Library, arguments: argparse.Namespace) -> int:
    rebuilt = library.index.rebuild()
    if arguments.json:
        _print_json(rebuilt.to_json())
    else:
        print(
            f"rebuilt the search index: {rebuilt.documents} article{'' if rebuilt.documents == 1 else 's'},"
            f" {rebuilt.highlights} highlight{'' if rebuilt.highlights == 1 else 's'} in {rebuilt.seconds:.2f} s"
        )
    return EXIT_OK


def command_import_annotations(library: Library, arguments: argparse.Namespace) -> int:
    """Exit 0 when the file was read (even with orphans or unmatched annotations), 1 when it could not be."""
    from app.annotation_import import AnnotationFileUnreadable

    try:
        report = library.annotation_imports.import_file(arguments.file).value
    except AnnotationFileUnreadable as error:
        if arguments.json:
            _print_json({"path": str(arguments.file), "error": str(error)})
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_FAILED
    _index_after_write(library)
    if arguments.json:
        _print_json(report.to_json())
        return EXIT_OK
    print(report.summary())
    for problem in report.problems:
        where = f" on #{problem.document_id}" if problem.document_id is not None else ""
        quote = f" “{problem.exact}”" if problem.exact else ""
        print(f"{problem.status} {problem.label}{where}{quote}: {problem.reason}")
    if report.problems_left_out:
        print(f"… and {report.problems_left_out} more (see --json)")
    return EXIT_OK


def command_export(library: Library, arguments: argparse.Namespace) -> int:
    from app.exports.options import ExportOptions
    from app.exports.scope import ExportScope
    from index.search import QueryError

    if arguments.mentions and arguments.query is None and arguments.saved is None:
        print("lectern: --mentions needs --query or --saved (a mention is an occurrence of a search)", file=sys.stderr)
        return EXIT_USAGE
    if arguments.excel and arguments.format != "csv":
        print("lectern: --excel is for --format csv (an XLSX file is always safe to open in Excel)", file=sys.stderr)
        return EXIT_USAGE
    scope = ExportScope(
        document_id=arguments.doc,
        tag=arguments.tag,
        query=arguments.query,
        saved=arguments.saved,
        mentions=arguments.mentions,
    )
    style = "" if arguments.style == "none" else arguments.style
    options = ExportOptions(arguments.format, style=style, group=arguments.group, excel=arguments.excel)
    library.index.flush()
    try:
        with terminal_progress("exporting", unit="article") as progress:
            report = library.exports.export(
                scope,
                options,
                arguments.output,
                None if progress is None else lambda done, total: progress(done, total, arguments.output),
            )
    except QueryError as error:
        print(f"lectern: {error}", file=sys.stderr)
        return EXIT_BAD_QUERY
    if arguments.json:
        _print_json(report.to_json())
    else:
        mentions = f" and {report.mentions} mention{'' if report.mentions == 1 else 's'}" if report.mentions else ""
        print(
            f"exported {report.highlights} highlight{'' if report.highlights == 1 else 's'}{mentions} from"
            f" {report.articles} article{'' if report.articles == 1 else 's'} to {report.path}"
            f" ({report.bytes:,} bytes, {report.seconds:.2f} s)"
        )
    return EXIT_OK


def command_cite(library: Library, arguments: argparse.Namespace) -> int:
    citation = library.exports.cite(arguments.annotation_id, arguments.style)
    if arguments.json:
        _print_json(
            {
                "id": arguments.annotation_id,
                "style": arguments.style,
                "text": citation.text,
                "html": citation.html,
                "markdown": citation.markdown,
            }
        )
    else:
        print(citation.text)
    return EXIT_OK


def command_backup(library: Library, arguments: argparse.Namespace) -> int:
    with terminal_progress("backing up", unit="%") as progress:
        report = library.backups.create(
            arguments.output,
            None if progress is None else lambda fraction: progress(round(fraction * 100), 100, arguments.output),
        )
    if arguments.json:
        _print_json(report.to_json())
    else:
        counts = report.manifest.counts
        print(
            f"backed up {counts.articles} article{'' if counts.articles == 1 else 's'},"
            f" {counts.highlights} highlight{'' if counts.highlights == 1 else 's'}, {counts.tags} tags and"
            f" {counts.saved_searches} saved searches to {report.path} ({report.bytes:,} bytes, {report.seconds:.2f} s)"
        )
    return EXIT_OK


def command_restore(data_dir: Path, arguments: argparse.Namespace) -> int:
    """Verify the backup, keep the current library aside, put the backup in its place, rebuild the index.

    Refused while a Lectern window has the library open (it would go on writing to the old file)."""
    from app import Library
    from app.backups import restore_library
    from app.instance_lock import InstanceLock

    lock = InstanceLock(data_dir)
    if not lock.acquire():
        print(f"lectern: a Lectern window has the library in {data_dir} open; close it, then restore",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    try:
        try:
            report = restore_library(data_dir, arguments.file)
        except LecternError as error:
            print(f"lectern: {error}", file=sys.stderr)
            return EXIT_FAILED
        library = Library(data_dir, background=False)
        try:
            rebuilt = library.index.rebuild()
        finally:
            library.close()
    finally:
        lock.release()
    if arguments.json:
        _print_json(report.to_json() | {"index_seconds": round(rebuilt.seconds, 3)})
    else:
        counts = report.manifest.counts
        kept = f"; the library that was there is kept in {report.replaced}" if report.replaced else ""
        print(
            f"restored {counts.articles} articles, {counts.highlights} highlights, {counts.tags} tags and"
            f" {counts.saved_searches} saved searches from {report.path} (made {report.manifest.created}){kept};"
            f" rebuilt the search index in {rebuilt.seconds:.2f} s"
        )
    return EXIT_OK


def command_backups(data_dir: Path, arguments: argparse.Namespace) -> int:
    from app.backups import list_backups

    entries = list_backups(data_dir)
    if arguments.json:
        _print_json([entry.to_json() for entry in entries])
        return EXIT_OK
    if not entries:
        print(f"no automatic backups yet in {data_dir / 'backups'}")
    for entry in entries:
        row = entry.to_json()
        state = "" if entry.verified else "  NOT USABLE"
        print(f"{row['created']}  {entry.reason:<16} {entry.size / 1e6:8.1f} MB  {row['articles']:>6} articles"
              f"  {row['highlights']:>7} highlights  {entry.path}{state}")  # fmt: skip
    return EXIT_OK


CLOSED_LIBRARY_COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "restore": command_restore,
    "backups": command_backups,
}

COMMANDS = {
    "import": command_import,
    "import-annotations": command_import_annotations,
    "list": command_list,
    "show": command_show,
    "annotate": command_annotate,
    "annotation": command_annotation,
    "tags": command_tags,
    "search": command_search,
    "reindex": command_reindex,
    "export": command_export,
    "cite": command_cite,
    "backup": command_backup,
}

if __name__ == "__main__":
    sys.exit(main())
