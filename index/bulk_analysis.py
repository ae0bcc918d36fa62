"""Import workers that also analyse each article for the index, so the one index writer only files postings.

Tokenising and encoding word positions is about half of Whoosh's indexing cost; done in the worker
processes that parse the files, it runs in parallel instead of in the writer thread.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from pathlib import Path

from annotations.importers.parallel import ParseResult, parse_one
from index.schema import Postings, analyze_text


@dataclass(frozen=True)
class TextAnalysis:
    """The postings of a text, with a checksum so they are only ever used for that exact text."""

    checksum: int
    postings: Postings
    stem_postings: Postings

    def fits(self, text: str) -> bool:
        return text_checksum(text) == self.checksum


def text_checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def parse_and_analyze(path: Path) -> ParseResult:
    """``parse_one``, plus the article text's postings in ``extra`` (a TextAnalysis)."""
    result = parse_one(path)
    if result.parsed is None:
        return result
    text = result.parsed.text
    return replace(result, extra=TextAnalysis(text_checksum(text), *analyze_text(text)))
