"""``search`` (with ``--mentions``, ``--facets`` or ``--tag`` to highlight every occurrence) and ``reindex``."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from annotations.models import HIGHLIGHT_COLORS
from ui.cli.output import EXIT_BAD_QUERY, EXIT_OK, EXIT_USAGE, answer, counted, fail, index_after_write, print_json
from ui.cli.search_ready import ready_to_search

if TYPE_CHECKING:
    from app import Library
    from index.facets import Facets


def command_search(library: Library, arguments: argparse.Namespace) -> int:
    from index.search import IndexUnavailable, QueryError

    if arguments.color is not None and not arguments.tag:
        return fail("--color needs --tag (it colours the highlights --tag makes)", EXIT_USAGE)
    if arguments.tag and (arguments.mentions or arguments.facets):
        return fail("--tag highlights every occurrence; it does not combine with --mentions or --facets", EXIT_USAGE)
    not_ready = ready_to_search(library)
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
        return fail(str(error))
    except QueryError as error:
        return fail(str(error), EXIT_BAD_QUERY)
    if arguments.json:
        print_json(result.to_json() | ({"facets": facets.to_json()} if facets is not None else {}))
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
        print_json(page.to_json() | ({"facets": facets.to_json()} if facets is not None else {}))
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
    index_after_write(library)
    line = (
        f"highlighted {counted(report.created, 'occurrence')} in {counted(report.documents, 'article')};"
        f" {report.skipped} already tagged"
    )
    return answer(arguments.json, report.to_json(), line)


def command_reindex(library: Library, arguments: argparse.Namespace) -> int:
    rebuilt = library.index.rebuild()
    line = (
        f"rebuilt the search index: {counted(rebuilt.documents, 'article')},"
        f" {counted(rebuilt.highlights, 'highlight')} in {rebuilt.seconds:.2f} s"
    )
    return answer(arguments.json, rebuilt.to_json(), line)
