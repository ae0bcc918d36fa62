"""Import workers that also analyse each article for the index, so the one index writer only files postings.

Tokenising and encoding word positions is about half of Whoosh's indexing cost; done in the worker
processes that parse the files, it runs in parallel instead of in the writer thread. The worker,
``parse_and_analyze``, returns an ``AnalyzedFile``: the parse as ``parse_one`` gives it, and the
text's postings (a ``TextAnalysis``) for ``IndexKeeper.remember_analysis``. Use it as

    for analyzed in parse_files(paths, cancelled, worker=parse_and_analyze, failed=AnalyzedFile):
        ...  # store analyzed.result; then keeper.remember_analysis(document_id, analyzed.analysis)

(``failed=AnalyzedFile`` reports a file whose worker crashed or ran out of time: no analysis).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from annotations.importers.parallel import ParseResult, parse_one
from index.schema import Postings, analyze_text


@dataclass(frozen=True)
class TextAnalysis:
    """The postings of a text, with a checksum so they are only ever used for that exact text."""

    checksum: int
    postings: Postings
    stem_postings: Postings
    language: str = ""  # the stems are this language's

    def fits(self, text: str, language: str) -> bool:
        return language == self.language and text_checksum(text) == self.checksum


@dataclass(frozen=True)
class AnalyzedFile:
    """One file's parse, and the postings of its text when it was parsed (else None)."""

    result: ParseResult
    analysis: TextAnalysis | None = None


def text_checksum(text: str) -> int:
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


def analyze(text: str, language: str = "") -> TextAnalysis:
    """The postings ``text`` is indexed with (its ``content`` and ``stem`` fields) in an article of ``language``."""
    return TextAnalysis(text_checksum(text), *analyze_text(text, language), language=language)


def parse_and_analyze(path: Path) -> AnalyzedFile:
    """``parse_one``, and the article text's postings."""
    result = parse_one(path)
    if result.parsed is None:
        return AnalyzedFile(result)
    return AnalyzedFile(result, analyze(result.parsed.text, result.parsed.language))
