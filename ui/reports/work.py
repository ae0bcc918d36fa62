"""What the Reports window asks for, and the work a worker does for it: run the report, draw its chart.

Qt-free: a ``ReportRequest`` goes to a pool thread, a ``ReportResult`` comes back (rows, their table, the
chart's pixels). A theme switch only redraws (``redraw``), reusing the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from app import Library
from app.reports import ReportScope, TimelineSubject, table
from app.reports.tables import ReportTable
from ui.charts import ChartStyle
from ui.reports.charts import ChartPicture, build_figure, render
from ui.reports.queries import ScopeFilter, Subject


@dataclass(frozen=True)
class ReportRequest:
    kind: str  # "tags", "cooccurrence", "matrix", "timeline"
    scope: ReportScope = ReportScope()
    within: str = "highlight"  # co-occurrence: "highlight" or "paragraph"
    subject: Subject | None = None  # timeline only
    by: str = "month"
    stack: str | None = None  # "tag" or "stance"


@dataclass(frozen=True)
class ReportResult:
    request: ReportRequest
    rows: Sequence[object]
    table: ReportTable
    picture: ChartPicture
    scope_filter: ScopeFilter = ScopeFilter()  # narrows a clicked row's search to the scope
    parents: frozenset[str] = frozenset()  # tags with tags below them (``app.reports.clicks``)


def run_report(library: Library, request: ReportRequest, style: ChartStyle) -> ReportResult:
    """On a worker: the report's rows, its table and its chart (raises QueryError, InvalidScope, NotFound)."""
    reports, scope = library.reports, request.scope
    about = ""
    if request.kind == "tags":
        rows: Sequence[object] = reports.tags(scope)
    elif request.kind == "cooccurrence":
        rows = reports.cooccurrence(scope, request.within)
    elif request.kind == "matrix":
        rows = reports.matrix(scope)
    else:
        subject = request.subject or Subject()
        timeline_subject = TimelineSubject(query=subject.query, tag=subject.tag, claim_id=subject.claim_id)
        about = timeline_subject.describe()
        rows = reports.timeline(timeline_subject, scope, request.by, request.stack)
    report_table = table(request.kind, scope, rows, request.stack, about)  # type: ignore[arg-type]
    picture = _draw(request, rows, report_table, style)
    return ReportResult(request, rows, report_table, picture, reports.scope_filter(scope), reports.parent_tags())


def redraw(result: ReportResult, style: ChartStyle) -> ReportResult:
    """On a worker: the same report drawn in another theme."""
    return replace(result, picture=_draw(result.request, result.rows, result.table, style))


def _draw(request: ReportRequest, rows: Sequence[object], report_table: ReportTable, style: ChartStyle) -> ChartPicture:
    title = f"{report_table.title} — {report_table.scope}"
    return render(request.kind, build_figure(request.kind, rows, style, by=request.by, title=title))
