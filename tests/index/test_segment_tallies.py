"""Counts kept per index segment: a commit costs a recount of what it changed, and counts stay exact."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from app import Library
from index import search as search_module
from index.facets import Tally
from index.segment_tallies import SegmentTallies

WriteFile = Callable[[str, str | bytes], Path]
QUERIES = ['"air defense support"', "sanctions", "tag:air-defense", '"air defense" tag:air-defense', "grid OR drone"]
WORDS = ["air", "defense", "support", "sanctions", "sanctioned", "grid", "the", "drone", "of"]


def _text(rng: random.Random, number: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(20, 60))
    at = rng.randrange(len(words))
    words[at:at] = ["air", "defense", "support"]
    return f"# Report {number}\n\n" + " ".join(words).capitalize() + ".\n"


def _counts(library: Library) -> dict[str, tuple[int, object]]:
    return {query: (library.index.search(query, limit=0).total, library.index.facets(query)) for query in QUERIES}


def _cold_counts(library: Library) -> dict[str, tuple[int, object]]:
    library.index.searcher.forget_last_query()
    counts = _counts(library)
    library.index.searcher.forget_last_query()
    return counts


def test_saving_a_highlight_recounts_only_the_new_segment(
    library: Library, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)
    documents = [library.documents.import_file(write_file(f"r{n}.md", _text(rng, n))).value.document for n in range(6)]
    library.index.flush()
    located: list[int] = []
    real_count = search_module.count_mentions
    monkeypatch.setattr(search_module, "count_mentions", lambda *args: located.append(1) or real_count(*args))

    before = library.index.search('"air defense support"', limit=0).total
    assert len(located) == 6  # every article was read once

    located.clear()
    document = documents[0]
    assert document is not None
    start = document.text.lower().index("air defense support")
    library.annotations.add(document.id, start, start + len("air defense support"), tags=["air-defense"])
    library.index.flush()
    assert library.index.search('"air defense support"', limit=0).total == before + 1  # the highlight is a mention
    assert located == []  # no article was read again: their segment's counts were kept

    assert _counts(library) == _cold_counts(library)


def test_counts_kept_per_segment_agree_with_a_cold_count_through_every_kind_of_edit(
    data_dir: Path, write_file: WriteFile
) -> None:
    rng = random.Random(11)
    library = Library(data_dir, background=False)
    try:
        library.index.keeper.defer_merges = True  # many small segments, as the app's writer thread leaves them
        for number in range(4):
            library.documents.import_file(write_file(f"a{number}.md", _text(rng, number)))
        library.index.flush()
        highlights: list[int] = []
        for step in range(24):
            documents = library.store.document_ids()
            action = rng.choice(["annotate", "annotate", "retag", "unhighlight", "import", "edit", "delete", "merge"])
            if action == "annotate" or (action in ("retag", "unhighlight") and not highlights):
                document = library.documents.get(rng.choice(documents))
                start = document.text.lower().index("air defense")
                highlight = library.annotations.add(
                    document.id, start, start + rng.choice([11, 19]), tags=[rng.choice(["air-defense", "grid"])]
                ).value
                highlights.append(highlight.id)
            elif action == "retag":
                library.annotations.update(rng.choice(highlights), tags=[rng.choice(["air-defense", "other"])])
            elif action == "unhighlight":
                library.annotations.delete(highlights.pop(rng.randrange(len(highlights))))
            elif action == "import":
                library.documents.import_file(write_file(f"b{step}.md", _text(rng, 100 + step)))
            elif action == "edit":  # a new version of an article: its entry is indexed again
                path = write_file(f"a{step % 4}.md", _text(rng, 200 + step))
                library.documents.reimport_file(path)
            elif action == "delete" and len(documents) > 2:
                library.documents.delete(documents[0])
                highlights = [h for h in highlights if library.store.find_annotation(h) is not None]
            elif action == "merge":
                library.index.keeper.defer_merges = False
                library.index.keeper.merge_when_idle()
                library.index.keeper.defer_merges = True
            library.index.flush()
            assert _counts(library) == _cold_counts(library), f"after step {step} ({action})"
    finally:
        library.close()


def test_the_store_forgets_the_least_recently_used_and_the_segments_gone() -> None:
    tallies = SegmentTallies(capacity=5)
    two = [Tally("article", 1, 3), Tally("article", 2, 1)]
    tallies.put("a", ("seg1", 0), two)
    tallies.put("b", ("seg1", 0), two)
    assert tallies.get("a", ("seg1", 0)) == two  # "a" is now the more recently used
    tallies.put("c", ("seg2", 0), two)  # six tallies: "b" goes
    assert tallies.get("b", ("seg1", 0)) is None
    assert len(tallies) == 4
    tallies.put("huge", ("seg2", 0), two * 3)  # over the capacity on its own: not kept, nothing evicted
    assert tallies.get("huge", ("seg2", 0)) is None and len(tallies) == 4

    tallies.keep_only([("seg2", 0)])  # seg1 was merged away
    assert tallies.get("a", ("seg1", 0)) is None
    assert tallies.get("c", ("seg2", 0)) == two
    assert len(tallies) == 2


def test_a_commit_and_merge_while_counting_neither_breaks_the_count_nor_asks_for_a_rebuild(
    library: Library, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(7)
    library.index.keeper.defer_merges = True
    for batch in range(5):  # five small segments: the next commit's merge folds them together
        library.documents.import_file(write_file(f"m{batch}.md", _text(rng, batch)))
        library.index.flush()
    expected = library.index.search('"air defense support"', limit=0).total
    library.index.searcher.forget_last_query()
    real_tally = library.index.searcher._tally
    interrupted: list[int] = []

    def tally_while_the_index_changes(*args: object) -> object:
        if not interrupted:  # between two segments' tallies: a highlight lands and the small segments merge
            document = library.documents.get(library.store.document_ids()[0])
            start = document.text.lower().index("air defense support")
            library.annotations.add(document.id, start, start + 19, tags=["late"])
            library.index.keeper.defer_merges = False
            library.index.flush()
            interrupted.append(len(library.index.keeper.index._segments()))
            library.index.search("grid", limit=1)  # a search now: the searcher moves on, merged-away readers close
        return real_tally(*args)

    monkeypatch.setattr(library.index.searcher, "_tally", tally_while_the_index_changes)
    assert library.index.search('"air defense support"', limit=0).total == expected  # as of when the count began
    assert interrupted and interrupted[0] < 5  # the merge did happen
    assert not library.index.keeper.needs_rebuild
    monkeypatch.undo()
    assert library.index.search('"air defense support"', limit=0).total == expected + 1  # then the new highlight
