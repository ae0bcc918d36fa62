"""A page of results is found without locating every mention, and agrees with the full list.

Also holds the two shortcuts that make this fast to their slow, obvious equivalents: the phrase
matcher against Whoosh's own, and the mention counter against ``find_spans``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import query as wq
from whoosh.formats import Positions

from app import Library
from index.filter_docs import filter_docs
from index.mentions import count_mentions, find_spans, query_matchers, walk_spans
from index.phrase_matcher import consecutive_counts, decode_positions

WORDS = ["air", "defense", "support", "sanctions", "sanctioned", "grid", "the", "of", "drone", "U.S.", "don't"]
FIELDS = frozenset({"content", "stem", "quote"})


def _article(rng: random.Random, number: int) -> str:
    sentences = []
    for _ in range(rng.randint(3, 12)):
        words = rng.choices(WORDS, k=rng.randint(4, 14))
        if rng.random() < 0.3:
            at = rng.randrange(len(words))
            words[at:at] = ["air", "defense", "support"]
        sentences.append(" ".join(words).capitalize() + ".")
    return f"# Report {number}\n\n" + " ".join(sentences) + "\n"


@pytest.fixture(scope="module")
def paged_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """Forty articles imported in four batches (four index segments), highlights, one article deleted."""
    root = tmp_path_factory.mktemp("paging")
    rng = random.Random(3)
    library = Library(root / "data", background=False)
    library.index.keeper.defer_merges = True  # keep one segment per batch, as a writer thread between idle merges
    for batch in range(4):
        folder = root / f"batch-{batch}"
        folder.mkdir()
        for number in range(10):
            (folder / f"report-{batch}-{number}.md").write_text(_article(rng, batch * 10 + number), encoding="utf-8")
        library.documents.import_paths([folder])
        library.index.flush()
    for document_id in library.store.document_ids()[:12]:
        text = library.store.document(document_id).text
        at = text.lower().find("air defense support")
        if at >= 0:
            library.annotations.add(document_id, at, at + len("air defense support"), tags=["air-defense"])
        library.annotations.add(document_id, 0, 9, tags=["header"], color="blue")
    library.documents.delete(library.store.document_ids()[-1])
    library.index.flush()
    yield library
    library.close()


QUERIES = [
    '"air defense support"',
    "sanction",
    '"sanctioned" sanction',
    "defense",
    '"the of"',
    "air OR drone",
    "tag:air-defense",
    "defense -kind:article",
]


@pytest.mark.parametrize("sort", ["relevance", "date", "title"])
@pytest.mark.parametrize("query", QUERIES)
def test_each_page_is_the_matching_slice_of_the_whole_list(paged_library: Library, query: str, sort: str) -> None:
    everything = paged_library.index.search(query, limit=None, sort=sort)
    assert everything.total == len(everything.hits) > 0
    for offset in (0, 7, len(everything.hits) - 3):
        page = paged_library.index.search(query, limit=10, sort=sort, offset=offset)
        assert page.hits == everything.hits[offset : offset + 10]
        assert page.total == everything.total


def test_the_total_of_a_page_is_counted_only_when_asked(paged_library: Library) -> None:
    page = paged_library.index.search("defense", limit=5)
    assert len(page.hits) == 5
    assert not page.total_known
    assert page.total == len(paged_library.index.search("defense", limit=None).hits)
    assert page.total_known


def test_facets_count_every_hit(paged_library: Library) -> None:
    hits = paged_library.index.search('"air defense support"', limit=None).hits
    facets = paged_library.index.facets('"air defense support"')
    assert sum(count for _, _, count in facets.articles) == len(hits)
    assert dict(facets.tags)["air-defense"] == sum(1 for hit in hits if "air-defense" in hit.tags)


def test_the_phrase_matcher_finds_what_whooshs_own_finds(paged_library: Library) -> None:
    searcher = paged_library.index.searcher._current_searcher()
    assert len(searcher.leaf_searchers()) > 1, "the fixture should give several segments"
    assert any(reader.has_deletions() for reader, _ in searcher.reader().leaf_readers())
    for words in (["air", "defense", "support"], ["the", "of"], ["defense", "defense"], ["don't", "air"]):
        ours = paged_library.index.searcher.parse('"' + " ".join(words) + '"')
        stock = wq.Or(
            [wq.Phrase(field, words) for field in ("content", "title", "note")] + [wq.Term("tag", " ".join(words))]
        )
        assert set(searcher.docs_for_query(ours)) == set(searcher.docs_for_query(stock)), words


def test_label_filters_allow_what_whooshs_own_filter_allows(paged_library: Library) -> None:
    searcher = paged_library.index.searcher._current_searcher()
    assert any(reader.has_deletions() for reader, _ in searcher.reader().leaf_readers())
    for text in ("tag:air-defense", "tag:header color:blue", "tag:air-defense OR color:blue", "kind:annotation",
                 "tag:no-such-tag", "color:blue tag:air-defense"):  # fmt: skip
        query = paged_library.index.searcher.parse(text)
        ours = filter_docs(searcher, query)
        assert ours is not None, text
        assert ours == set(searcher.docs_for_query(query)), text
        for leaf, offset in searcher.leaf_searchers():  # one segment's own numbering, as counting uses it
            in_segment = {docnum - offset for docnum in ours if offset <= docnum < offset + leaf.doc_count_all()}
            assert filter_docs(leaf, query) == in_segment, text
    assert filter_docs(searcher, paged_library.index.searcher.parse("published:2024")) is None  # left to Whoosh
    assert paged_library.index.search('"air defense support" tag:no-such-tag', limit=None).total == 0  # not "no filter"
    tagged = paged_library.index.search('"air defense support" tag:air-defense', limit=None).hits
    assert tagged and all("air-defense" in hit.tags for hit in tagged)


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=40))
def test_positions_decode_as_whoosh_decodes_them(positions: list[int]) -> None:
    encoded = Positions().encode(sorted(positions))
    assert decode_positions(encoded) == Positions().decode_positions(encoded)
    assert decode_positions(encoded.rstrip(b".")) == sorted(positions)


@settings(max_examples=200, derandomize=True)
@given(
    st.lists(st.lists(st.sets(st.integers(min_value=0, max_value=60), min_size=1), min_size=2, max_size=4), max_size=6)
)
def test_consecutive_positions_are_counted_however_they_are_stored(documents: list[list[set[int]]]) -> None:
    """Each document gives every phrase word's positions; a phrase occurs where they follow one another."""
    words = min((len(document) for document in documents), default=2)
    postings: list[dict[int, bytes]] = [{} for _ in range(words)]
    expected = {}
    for docnum, document in enumerate(documents):
        for at in range(words):
            postings[at][docnum] = Positions().encode(sorted(document[at]))
        starts = [start for start in document[0] if all(start + at in document[at] for at in range(1, words))]
        if starts:
            expected[docnum] = len(starts)
    candidates = set(range(len(documents)))
    assert consecutive_counts(candidates, postings, 4) == expected
    stripped = [{docnum: value.rstrip(b".") for docnum, value in words.items()} for words in postings]
    assert consecutive_counts(candidates, stripped, 4, decode_positions) == expected


