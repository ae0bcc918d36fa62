"""``report tags|cooccurrence|matrix|timeline``: the reports of ``library.reports`` as JSON rows or a table,
also written as CSV or Markdown (``--csv``, ``--markdown``) and a timeline drawn as PNG or SVG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_BAD_QUERY, EXIT_OK, EXIT_USAGE, counted, fail, note, print_json
from ui.cli.search_ready import ready_to_search

if TYPE_CHECKING:
    from app import Library
    from app.reports import ReportScope
    from app.reports.tables import ReportTable
    from app.reports.timeline import TimelineRow

_LONGEST_CELL = 48  # the terminal table cuts titles and tags past this; the files and JSON keep them whole


def command_report(library: Library, arguments: argparse.Namespace) -> int:
    from app.reports import ReportScope, TimelineSubject, table
    from index.search import IndexUnavailable, QueryError

    scope = ReportScope(saved=arguments.saved, query=arguments.scope_query, tag=arguments.tag)
    kind = arguments.report
    subject = None
    if kind == "timeline":
        subject = TimelineSubject(query=arguments.query, tag=arguments.of_tag, claim_id=arguments.claim)
        if sum(value is not None for value in (arguments.query, arguments.of_tag, arguments.claim)) != 1:
            return fail("report timeline needs one of: a QUERY, --of-tag TAG or --claim ID", EXIT_USAGE)
    if scope.saved is not None or scope.query is not None or (subject is not None and subject.query is not None):
        not_ready = ready_to_search(library)
        if not_ready is not None:
            return not_ready
    reports = library.reports
    try:
        if kind == "tags":
            rows: list = reports.tags(scope)
        elif kind == "cooccurrence":
            rows = reports.cooccurrence(scope, arguments.within)
        elif kind == "matrix":
            rows = reports.matrix(scope)
        else:
            assert subject is not None
            rows = reports.timeline(subject, scope, arguments.by, arguments.stack)
    except IndexUnavailable as error:
        return fail(str(error))
    except QueryError as error:
        return fail(str(error), EXIT_BAD_QUERY)
    stack = getattr(arguments, "stack", None)
    report_table = table(kind, scope, rows, stack, subject.describe() if subject is not None else "")
    written = _write_files(report_table, arguments)
    if kind == "timeline":
        written += _draw(rows, arguments, report_table.title)
    if arguments.json:
        print_json([row.to_json() for row in rows])
    else:
        _print_table(report_table, scope)
    for path in written:
        note(f"wrote {path}")
    return EXIT_OK


def _write_files(report_table: ReportTable, arguments: argparse.Namespace) -> list[Path]:
    from app.reports.tables import write_csv, write_markdown

    written = []
    if arguments.csv is not None:
        write_csv(report_table, arguments.csv)
        written.append(arguments.csv)
    if arguments.markdown is not None:
        write_markdown(report_table, arguments.markdown)
        written.append(arguments.markdown)
    return written


def _draw(rows: list[TimelineRow], arguments: argparse.Namespace, title: str) -> list[Path]:
    """The timeline as a chart in each file asked for (``ui.charts``, imported only then: matplotlib is slow)."""
    targets = [path for path in (arguments.png, arguments.svg) if path is not None]
    if not targets:
        return []
    from ui.charts import save, timeline_chart

    records = [row.to_json() for row in rows]
    names = list(rows[0].series) if rows and rows[0].series else []
    series = {name: [row.series.get(name, 0) for row in rows] for name in names} if names else None
    figure = timeline_chart(records, by=arguments.by, series=series, title=title)
    return [save(figure, path) for path in targets]


def _print_table(report_table: ReportTable, scope: ReportScope) -> None:
    """The rows as aligned columns under a headline ("Tag frequency — Whole library: 12 rows")."""
    print(f"{report_table.title} — {scope.describe()}: {counted(len(report_table.rows), 'row')}")
    if not report_table.rows:
        return
    cells = [[_shown(value) for value in row] for row in report_table.rows]
    widths = [max(len(name), *(len(row[n]) for row in cells)) for n, name in enumerate(report_table.columns)]
    numeric = [all(isinstance(row[n], int) for row in report_table.rows) for n in range(len(widths))]

    def line(values: list[str]) -> str:
        return "  ".join(
            value.rjust(width) if right else value.ljust(width)
            for value, width, right in zip(values, widths, numeric, strict=True)
        ).rstrip()

    print(line(list(report_table.columns)))
    for row in cells:
        print(line(row))


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    text = " ".join(str(value).split())
    return text if len(text) <= _LONGEST_CELL else text[: _LONGEST_CELL - 1] + "…"
