"""Every mention in every language, checked against the brute-force oracle (``index/brute_force_languages.py``).

One small library holds generated articles in Chinese, Japanese, Korean, Russian, Persian, Arabic and
German (each planted sentence at least once) and the English reference articles. Every query of each
language must find exactly the oracle's spans, through the search (``limit=None``), through the
CLI's every-mention pages and through the reader's find-in-article; ``benchmarks/search_truth.py``
runs the same comparison on bigger libraries and prints the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from annotations.models import DocumentMetadata
from app import Library
from app.mentions import mention_page
from index.brute_force import PHRASES, found_mentions, generate_articles
from index.brute_force_languages import Corpus, generate_language_articles
from index.brute_force_texts import ENGLISH_PLAIN, LANGUAGE_SETS, Query


@dataclass
class TruthLibrary:
    library: Library
    corpus: Corpus
    relabelled: dict[str, int]  # "ja→zh": articles whose detected language was set right by hand


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TruthLibrary]:
    root = tmp_path_factory.mktemp("truth-languages")
    incoming = root / "incoming"
    incoming.mkdir()
    intended: dict[str, str] = {}
    for language in LANGUAGE_SETS:
        for path in generate_language_articles(language, incoming, len(language.planted)):
            intended[path.name] = language.code
    for path in generate_articles(incoming, 4):
        intended[path.name] = "en"
    library = Library(root / "data", background=False)
    outcomes = library.documents.import_paths([incoming]).value
    relabelled: dict[str, int] = {}
    for outcome in outcomes:
        document = outcome.document
        assert document is not None, outcome
        wanted = intended[outcome.path.name]
        if document.language != wanted:  # the detector's guess, corrected as a researcher would
            key = f"{document.language or '?'}→{wanted}"
            relabelled[key] = relabelled.get(key, 0) + 1
            library.store.update_document_metadata(document.id, DocumentMetadata(language=wanted))
    library.index.flush()
    documents = [library.documents.get(summary.id) for summary in library.documents.summaries()]
    corpus = Corpus.read((document.id, document.language, document.text) for document in documents)
    yield TruthLibrary(library, corpus, relabelled)
    library.close()


CASES = [(language.code, query) for language in LANGUAGE_SETS for query in language.queries]
CASES += [("en", Query(phrase, quoted=True)) for phrase in PHRASES] + [("en", query) for query in ENGLISH_PLAIN]


@pytest.mark.parametrize(("language", "query"), CASES, ids=[f"{code}-{query.text}" for code, query in CASES])
def test_every_mention_equals_the_oracle(truth: TruthLibrary, language: str, query: Query) -> None:
    expected = truth.corpus.expected(query)
    assert expected, f"the generated articles hold no mention of {query.text}"
    found = found_mentions(truth.library.index.search(query.text, limit=None).hits)
    missed, extra = sorted(expected - found), sorted(found - expected)
    assert (missed, extra) == ([], []), f"missed {missed[:5]}, extra {extra[:5]}"


@pytest.mark.parametrize(("language", "query"), CASES[::3], ids=[f"{code}-{query.text}" for code, query in CASES[::3]])
def test_the_clis_every_mention_pages_and_the_readers_find_agree(truth: TruthLibrary, language: str, query: Query) -> None:
    library = truth.library
    expected = truth.corpus.expected(query)
    page = mention_page(library.index, lambda document_id: library.documents.get(document_id).text, query.text, limit=5000)
    assert page.total == len(expected)
    assert {(mention.document_id, mention.start, mention.end) for mention in page.mentions} == expected
    for document_id in {mention[0] for mention in expected}:
        in_reader = {(document_id, start, end) for start, end in library.index.mentions_in(query.text, document_id)}
        assert in_reader == {mention for mention in expected if mention[0] == document_id}


def test_each_article_carries_its_language(truth: TruthLibrary) -> None:
    languages = {language for _, language, _ in truth.corpus.documents}
    assert languages == {language.code for language in LANGUAGE_SETS} | {"en"}, truth.relabelled
