"""Reports over the library's highlights: tag frequency, co-occurrence, the tag × article matrix, timelines."""

from app.reports.part import REPORTS, Reports, table
from app.reports.scope import ReportScope
from app.reports.timeline import TimelineSubject

__all__ = ["REPORTS", "ReportScope", "Reports", "TimelineSubject", "table"]
