"""``export``, ``cite`` and ``import-annotations``: highlights out to files and citations, and back in."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import (
    EXIT_BAD_QUERY,
    EXIT_OK,
    EXIT_USAGE,
    answer,
    counted,
    fail,
    index_after_write,
    print_json,
    terminal_progress,
)

if TYPE_CHECKING:
    from app import Library


def command_export(library: Library, arguments: argparse.Namespace) -> int:
    from app.exports.options import ExportOptions
    from app.exports.scope import ExportScope
    from index.search import QueryError

    if arguments.mentions and arguments.query is None and arguments.saved is None:
        return fail("--mentions needs --query or --saved (a mention is an occurrence of a search)", EXIT_USAGE)
    if arguments.excel and arguments.format != "csv":
        return fail("--excel is for --format csv (an XLSX file is always safe to open in Excel)", EXIT_USAGE)
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
        return fail(str(error), EXIT_BAD_QUERY)
    mentions = f" and {counted(report.mentions, 'mention')}" if report.mentions else ""
    line = (
        f"exported {counted(report.highlights, 'highlight')}{mentions} from {counted(report.articles, 'article')}"
        f" to {report.path} ({report.bytes:,} bytes, {report.seconds:.2f} s)"
    )
    return answer(arguments.json, report.to_json(), line)


def command_cite(library: Library, arguments: argparse.Namespace) -> int:
    citation = library.exports.cite(arguments.annotation_id, arguments.style)
    value = {
        "id": arguments.annotation_id,
        "style": arguments.style,
        "text": citation.text,
        "html": citation.html,
        "markdown": citation.markdown,
    }
    return answer(arguments.json, value, citation.text)


def command_import_annotations(library: Library, arguments: argparse.Namespace) -> int:
    """Exit 0 when the file was read (even with orphans or unmatched annotations), 1 when it could not be."""
    from app.annotation_import import AnnotationFileUnreadable

    try:
        report = library.annotation_imports.import_file(arguments.file).value
    except AnnotationFileUnreadable as error:
        if arguments.json:
            print_json({"path": str(arguments.file), "error": str(error)})
        return fail(str(error))
    index_after_write(library)
    if arguments.json:
        print_json(report.to_json())
        return EXIT_OK
    print(report.summary())
    for problem in report.problems:
        where = f" on #{problem.document_id}" if problem.document_id is not None else ""
        quote = f" “{problem.exact}”" if problem.exact else ""
        print(f"{problem.status} {problem.label}{where}{quote}: {problem.reason}")
    if report.problems_left_out:
        print(f"… and {report.problems_left_out} more (see --json)")
    return EXIT_OK
