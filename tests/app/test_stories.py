"""Syndicated copies in search (``app/stories.py``): distinct stories among the articles hit, and "One per
story", held to an oracle: every hit in order, each story's first-placed article keeping its hits."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from story_library import COPIES, MENTIONS, QUERY, import_stories, mark_copies, markdown, story_of, write_stories

from app import Library
from app.mentions import count_mentions, mention_page, mention_query
from app.stories import stories_text
from index.search import SORTS, Hit

WriteFile = Callable[[str, str | bytes], Path]


def stories_into(library: Library, write_file: WriteFile, data_dir: Path) -> dict[str, int]:
    found = import_stories(library, write_stories(write_file))
    # a highlight on a copy: its hit goes (or stays) with its article
    library.annotations.add_quote(found["wire-copy-1.md"], "discuss the pipeline", note="wire copy")
    mark_copies(library.store, found)
    library.index.flush()
    return found


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Library, dict[str, int]]]:
    """One library for the tests that only read (importing takes a few seconds)."""
    folder = tmp_path_factory.mktemp("stories")
    data_dir = folder / "data"
    opened = Library(data_dir, background=False)

    def write(name: str, content: str | bytes) -> Path:
        path = folder / "incoming" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(content), encoding="utf-8")
        return path

    yield opened, stories_into(opened, write, data_dir)
    opened.close()


@pytest.fixture
def ids(library: Library, write_file: WriteFile, data_dir: Path) -> dict[str, int]:
    """A library of its own, for tests that change the marks."""
    return stories_into(library, write_file, data_dir)


def folded(hits: list[Hit], stories: dict[int, int], counts: Callable[[Hit], bool]) -> list[Hit]:
    """The oracle: the counted hits of each story's first-placed article."""
    first: dict[int, int] = {}
    kept = []
    for hit in hits:
        if not counts(hit):
            continue
        story = stories.get(hit.document_id, hit.document_id)
        if first.setdefault(story, hit.document_id) == hit.document_id:
            kept.append(hit)
    return kept


def text_of(library: Library) -> Callable[[int], str]:
    return lambda document_id: library.documents.get(document_id).text


def is_mention(hit: Hit) -> bool:
    return hit.kind == "article" and hit.end > hit.start


def test_story_count_counts_each_story_once(shared: tuple[Library, dict[str, int]]) -> None:
    library, ids = shared
    count = library.index.story_count(QUERY)
    # every article is hit (brief-title by its title); three stories told, plus the plain one
    assert (count.articles, count.stories, count.copies) == (7, 4, 3)
    assert count.to_json() == {"articles": 7, "stories": 4}
    assert stories_text(count) == " (4 distinct stories)"
    alone = library.index.story_count("tidal")
    assert (alone.articles, alone.stories, alone.copies) == (1, 1, 0) and stories_text(alone) == ""


def test_mention_counts_leave_out_articles_without_mentions(shared: tuple[Library, dict[str, int]]) -> None:
    library, ids = shared
    counted = count_mentions(library.index, text_of(library), QUERY)
    assert counted.total == sum(MENTIONS.values()) + 1  # + solo.md
    assert (counted.articles, counted.stories, counted.copies) == (6, 4, 2)  # brief-title: a title match only
    assert (counted.folded_copies, counted.folded_mentions) == (0, 0)


@pytest.mark.parametrize("sort", SORTS)
def test_one_per_story_equals_the_oracle_on_every_page(shared: tuple[Library, dict[str, int]], sort: str) -> None:
    library, ids = shared
    stories = story_of(ids)
    everything = library.index.search(QUERY, limit=None, sort=sort).hits
    expected = folded(everything, stories, lambda _hit: True)
    assert len(expected) < len(everything)  # the fixture folds something away
    first_articles = list(dict.fromkeys(hit.document_id for hit in expected))
    assert len(first_articles) == len({stories[d] for d in first_articles}) == 4
    for limit, offset in itertools.product((1, 2, 5, 200), (0, 1, 3, 7, 40)):
        page = library.index.story_folds.search(QUERY, limit, sort=sort, offset=offset)
        assert page.hits == expected[offset : offset + limit], (limit, offset)
        assert page.total == len(expected)
    result = library.index.story_folds.search(QUERY, sort=sort)
    assert result.story_json() == {
        "articles": 4,
        "stories": 4,
        "folded_copies": 3,
        "folded_hits": len(everything) - len(expected),
    }


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("query", [QUERY, "pipeline OR permit", "talks -critics", "kind:annotation pipeline"])
def test_document_order_is_the_order_of_first_hits(
    shared: tuple[Library, dict[str, int]], sort: str, query: str
) -> None:
    """The order that places each story for a total, without locating a hit, is the hits' own."""
    library, _ids = shared
    hits = library.index.search(query, limit=None, sort=sort).hits
    assert library.index.document_order(query, sort) == list(dict.fromkeys(hit.document_id for hit in hits))


