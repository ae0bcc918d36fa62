"""``search`` (with ``--mentions``, ``--facets``, ``--one-per-story`` or ``--tag`` to highlight every occurrence)
and ``reindex``. Counts say how many distinct stories the articles hit tell when copies are among them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from annotations.models import HIGHLIGHT_COLORS
from ui.cli.output import (
    EXIT_BAD_QUERY,
    EXIT_OK,
    EXIT_USAGE,
    answer,
    counted,
    fail,
    index_after_write,
    note,
    print_json,
)
from ui.cli.search_ready import ready_to_search

if TYPE_CHECKING:
    from app import Library
    from app.mentions import MentionCount
    from app.stories import StoryCount
    from index.facets import Facets
    from index.search import SearchResult


def command_search(library: Library, arguments: argparse.Namespace) -> int:
    from index.search import IndexUnavailable, QueryError

    if arguments.color is not None and not arguments.tag:
        return fail("--color needs --tag (it colours the highlights --tag makes)", EXIT_USAGE)
    if arguments.tag and (arguments.mentions or arguments.facets):
        return fail("--tag highlights every occurrence; it does not combine with --mentions or --facets", EXIT_USAGE)
    if arguments.tag and arguments.one_per_story:
        return fail(
            "--tag highlights every occurrence, in every copy; it does not combine with --one-per-story", EXIT_USAGE
        )
    not_ready = ready_to_search(library)
    if not_ready is not None:
        return not_ready
    try:
        if arguments.tag:
            return _autocode(library, arguments)
        limit, offset = max(0, arguments.limit), max(0, arguments.offset)
        if arguments.mentions:
            return _print_mentions(library, arguments, limit, offset)
        result, stories, headline = _search(library, arguments, limit, offset)
        facets = library.index.facets(arguments.query) if arguments.facets else None
    except IndexUnavailable as error:  # found damaged just now: never a count from a partial index
        return fail(str(error))
    except QueryError as error:
        return fail(str(error), EXIT_BAD_QUERY)
    if arguments.json:
        print_json(result.to_json() | stories | ({"facets": facets.to_json()} if facets is not None else {}))
        return EXIT_OK
    print(headline)
    for hit in result.hits:
        where = f"#{hit.document_id} {hit.title}"
        print(f"{hit.kind:<10} {where[:60]:<60} {hit.start}–{hit.end}")
    if facets is not None:
        _print_facets(facets)
    return EXIT_OK


def _search(
    library: Library, arguments: argparse.Namespace, limit: int, offset: int
) -> tuple[SearchResult, dict[str, object], str]:
    """A page of hits (each story's copies folded away with ``--one-per-story``), what ``--json`` says of
    their articles and stories, and the headline: "12 mentions of X in 5 articles (3 distinct stories)"
    (the stories only when a copy is among the articles)."""
    query, sort = arguments.query, arguments.sort
    if arguments.one_per_story:
        folded = library.index.story_folds.search(query, limit=limit, sort=sort, offset=offset)
        stories = folded.story_json()
        return folded, stories, f"{folded.total} mentions of {query}" + _folded_words(stories, "mention")
    result = library.index.search(query, limit=limit, sort=sort, offset=offset)
    headline = f"{result.total} mentions of {query}"  # counted first: the story count reuses the counts
    if not arguments.json and not library.index.has_copies():  # every article its own story: nothing to add
        return result, {}, headline
    count = library.index.story_count(query)
    return result, count.to_json(), headline + _in_articles(count)


def _in_articles(count: StoryCount) -> str:
    from app.stories import stories_text

    return f" in {counted(count.articles, 'article')}{stories_text(count)}" if count.copies else ""


def _folded_words(stories: dict[str, object], unit: str) -> str:
    """The words after a total that say what folding left and took: " in 4 articles, one per story (2 copies
    folded away, with 5 mentions)"."""
    copies, hits = int(stories["folded_copies"]), int(stories.get("folded_hits", stories.get("folded_mentions", 0)))
    folded = f"{copies} cop{'y' if copies == 1 else 'ies'} folded away, with {counted(hits, unit)}"
    return f" in {counted(int(stories['articles']), 'article')}, one per story ({folded})"


def _print_mentions(library: Library, arguments: argparse.Namespace, limit: int, offset: int) -> int:
    """``search --mentions``: one page of occurrences in the articles' text (``--limit``/``--offset`` count
    mentions); only that page's hits are located, while ``total`` counts every mention (see app.mentions)."""
    from app.mentions import mention_page

    text_of = lambda document_id: library.documents.get(document_id).text  # noqa: E731
    one_per_story = arguments.one_per_story
    page = mention_page(
        library.index,
        text_of,
        arguments.query,
        limit=limit,
        offset=offset,
        sort=arguments.sort,
        one_per_story=one_per_story,
    )
    facets = library.index.facets(arguments.query) if arguments.facets else None  # every hit, as without --mentions
    if arguments.json:
        document = page.to_json()  # the total first: counting the stories reuses its counts
        print_json(
            document | page.counts().story_json(one_per_story) | ({"facets": facets.to_json()} if facets else {})
        )
        return EXIT_OK
    for mention in page.mentions:
        print(json.dumps(mention.to_json(), ensure_ascii=False))
    if facets is not None:
        print(json.dumps({"facets": facets.to_json()}, ensure_ascii=False))
    if sys.stderr.isatty():  # for a person (counting every mention takes a moment); a script asks --json
        sys.stdout.flush()
        note(_mention_count_line(page.counts(), one_per_story))  # stdout stays one JSON object per line
    return EXIT_OK


def _mention_count_line(count: MentionCount, one_per_story: bool) -> str:
    """The count under every mention: "38 mentions in 12 articles (7 distinct stories)", or with
    ``--one-per-story`` what was folded away."""
    from app.stories import StoryCount, stories_text

    if one_per_story:
        return f"{counted(count.total, 'mention')}" + _folded_words(count.story_json(True), "mention")
    stories = stories_text(StoryCount(count.articles, count.stories, count.copies))
    return f"{counted(count.total, 'mention')} in {counted(count.articles, 'article')}{stories}"


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
