"""A time budget for every query, so a pathological one is refused in words instead of freezing the panel.

Fuzzy terms and wildcards expand to many index terms, and a broad query may match most of the library;
Whoosh has no overall deadline. Lectern sets one per search call (a context variable, so threads and
nested calls do not share it) and checks it where the work grows: while a pattern expands to terms
(``CappedExpansion``), while Whoosh collects matching documents (``DeadlineCollector``) and while
mentions are located in the matching texts (``check_deadline``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from whoosh.collectors import Collector, WrappingCollector

from annotations.errors import LecternError

QUERY_SECONDS = 3.0  # one page of hits, or one article's mentions (F3)
COUNT_SECONDS = 10.0  # the total and the facets: every hit counted, off the GUI thread
BULK_QUERY_SECONDS = 30.0  # every hit at once ("Highlight all", saved searches and watches, exports)
TOO_BROAD = "This query is too broad to answer in time; try fewer wildcards or fuzzy terms."
_CHECK_EVERY = 256

_deadline: ContextVar[float | None] = ContextVar("lectern_query_deadline", default=None)


class QueryTooBroad(LecternError):
    """The query's budget ran out; the message says so in the user's words."""

    def __init__(self, message: str = TOO_BROAD) -> None:
        super().__init__(message)


@contextmanager
def query_budget(seconds: float = QUERY_SECONDS) -> Iterator[None]:
    """Run the enclosed search within ``seconds``; a budget already running (an outer call) is kept."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline() -> None:
    """Raise QueryTooBroad when the running query's budget is spent (no budget: never)."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTooBroad


def checked(items: Iterator[object], every: int = _CHECK_EVERY) -> Iterator[object]:
    """``items`` as they come, checking the deadline every ``every`` items."""
    for count, item in enumerate(items):
        if count % every == every - 1:
            check_deadline()
        yield item


class DeadlineCollector(WrappingCollector):
    """Whoosh's collector ``child``, stopped with QueryTooBroad when the budget runs out.

    Only ``matches`` is wrapped, so the child's block-quality skipping still applies."""

    def __init__(self, child: Collector) -> None:
        super().__init__(child)

    def matches(self) -> Iterator[int]:
        return checked(self.child.matches())  # type: ignore[return-value]