@pytest.mark.parametrize("sort", SORTS)
def test_a_total_asked_first_places_every_story_without_walking(
    shared: tuple[Library, dict[str, int]], sort: str
) -> None:
    library, ids = shared
    everything = library.index.search(QUERY, limit=None, sort=sort).hits
    expected = folded(everything, story_of(ids), lambda _hit: True)
    library.index.story_folds.forget()
    fold = library.index.story_folds.fold(QUERY, sort)
    assert fold.total() == len(expected) and fold.folded_hits() == len(everything) - len(expected)
    assert fold.walked == 0  # the ranking placed every story: no hit was located for the total
    assert fold.page(0, None) == expected


def test_date_order_keeps_the_newest_copy(shared: tuple[Library, dict[str, int]]) -> None:
    library, ids = shared
    result = library.index.story_folds.search(QUERY, sort="date")
    kept = {hit.document_id for hit in result.hits}
    assert ids["wire-copy-2.md"] in kept and ids["wire.md"] not in kept and ids["wire-copy-1.md"] not in kept
    assert ids["brief-title.md"] in kept and ids["brief.md"] not in kept  # newer, matched by its title
    # the highlight on wire-copy-1 went with its article
    assert not any(hit.kind == "annotation" for hit in result.hits)


@pytest.mark.parametrize("sort", SORTS)
def test_every_mention_one_per_story_pages_and_counts(shared: tuple[Library, dict[str, int]], sort: str) -> None:
    library, ids = shared
    stories = story_of(ids)
    narrowed = mention_query(library.index, QUERY, sort)
    expected = folded(library.index.search(narrowed, limit=None, sort=sort).hits, stories, is_mention)
    spans = [(hit.document_id, hit.start, hit.end) for hit in expected]
    for limit, offset in itertools.product((1, 3, 50), (0, 2, 6)):
        page = mention_page(library.index, text_of(library), QUERY, limit=limit, offset=offset, sort=sort,
                            one_per_story=True)  # fmt: skip
        assert [(m.document_id, m.start, m.end) for m in page.mentions] == spans[offset : offset + limit]
        assert page.total == len(expected)
    counted = count_mentions(library.index, text_of(library), QUERY, sort=sort, one_per_story=True)
    assert counted.total == len(expected) and counted.articles == 3 + 1  # wire, local, brief (+ solo)
    assert counted.folded_copies == 2  # brief-title has no mention: it was never in the running
    assert counted.folded_mentions == sum(MENTIONS.values()) + 1 - len(expected)
    assert counted.story_json(True) == {
        "articles": 4,
        "stories": 4,
        "folded_copies": 2,
        "folded_mentions": counted.folded_mentions,
    }
    # the window's "Every mention" pages the narrowed query folded the same way
    window = library.index.story_folds.search(narrowed, 200, sort=sort, mentions=True)
    assert [(hit.document_id, hit.start, hit.end) for hit in window.hits] == spans and window.total == len(spans)


def test_nothing_to_fold_is_the_search_itself(library: Library, ids: dict[str, int], data_dir: Path) -> None:
    mark_copies(library.store, ids, copies={})
    plain = library.index.search(QUERY, limit=3, offset=1)
    result = library.index.story_folds.search(QUERY, 3, offset=1)
    assert result.hits == plain.hits and result.total == plain.total
    assert result.story_json() == {"articles": 7, "stories": 7, "folded_copies": 0, "folded_hits": 0}
    counted = count_mentions(library.index, text_of(library), QUERY, one_per_story=True)
    assert (counted.total, counted.articles, counted.stories, counted.folded_mentions) == (10, 6, 6, 0)


def test_a_new_copy_mark_is_seen_by_the_next_fold(
    library: Library, ids: dict[str, int], data_dir: Path, write_file: WriteFile
) -> None:
    """Marks are read when a fold starts; an index commit (a new import) starts a new fold."""
    before = library.index.story_folds.search(QUERY)
    assert before.fold.folded_articles == 3
    mark_copies(library.store, ids, copies={**COPIES, "local.md": "wire.md"})
    library.documents.import_file(write_file("later.md", markdown("Later", "2025-01-01", "Unrelated words.")))
    library.index.flush()
    after = library.index.story_folds.search(QUERY)
    assert after.fold.folded_articles == 4 and ids["local.md"] not in {hit.document_id for hit in after.hits}
