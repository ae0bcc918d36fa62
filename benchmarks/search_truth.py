"""Every-mention search against the truth: a brute-force scan of the canonical texts, phrase by phrase.

    .venv/bin/python benchmarks/search_truth.py [--articles 200]

The library is the sample articles plus generated ones that use the phrases in the ways real text
does (capitals, hyphens, line breaks, punctuation) and in near-misses that must not count
("supports", "support's", "air.defense"). For each phrase the scan finds every case-insensitive
occurrence of its words separated only by spaces or punctuation, as whole words; the search must
return exactly those spans (recall and precision 100 %, offsets identical). The scan, the phrases
and the generated articles live in ``index/brute_force.py``, which the tests use too.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import Library  # noqa: E402
from index.brute_force import (  # noqa: E402
    PHRASES,
    Truth,
    compare,
    expected_mentions,
    found_mentions,
    generate_articles,
)

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def measure(library: Library, phrase: str) -> Truth:
    """Compare the article mentions Lectern returns for ``"phrase"`` with the brute-force scan."""
    documents = map(library.documents.get, (summary.id for summary in library.documents.summaries()))
    expected = expected_mentions(((document.id, document.text) for document in documents), phrase)
    return compare(phrase, expected, found_mentions(library.index.search(f'"{phrase}"', limit=None).hits))


def build_library(data_dir: Path, articles: int) -> Library:
    incoming = data_dir.parent / "generated"
    incoming.mkdir(parents=True, exist_ok=True)
    generate_articles(incoming, articles)
    library = Library(data_dir, background=False)
    library.documents.import_paths([SAMPLES, incoming])
    library.index.flush()
    return library


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="lectern-search-truth-") as temp:
        library = build_library(Path(temp) / "data", arguments.articles)
        try:
            truths = [measure(library, phrase) for phrase in PHRASES]
            documents = len(library.documents.summaries())
        finally:
            library.close()
    print(f"{documents} articles (3 samples + {arguments.articles} generated)")
    print()
    print("| phrase | occurrences (scan) | hits (search) | recall | precision |")
    print("|---|---|---|---|---|")
    for truth in truths:
        print(f"| {truth.phrase} | {truth.expected} | {truth.found} | {truth.recall:.1%} | {truth.precision:.1%} |")
    perfect = all(truth.recall == 1 and truth.precision == 1 for truth in truths)
    print()
    print("all phrases 100 % / 100 %, offsets identical" if perfect else "MISMATCH: see the rows above")
    return 0 if perfect else 1


if __name__ == "__main__":
    raise SystemExit(main())
