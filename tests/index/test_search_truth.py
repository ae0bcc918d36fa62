"""Every mention, checked against a brute-force scan of the canonical texts (``index/brute_force.py``).

``benchmarks/search_truth.py`` runs the same comparison on a larger generated library and prints a table.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app import Library
from index.brute_force import PHRASES, compare, expected_mentions, found_mentions, generate_articles

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture(scope="module")
def truth_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """The sample articles and 15 generated ones (every phrase in real forms and near misses)."""
    root = tmp_path_factory.mktemp("truth")
    generated = root / "generated"
    generated.mkdir()
    generate_articles(generated, 15)
    library = Library(root / "data", background=False)
    library.documents.import_paths([SAMPLES, generated])
    library.index.flush()
    yield library
    library.close()


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_mention_equals_the_brute_force_scan(truth_library: Library, phrase: str) -> None:
    documents = [truth_library.documents.get(summary.id) for summary in truth_library.documents.summaries()]
    expected = expected_mentions(((document.id, document.text) for document in documents), phrase)
    found = found_mentions(truth_library.index.search(f'"{phrase}"', limit=None).hits)
    truth = compare(phrase, expected, found)
    assert truth.expected > 0
    assert (truth.recall, truth.precision) == (1.0, 1.0), truth
    assert found == expected  # the same spans, not merely as many
