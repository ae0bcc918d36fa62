"""Every mention, checked against a brute-force scan of the canonical texts (benchmarks/search_truth.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from search_truth import PHRASES, brute_force_spans, build_library, measure  # noqa: E402

from app import Library  # noqa: E402


def test_the_scan_counts_real_forms_and_skips_near_misses() -> None:
    text = "Air-Defense support; AIR DEFENSE\nSUPPORT. air defense supports, air defense support's, air.defense support"
    assert [text[start:end] for start, end in brute_force_spans(text, "air defense support")] == [
        "Air-Defense support",
        "AIR DEFENSE\nSUPPORT",
    ]


@pytest.fixture(scope="module")
def truth_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = build_library(tmp_path_factory.mktemp("truth") / "data", articles=15)
    yield library
    library.close()


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_mention_equals_the_brute_force_scan(truth_library: Library, phrase: str) -> None:
    truth = measure(truth_library, phrase)
    assert truth.expected > 0
    assert (truth.recall, truth.precision) == (1.0, 1.0), truth
