"""Query errors in the user's words and a time budget for every query (issue #13, row 12).

The queries below each leaked Python's words ("list index out of range", "invalid literal for int()",
"'NoneType' object has no attribute …") or ran for seconds before; ``benchmarks/query_fuzz.py`` found them.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from file_writing import WriteFile
from whoosh import query as wq
from whoosh.fields import TEXT, Schema
from whoosh.index import FileIndex, create_in

from app import Library
from index.query_budget import TOO_BROAD, DeadlineCollector, QueryTooBroad, query_budget
from index.query_language import CappedEvery, CappedFuzzyTerm, CappedPrefix, CappedTermRange, CappedWildcard
from index.search import QueryError

_PYTHON_WORDS = re.compile(r"index out of range|invalid literal|object has no attribute|NoneType|int\(\)|Error\b")


@pytest.fixture
def small_library(library: Library, write_file: WriteFile) -> Library:
    for number, topic in enumerate(("air defense support", "sanctions and supply chains", "grid resilience")):
        text = f"# Report {number} on {topic}\n\n" + f"The budget for {topic} was debated at the summit. " * 30
        outcome = library.documents.import_file(write_file(f"report-{number}.md", text)).value
        assert outcome.document is not None
        library.annotations.add(outcome.document.id, 0, 20, tags=("topic/one", "support"), note="a note")
    library.index.flush()
    return library


@pytest.mark.parametrize(
    "query",
    [
        ">gas l&G4B\t\tT0Sh",
        "published:[2024-05-17 to soon} support",
        "created:[99999 TO 2024-05-17T10:00] budget",
        "year:[today  -1] budget?",
        "a published:{yesterday TO soon] AND balt~4",
        "quote:[yesterday  2024-05] created:{now TO } tag:*",
        "date:{20240517 TO 2024-13-40] !",
    ],
)
def test_queries_that_leaked_python_errors_are_refused_in_words(small_library: Library, query: str) -> None:
    with pytest.raises(QueryError) as refused:
        result = small_library.index.search(query, limit=20)
        _ = result.total
        small_library.index.facets(query)
    message = str(refused.value)
    assert not _PYTHON_WORDS.search(message), message
    assert message.startswith(("Lectern cannot read", "“")) and message.endswith(".")


def test_a_fuzzy_distance_past_two_is_refused_with_what_to_write(small_library: Library) -> None:
    with pytest.raises(QueryError, match=r"“budget~9” allows 9 letters' difference; Lectern allows at most 2"):
        small_library.index.search("budget~9")
    assert small_library.index.search("budgte~2").total > 0  # a typo still finds the word


@pytest.mark.parametrize("query", ["*a*~2 *e*~2 *i*~2", "a~2 e~2 i~2 o~2 u~2", "*", "?*", "t*~2 s* *e"])
def test_pathological_patterns_answer_or_refuse_quickly(small_library: Library, query: str) -> None:
    started = time.perf_counter()
    try:
        result = small_library.index.search(query, limit=50)
        _ = result.total
        small_library.index.facets(query)
    except QueryError as error:
        assert not _PYTHON_WORDS.search(str(error))
    assert time.perf_counter() - started < 10  # a guard against a hang; figures are in benchmarks/query_fuzz.py


def test_a_query_past_its_budget_is_refused_as_too_broad(small_library: Library) -> None:
    assert small_library.index.search("budget").total > 0
    small_library.index.searcher.forget_last_query()
    with query_budget(0.0), pytest.raises(QueryError) as refused:
        small_library.index.search("budget", limit=50)
    assert str(refused.value) == TOO_BROAD
    with query_budget(0.0), pytest.raises(QueryError, match="too broad"):
        small_library.index.facets("summit")
    assert small_library.index.search("budget").total > 0  # the budget ended with the call


# -- the extensions of Whoosh the budget relies on (each fails if it stops being used) -----------------------
def test_patterns_fuzzy_terms_and_ranges_expand_through_the_capped_classes(small_library: Library) -> None:
    parsed = small_library.index.searcher.parse("budg* s?mmit budgte~ content:[a TO c] -summ* note:*")
    kinds = {type(leaf) for leaf in parsed.leaves()}
    assert {CappedPrefix, CappedWildcard, CappedFuzzyTerm, CappedTermRange, CappedEvery} <= kinds
    assert not kinds & {wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange, wq.Every}


def _word_index(folder: Path, words: int) -> FileIndex:
    index = create_in(str(folder), Schema(content=TEXT(stored=False)))
    writer = index.writer()
    for number in range(words):
        writer.add_document(content=f"word{number:05d} common")
    writer.commit()
    return index


def test_an_expansion_past_its_cap_is_refused(tmp_path: Path) -> None:
    index = _word_index(tmp_path, 300)
    capped = CappedPrefix("content", "word")
    with index.searcher() as searcher:
        assert len(searcher.search(capped, limit=None)) == 300
        capped.max_terms = 100
        with pytest.raises(QueryTooBroad, match="more than 100 different words"):
            searcher.search(capped, limit=None)


def test_a_field_wildcard_checks_the_budget_while_it_reads_postings(tmp_path: Path) -> None:
    index = _word_index(tmp_path, 300)
    with index.searcher() as searcher:
        assert len(searcher.search(CappedEvery("content"), limit=None)) == 300
        with query_budget(0.0), pytest.raises(QueryTooBroad):
            searcher.search(CappedEvery("content"), limit=None)


def test_collecting_stops_when_the_budget_runs_out(tmp_path: Path) -> None:
    index = _word_index(tmp_path, 3000)
    with index.searcher() as searcher:
        collector = DeadlineCollector(searcher.collector(limit=None))
        searcher.search_with_collector(wq.Term("content", "common"), collector)
        assert len(collector.results()) == 3000
        with query_budget(0.0), pytest.raises(QueryTooBroad):
            searcher.search_with_collector(wq.Term("content", "common"), DeadlineCollector(searcher.collector(limit=None)))