@settings(max_examples=600, derandomize=True)
@given(
    text=st.lists(
        st.sampled_from(
            [
                *WORDS,
                "Air-Defense",
                "SUPPORT,",
                "air\n",
                "sanctioning",
                "—",
                "AIR.defense",
                "air’",
                "'s",
                "ſupport",
                "İair",
                "DEFENSE_",
                "air2",
                ".",
                "'",
                "the the",
            ]
        ),
        max_size=60,
    ),
    query=st.sampled_from(
        [
            "air",
            "sanction",
            '"air defense"',
            '"air air"',
            '"defense support"',
            "sanc*",
            "defnse~",
            "air OR support",
            '"don\'t air"',
        ]
    ),
)
def test_the_shortcuts_agree_with_the_token_walk(paged_library: Library, text: list[str], query: str) -> None:
    joined = " ".join(text).replace(" .", ".")
    parsed = paged_library.index.searcher.parse(query)
    walked = walk_spans(joined, query_matchers(parsed, FIELDS))
    assert find_spans(joined, parsed, FIELDS) == walked  # the regex, for one exact word or phrase
    assert count_mentions(joined, parsed, FIELDS) == len(walked)


def test_paging_reads_only_the_entries_it_shows(paged_library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    document = paged_library.store.document

    def counting(document_id: int) -> object:
        read.append(document_id)
        return document(document_id)

    monkeypatch.setattr(paged_library.store, "document", counting)
    paged_library.index.searcher.forget_last_query()
    page = paged_library.index.search("defense", limit=3)
    assert len(page.hits) == 3
    assert len(read) <= 3


def test_the_next_page_after_a_change_reflects_the_change(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(6):
        (folder / f"a{number}.md").write_text(
            f"# Report {number}\n\n" + "The drone flew. " * (number + 2), encoding="utf-8"
        )
    library.documents.import_paths([folder])
    library.index.flush()
    first = library.index.search("drone", limit=5)
    assert len(first.hits) == 5
    library.documents.delete(first.hits[0].document_id)  # the page's own article goes
    library.index.flush()
    after = library.index.search("drone", limit=5, offset=5)
    assert after.hits == library.index.search("drone", limit=None).hits[5:10]
    assert first.hits[0].document_id not in {hit.document_id for hit in after.hits}
