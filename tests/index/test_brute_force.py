"""The brute-force oracle itself (``index/brute_force.py``): what it counts as a mention, and what not.

The search is checked against this scan (test_search_truth, test_search), so the scan gets checked
on hand-written text whose answer is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from index.brute_force import (
    PHRASES,
    Truth,
    brute_force_spans,
    compare,
    expected_mentions,
    found_mentions,
    generate_articles,
)


def matches(text: str, phrase: str) -> list[str]:
    return [text[start:end] for start, end in brute_force_spans(text, phrase)]


def test_the_scan_counts_real_forms_and_skips_near_misses() -> None:
    text = "Air-Defense support; AIR DEFENSE\nSUPPORT. air defense supports, air defense support's, air.defense support"
    assert matches(text, "air defense support") == ["Air-Defense support", "AIR DEFENSE\nSUPPORT"]


@pytest.mark.parametrize(
    "text",
    [
        "air defense support",
        "Air Defense Support",
        "AIR-DEFENSE-SUPPORT",
        "air  defense\tsupport",
        "air defense\n\nsupport",
        "air — defense, support",
        "(air defense support)",
        "“air defense support”",
        "'air defense support'",  # quotes at the edges are punctuation, not part of a word
        "air defense support.",
    ],
)
def test_forms_that_count(text: str) -> None:
    [found] = matches(text, "air defense support")
    assert found.lower().startswith("air") and found.lower().endswith("support")


@pytest.mark.parametrize(
    "text",
    [
        "air defense supports",
        "air defense supporting",
        "xair defense support",
        "air defense support's",
        "air defense support’s",
        "air.defense support",
        "l'air defense support",  # "l'air" is one word
        "air defense",
        "air support defense",
        "airdefense support",
    ],
)
def test_near_misses_that_do_not_count(text: str) -> None:
    assert matches(text, "air defense support") == []


def test_offsets_are_exact_in_text_order_and_do_not_overlap() -> None:
    text = "The the THE. Then other; the"
    assert brute_force_spans(text, "the") == [(0, 3), (4, 7), (8, 11), (25, 28)]
    assert brute_force_spans("dual use, dual-use and DUAL\nUSE", "dual-use") == [(0, 8), (10, 18), (23, 31)]
    assert brute_force_spans("nothing here", "sanctions") == []


def test_expected_and_found_mentions_and_their_comparison() -> None:
    texts = [(1, "Spare parts; spare-parts."), (2, "No mention."), (3, "SPARE PARTS")]
    expected = expected_mentions(texts, "spare parts")
    assert expected == {(1, 0, 11), (1, 13, 24), (3, 0, 11)}

    @dataclass
    class FakeHit:
        kind: str
        document_id: int
        start: int
        end: int

    hits = [
        FakeHit("article", 1, 0, 11),
        FakeHit("annotation", 1, 13, 24),  # a highlight repeats an occurrence: no mention of its own
        FakeHit("article", 2, 0, 0),  # matched by its title only: no place in the text
        FakeHit("article", 3, 0, 11),
        FakeHit("article", 3, 4, 9),  # a wrong span
    ]
    found = found_mentions(hits)
    assert found == {(1, 0, 11), (3, 0, 11), (3, 4, 9)}
    truth = compare("spare parts", expected, found)
    assert truth == Truth("spare parts", expected=3, found=3, correct=2)
    assert truth.recall == pytest.approx(2 / 3) and truth.precision == pytest.approx(2 / 3)
    assert compare("x", set(), set()).recall == compare("x", set(), set()).precision == 1.0


def test_generated_articles_are_repeatable_and_use_every_phrase(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    paths = generate_articles(first, 12)
    generate_articles(second, 12)
    assert [path.name for path in paths] == [f"generated-{number:04d}.md" for number in range(12)]
    texts = [path.read_text(encoding="utf-8") for path in paths]
    assert texts == [(second / path.name).read_text(encoding="utf-8") for path in paths]
    corpus = "\n".join(texts)
    for phrase in PHRASES:
        assert brute_force_spans(corpus, phrase), phrase
