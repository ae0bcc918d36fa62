"""The query language: stemming for plain words, exact quotes, exclusion and requirement."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from index.library import Library

WriteFile = Callable[[str, str | bytes], Path]

ARTICLE = (
    "# Enforcement notes\n\nThe sanctions were sanctioned in May. One sanction bit hard; sanctioning continues.\n"
    "\nA separate paragraph on grid resilience.\n"
)
OTHER = "# Grid memo\n\nGrid resilience without any of the s-word.\n"


@pytest.fixture
def searched(library: Library, write_file: WriteFile) -> Callable[[str], list[str]]:
    library.import_paths([write_file("enforcement.md", ARTICLE), write_file("grid.md", OTHER)])
    library.flush_index()

    def run(query: str) -> list[str]:
        return [
            library.document(hit.document_id).text[hit.start : hit.end] if hit.end > hit.start else hit.title
            for hit in library.search(query, limit=None).hits
        ]

    return run


def test_a_plain_word_finds_every_form_of_it(searched: Callable[[str], list[str]]) -> None:
    assert searched("sanction") == ["sanctions", "sanctioned", "sanction", "sanctioning"]


def test_a_quoted_word_or_phrase_stays_exact(searched: Callable[[str], list[str]]) -> None:
    assert searched('"sanction"') == ["sanction"]
    assert searched('"sanctions were"') == ["sanctions were"]
    assert searched('"sanction were"') == []


def test_minus_excludes_and_plus_requires(searched: Callable[[str], list[str]]) -> None:
    assert searched("resilience") == ["resilience", "resilience"]
    assert searched("resilience -sanctions") == ["resilience"]  # only the grid memo
    assert searched("+grid +sanction") == ["sanctions", "sanctioned", "sanction", "sanctioning", "grid"]
