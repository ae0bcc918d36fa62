"""What reading one PDF may cost, so a hostile or broken file is refused in seconds, not minutes.

A "PDF bomb" is a small file that costs a reader far more than its size: a content stream that
inflates a thousandfold, a page of millions of operators, thousands of pages sharing one stream,
objects nested a hundred thousand deep. Lectern bounds each of these:

- pypdf's own limits, tightened for text extraction (``pypdf_limits``): a stream may inflate to
  ``MAX_STREAM_BYTES`` and hold ``MAX_STREAM_TOKENS`` tokens. A real page of text needs a few
  hundred kB and some ten thousand tokens; a page that needs more is skipped, with a note in the
  text, rather than refusing a long report for one dense vector map.
- ``MAX_PAGES`` pages and ``MAX_TEXT_CHARS`` characters of text.
- Text in proportion to the file: real PDFs hold about 0.25 characters of text per byte (fonts,
  images), and even bare compressed text with no fonts embedded stays under 3.5; more than
  ``MAX_CHARS_PER_FILE_BYTE`` is an inflated stream repeated, not a document.
- Time with credit for progress (``ReadingBudget``): ``BASE_SECONDS`` of work, plus one second per
  ``CHARS_PER_SECOND`` characters of new text (at most ``MAX_CREDIT_PER_PAGE`` a page; a page that
  repeats an earlier one earns nothing). pypdf reads real documents at 50-100 thousand characters
  a second, so a 2,000-page report is never cut short, while a file that burns time without
  yielding new text is stopped within a few seconds.

Inside pypdf, one stream is parsed before any hook runs again; ``MAX_STREAM_TOKENS`` keeps that to
about a second, which is why ``BASE_SECONDS`` leaves room under the five seconds promised for bad input.
What is left is in proportion to the file: text is capped at a few characters per byte, so a file
crafted to dodge every rule above still costs at most about 60 µs per byte it holds.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 2_000
MAX_TEXT_CHARS = 5_000_000
MAX_CHARS_PER_FILE_BYTE = 4
MIN_TEXT_ALLOWANCE = 100_000  # chars any file may yield, however small
BASE_SECONDS = 2.5
CHARS_PER_SECOND = 20_000
MAX_CREDIT_PER_PAGE = 20_000  # chars; a dense page of small type holds under 10,000
MAX_STREAM_BYTES = 20 * 1024 * 1024
MAX_STREAM_TOKENS = 200_000

_PYPDF_LIMITS = {
    "zlib_maximum_output_length": MAX_STREAM_BYTES,
    "lzw_maximum_output_length": MAX_STREAM_BYTES,
    "run_length_maximum_output_length": MAX_STREAM_BYTES,
    "brotli_maximum_output_length": MAX_STREAM_BYTES,
    "array_based_stream_maximum_output_length": MAX_STREAM_BYTES,
    "maximum_declared_stream_length": MAX_PDF_BYTES,
    "stream_decoding_work_maximum_length": 5 * MAX_STREAM_BYTES,
    "stream_parsing_work_maximum_count": MAX_STREAM_TOKENS,
    "page_tree_maximum_entries": 3 * MAX_PAGES,  # pages and the nodes above them
    "xmp_maximum_input_length": 1024 * 1024,
}


class BudgetExceeded(Exception):
    """Reading went past a limit; the message says which, for a user."""


@contextmanager
def pypdf_limits() -> Iterator[None]:
    """pypdf's resource limits tightened for text extraction, for this thread only.

    pypdf releases without ``apply_configuration`` (before 6.x) keep their built-in limits.
    """
    import pypdf  # here, not at the top: this module's limits are read at start-up, pypdf is not needed then

    apply = getattr(pypdf, "apply_configuration", None)
    configuration = getattr(pypdf, "Configuration", None)
    if apply is None or configuration is None:
        yield
        return
    known = {field.name for field in dataclasses.fields(configuration)}
    with apply(**{key: value for key, value in _PYPDF_LIMITS.items() if key in known}):
        yield


class ReadingBudget:
    """Time and text allowed for one PDF of ``file_bytes`` bytes; its checks raise BudgetExceeded past them."""

    def __init__(self, file_bytes: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()
        self.chars = 0
        self.max_chars = min(MAX_TEXT_CHARS, max(MIN_TEXT_ALLOWANCE, MAX_CHARS_PER_FILE_BYTE * file_bytes))
        self._credited = 0
        self._page_chars = 0
        self._pages_seen: set[int] = set()

    def add_text(self, count: int) -> None:
        """Count ``count`` characters read on the current page."""
        self.chars += count
        self._page_chars += count
        if self.chars <= self.max_chars:
            return
        if self.max_chars == MAX_TEXT_CHARS:
            raise BudgetExceeded(f"more than {MAX_TEXT_CHARS:,} characters of text (Lectern's limit)")
        raise BudgetExceeded("far more text than a file of its size can hold (a PDF bomb?)")

    def end_page(self, fingerprint: int) -> None:
        """Credit the page's text towards time, unless a page with the same ``fingerprint`` came before."""
        if fingerprint not in self._pages_seen:
            self._pages_seen.add(fingerprint)
            self._credited += min(self._page_chars, MAX_CREDIT_PER_PAGE)
        self._page_chars = 0

    def check_time(self) -> None:
        elapsed = self._clock() - self._started
        if elapsed > BASE_SECONDS + self._credited / CHARS_PER_SECOND:
            raise BudgetExceeded(
                f"reading stopped after {elapsed:.0f} s with little new text found (a damaged or hostile PDF?)"
            )
