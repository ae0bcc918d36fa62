"""Every-mention search against the truth, in every language: brute-force scans of the stored texts.

    .venv/bin/python benchmarks/search_truth.py [--articles 200] [--per-language 200] [--runs 5] [--languages zh,ru]

English (the reference): the sample articles plus generated ones that use the phrases in the ways real
text does (capitals, hyphens, line breaks, punctuation) and in near misses that must not count
("supports", "support's", "air.defense"), checked against ``index/brute_force.py``'s scan.

Chinese, Japanese, Korean, Russian, Persian, Arabic, German: one library each, of generated articles
(``index/brute_force_texts.py``: the phrases planted with the variants the issue names, near misses
beside them), checked against ``index/brute_force_languages.py``: every quoted phrase and every CJK
substring against a scan of the normalised text, every plain word against a scan with the same
stemmer. The search must return exactly those spans (recall and precision 100 %, offsets identical)
through ``SearchIndex.search(limit=None)``, through the CLI's every-mention pages (``search
--mentions``) and through the reader's find-in-article. Each library also gives its index size and
the median time of an every-mention search.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotations.models import DocumentMetadata  # noqa: E402
from app import Library  # noqa: E402
from app.mentions import mention_page  # noqa: E402
from index.brute_force import PHRASES, Mention, expected_mentions, found_mentions, generate_articles  # noqa: E402
from index.brute_force_languages import Corpus, generate_language_articles, is_cjk_query  # noqa: E402
from index.brute_force_texts import ENGLISH_PLAIN, LANGUAGE_SETS, LanguageSet, Query  # noqa: E402

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
SHOWN_DIFFERENCES = 5  # per query


@dataclass
class QueryTruth:
    """How one query's mentions, by every path, compare with the oracle's."""

    query: Query
    expected: set[Mention]
    found: set[Mention]
    cli_agrees: bool
    reader_agrees: bool

    @property
    def kind(self) -> str:
        if is_cjk_query(self.query.words):
            return "substring" if not self.query.quoted else "CJK phrase"
        return "phrase" if self.query.quoted else "plain word"

    @property
    def correct(self) -> int:
        return len(self.expected & self.found)

    @property
    def recall(self) -> float:
        return self.correct / len(self.expected) if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / len(self.found) if self.found else 1.0

    @property
    def perfect(self) -> bool:
        return self.found == self.expected and self.cli_agrees and self.reader_agrees


@dataclass
class LanguageTruth:
    name: str
    articles: int
    relabelled: dict[str, int]
    truths: list[QueryTruth]
    index_bytes: int
    text_chars: int  # of every article's stored text
    p50_ms: float
    texts: dict[int, tuple[str, str]] = field(default_factory=dict)  # document id -> (file name, text)


def build(data_dir: Path, incoming: Path, intended: dict[str, str]) -> tuple[Library, dict[str, int], dict[int, str]]:
    """A library of the files in ``incoming``; each article's language set to ``intended[file name]``
    where detection said otherwise (counted, as "detected→intended"). Also: document id -> file name."""
    library = Library(data_dir, background=False)
    outcomes = library.documents.import_paths([incoming]).value
    relabelled: dict[str, int] = {}
    names: dict[int, str] = {}
    for outcome in outcomes:
        document = outcome.document
        if document is None:
            raise SystemExit(f"{outcome.path.name} was not imported: {outcome.error}")
        names[document.id] = outcome.path.name
        wanted = intended.get(outcome.path.name)
        if wanted is not None and document.language != wanted:
            key = f"{document.language or '?'}→{wanted}"
            relabelled[key] = relabelled.get(key, 0) + 1
            library.store.update_document_metadata(document.id, DocumentMetadata(language=wanted))
    library.index.flush()
    return library, relabelled, names


def check(library: Library, query: Query, expected: set[Mention], texts: dict[int, str]) -> QueryTruth:
    """``query`` through the search, the CLI's every-mention pages and the reader, against ``expected``."""
    found = found_mentions(library.index.search(query.text, limit=None).hits)
    page = mention_page(library.index, texts.__getitem__, query.text, limit=max(1, len(expected)) * 2 + 10)
    listed = {(mention.document_id, mention.start, mention.end) for mention in page.mentions}
    cli_agrees = listed == expected and page.total == len(expected)
    reader_agrees = all(
        {(document_id, start, end) for start, end in library.index.mentions_in(query.text, document_id)}
        == {mention for mention in expected if mention[0] == document_id}
        for document_id in {mention[0] for mention in expected | found}
    )
    return QueryTruth(query, expected, found, cli_agrees, reader_agrees)


def search_p50(library: Library, queries: list[Query], runs: int) -> float:
    """The median time (ms) of an every-mention search (``limit=None``) over ``queries``, ``runs`` times each."""
    times = []
    for _ in range(runs):
        for query in queries:
            started = time.perf_counter()
            library.index.search(query.text, limit=None)
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def index_bytes(data_dir: Path) -> int:
    return sum(path.stat().st_size for path in (data_dir / "index").rglob("*") if path.is_file())


