"""The search a report's row stands for: kept in ``app.reports.clicks`` (Qt-free, held against the counts by
the core tests); named here for the window and the charts."""

from __future__ import annotations

from app.reports.clicks import ScopeFilter, Subject, quoted, row_query, tag_term

__all__ = ["ScopeFilter", "Subject", "quoted", "row_query", "tag_term"]
