"""The grammar of ``report …``: tags, cooccurrence, matrix and timeline, each over a scope; loads nothing heavy.

The choices are app.reports' (``cooccurrence.WITHIN``, ``periods.BY``, ``timeline.STACKS``), spelled out so
that parsing argv imports no ``app/``; a test checks them against those.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import _SubParsersAction

    Subparsers = _SubParsersAction[argparse.ArgumentParser]

REPORT_WITHIN = ("highlight", "paragraph")
REPORT_BY = ("month", "year")
REPORT_STACKS = ("tag", "stance")

_SCOPE = (
    "Scope (whole library by default; one of): --saved NAME, the articles a saved search finds and every highlight"
    " in them; --query Q, the same for a query; --tag T, the highlights tagged T or a tag below it."
)


def add_report_commands(commands: Subparsers) -> None:
    report = commands.add_parser(
        "report", help="count tags, tag pairs, tags per article, or mentions over time", description=_SCOPE
    )
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    tags = kinds.add_parser(
        "tags",
        help="highlights and articles per tag, with branch totals",
        description='Rows {"tag", "highlights", "articles", "branch"}: a tag\'s own highlights, and for a tag with'
        ' tags below it (region for region/iran) a branch total ("branch": true) counting each highlight once. '
        + _SCOPE,
    )
    pairs = kinds.add_parser(
        "cooccurrence",
        help="pairs of tags on one highlight or in one paragraph",
        description='Rows {"a", "b", "highlights"}, a < b, each pair once. With --within highlight, "highlights"'
        " is the number of highlights carrying both tags; with --within paragraph, the number of paragraphs (blocks"
        " of the reader: lines of the article's text) in which both tags occur, on one highlight or two. " + _SCOPE,
    )
    pairs.add_argument("--within", choices=REPORT_WITHIN, default="highlight", help="(default highlight)")
    matrix = kinds.add_parser(
        "matrix",
        help="highlights per tag and article",
        description='Rows {"tag", "document_id", "title", "highlights"}, one per tag and article with at least one'
        " highlight (a spreadsheet's pivot table makes the grid of them). " + _SCOPE,
    )
    timeline = kinds.add_parser(
        "timeline",
        help="mentions of a query, a tag or a claim's evidence by publication month or year",
        description='Rows {"period", "mentions", "articles"}: period "2024-09" or "2024" (an article dated only by'
        ' its year), "undated" for articles without a readable date. QUERY: every mention in the articles\' text,'
        " as search --mentions counts them; --of-tag T: the highlights tagged T or below it; --claim ID: the"
        ' claim\'s evidence. --stack adds "series": the counts per tag (--of-tag) or per stance (--claim).'
        " Inside a scope, only the scope's articles count. " + _SCOPE,
    )
    timeline.add_argument("query", nargs="?", metavar="QUERY", help="count every mention of QUERY (the query language)")
    subject = timeline.add_mutually_exclusive_group()
    subject.add_argument("--of-tag", metavar="TAG", help="the highlights tagged TAG (or a tag below it) over time")
    subject.add_argument("--claim", type=int, metavar="ID", help="a claim's evidence over time")
    timeline.add_argument("--by", choices=REPORT_BY, default="month", help="(default month)")
    timeline.add_argument("--stack", choices=REPORT_STACKS, help="split each period's count by tag or by stance")
    timeline.add_argument("--png", type=Path, metavar="FILE", help="also draw the timeline as a PNG chart")
    timeline.add_argument("--svg", type=Path, metavar="FILE", help="also draw the timeline as an SVG chart")
    for kind in (tags, pairs, matrix, timeline):
        scope = kind.add_mutually_exclusive_group()
        scope.add_argument("--saved", metavar="NAME", help="the scope: a saved search")
        scope.add_argument("--query", dest="scope_query", metavar="Q", help="the scope: a query")
        scope.add_argument("--tag", metavar="T", help="the scope: a tag (with the tags below it)")
        kind.add_argument("--csv", type=Path, metavar="FILE", help="also write the rows as CSV (UTF-8)")
        kind.add_argument("--markdown", type=Path, metavar="FILE", help="also write the rows as a Markdown table")
        kind.add_argument("--json", action="store_true", help="print the rows as JSON")
