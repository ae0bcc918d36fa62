"""Every-mention search against the truth: a brute-force scan of the canonical texts, phrase by phrase.

    .venv/bin/python benchmarks/search_truth.py [--articles 200]

The library is the sample articles plus generated ones that use the phrases in the ways real text
does (capitals, hyphens, line breaks, punctuation) and in near-misses that must not count
("supports", "support's", "air.defense"). For each phrase the scan finds every case-insensitive
occurrence of its words separated only by spaces or punctuation, as whole words; the search must
return exactly those spans (recall and precision 100 %, offsets identical).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import Library  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
PHRASES = (
    "air defense support",
    "supply chains",
    "spare parts",
    "grid resilience",
    "export controls",
    "dual-use",
    "sanctions",
    "the",
)
_FILLER = (
    "analysts noted that the ministry would review its budget before the summit while officials "
    "described export rules as porous and maintenance as a quiet form of dependency across the region"
).split()
_VARIANTS = (
    "{p}",
    "{P}",
    "{T}",
    "{hyphenated}",
    "{p},",
    "({p})",
    "“{p}”",
    "{linebroken}",
)
_NEAR_MISSES = ("{p}s", "{p}'s", "{dotted}", "x{p}", "{p}ing")


def word_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive occurrences of ``phrase``'s words with only spaces/punctuation between."""
    words = re.findall(r"\w+", phrase)
    separator = r"(?:[^\w'’.]|['’.](?!\w)|(?<!\w)['’.])+"
    body = separator.join(re.escape(word) for word in words)
    return re.compile(rf"(?<!\w)(?<!\w['’.]){body}(?!\w)(?!['’.]\w)", re.IGNORECASE)


def brute_force_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    return [(match.start(), match.end()) for match in word_pattern(phrase).finditer(text)]


def _variant(template: str, phrase: str) -> str:
    return template.format(
        p=phrase,
        P=phrase.upper(),
        T=phrase.title(),
        hyphenated=phrase.replace(" ", "-"),
        linebroken=phrase.replace(" ", "\n", 1),
        dotted=phrase.replace(" ", ".", 1),
    )


def generate_articles(folder: Path, count: int, seed: int = 3) -> None:
    """Markdown articles that use each phrase in real-world forms and near misses."""
    rng = random.Random(seed)
    for number in range(count):
        paragraphs = []
        for _ in range(rng.randint(3, 7)):
            words = rng.choices(_FILLER, k=rng.randint(20, 60))
            for _ in range(rng.randint(1, 4)):
                phrase = rng.choice(PHRASES)
                template = rng.choice(_VARIANTS + _NEAR_MISSES)
                words.insert(rng.randrange(len(words) + 1), _variant(template, phrase))
            paragraphs.append(" ".join(words).capitalize() + ".")
        text = f"# Generated report {number}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"generated-{number:04d}.md").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Truth:
    phrase: str
    expected: int
    found: int
    correct: int

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


def measure(library: Library, phrase: str) -> Truth:
    """Compare the article mentions Lectern returns for ``"phrase"`` with the brute-force scan."""
    expected = {
        (document.id, start, end)
        for document in map(library.documents.get, (summary.id for summary in library.documents.summaries()))
        for start, end in brute_force_spans(document.text, phrase)
    }
    result = library.index.search(f'"{phrase}"', limit=None)
    found = {(hit.document_id, hit.start, hit.end) for hit in result.hits if hit.kind == "article" and hit.end > hit.start}
    return Truth(phrase, len(expected), len(found), len(expected & found))


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
        print(
            f"| {truth.phrase} | {truth.expected} | {truth.found} | {truth.recall:.1%} | {truth.precision:.1%} |"
        )
    perfect = all(truth.recall == 1 and truth.precision == 1 for truth in truths)
    print()
    print("all phrases 100 % / 100 %, offsets identical" if perfect else "MISMATCH: see the rows above")
    return 0 if perfect else 1


if __name__ == "__main__":
    raise SystemExit(main())