def measure(
    name: str,
    data_dir: Path,
    incoming: Path,
    intended: dict[str, str],
    queries: list[Query],
    runs: int,
    expected_of: Callable[[Library, Corpus, Query], set[Mention]] | None = None,
) -> LanguageTruth:
    library, relabelled, names = build(data_dir, incoming, intended)
    try:
        documents = [library.documents.get(summary.id) for summary in library.documents.summaries()]
        texts = {document.id: document.text for document in documents}
        corpus = Corpus.read((document.id, document.language, document.text) for document in documents)
        truths = []
        for query in queries:
            expected = expected_of(library, corpus, query) if expected_of else corpus.expected(query)
            truths.append(check(library, query, expected, texts))
        p50 = search_p50(library, queries, runs)
    finally:
        library.close()
    shown = {document_id: (names.get(document_id, "sample"), texts[document_id]) for document_id in texts}
    chars = sum(len(text) for text in texts.values())
    return LanguageTruth(name, len(documents), relabelled, truths, index_bytes(data_dir), chars, p50, shown)


def english_expected(library: Library, corpus: Corpus, query: Query) -> set[Mention]:
    """The English reference keeps its own oracle for phrases (``index.brute_force``)."""
    if query.quoted:
        texts = ((document_id, library.documents.get(document_id).text) for document_id, _, _ in corpus.documents)
        return expected_mentions(texts, query.words)
    return corpus.expected(query)


def measure_english(root: Path, articles: int, runs: int) -> LanguageTruth:
    incoming = root / "en"
    incoming.mkdir(parents=True)
    generate_articles(incoming, articles)
    intended = {path.name: "en" for path in incoming.iterdir()}
    for sample in SAMPLES.iterdir():  # the samples as they are, whatever their detected language
        (incoming / sample.name).write_bytes(sample.read_bytes())
    queries = [Query(phrase, quoted=True) for phrase in PHRASES] + list(ENGLISH_PLAIN)
    return measure("English", root / "en-data", incoming, intended, queries, runs, english_expected)


def measure_language(root: Path, language: LanguageSet, articles: int, runs: int) -> LanguageTruth:
    incoming = root / language.code
    incoming.mkdir(parents=True)
    paths = generate_language_articles(language, incoming, articles)
    intended = {path.name: language.code for path in paths}
    return measure(language.name, root / f"{language.code}-data", incoming, intended, list(language.queries), runs)


def print_language(truth: LanguageTruth) -> None:
    relabelled = ", ".join(f"{count} {change}" for change, count in truth.relabelled.items()) or "none"
    print(f"### {truth.name}: {truth.articles} articles (language set by hand where detection differed: {relabelled})")
    print()
    print("| query | kind | expected | found | recall | precision | offsets identical | CLI pages | reader |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in truth.truths:
        print(
            f"| {row.query.text} | {row.kind} | {len(row.expected)} | {len(row.found)} | {row.recall:.1%} "
            f"| {row.precision:.1%} | {_yes(row.found == row.expected)} | {_yes(row.cli_agrees)} "
            f"| {_yes(row.reader_agrees)} |"
        )
    print()
    for row in truth.truths:
        if row.found != row.expected:
            print_differences(truth, row)


def print_differences(truth: LanguageTruth, row: QueryTruth) -> None:
    print(f"Differences for {row.query.text}:")
    for label, mentions in (("missed", row.expected - row.found), ("extra", row.found - row.expected)):
        for document_id, start, end in sorted(mentions)[:SHOWN_DIFFERENCES]:
            name, text = truth.texts[document_id]
            context = text[max(0, start - 12) : end + 12].replace("\n", " ")
            print(f"  {label}: #{document_id} ({name}) {start}-{end} {text[start:end]!r} in …{context}…")
    print()


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def print_summary(truths: list[LanguageTruth]) -> None:
    english = truths[0]
    print("### Summary")
    print()
    print("| language | articles | characters | queries | mentions | recall | precision | identical | index size "
          "| bytes per character | vs English | search p50 | vs English |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for truth in truths:
        expected = sum(len(row.expected) for row in truth.truths)
        found = sum(len(row.found) for row in truth.truths)
        correct = sum(row.correct for row in truth.truths)
        recall = correct / expected if expected else 1.0
        precision = correct / found if found else 1.0
        identical = sum(row.perfect for row in truth.truths)
        per_char = truth.index_bytes / truth.text_chars
        english_per_char = english.index_bytes / english.text_chars
        print(
            f"| {truth.name} | {truth.articles} | {truth.text_chars:,} | {len(truth.truths)} | {expected} "
            f"| {recall:.1%} | {precision:.1%} | {identical}/{len(truth.truths)} | {truth.index_bytes / 1e6:.2f} MB "
            f"| {per_char:.2f} | {per_char / english_per_char:.2f}× | {truth.p50_ms:.1f} ms "
            f"| {truth.p50_ms / english.p50_ms:.2f}× |"
        )
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="generated English articles")
    parser.add_argument("--per-language", type=int, default=200, help="generated articles per other language")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    parser.add_argument("--languages", default="", help="codes to measure besides English (default: all)")
    arguments = parser.parse_args(argv)
    wanted = set(filter(None, arguments.languages.split(",")))
    languages = [language for language in LANGUAGE_SETS if not wanted or language.code in wanted]
    with tempfile.TemporaryDirectory(prefix="lectern-search-truth-") as temp:
        root = Path(temp)
        truths = [measure_english(root, arguments.articles, arguments.runs)]
        truths += [measure_language(root, language, arguments.per_language, arguments.runs) for language in languages]
    for truth in truths:
        print_language(truth)
    print_summary(truths)
    perfect = all(row.perfect for truth in truths for row in truth.truths)
    print("every query 100 % / 100 %, offsets identical, by every path" if perfect else "MISMATCH: see the rows above")
    return 0 if perfect else 1


if __name__ == "__main__":
    raise SystemExit(main())
