"""Searching a real Whoosh index in a temporary data folder: every mention, fields, errors, rebuilds."""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotations.models import Annotation, Document
from annotations.paths import database_path, index_path
from app import Library
from index.brute_force import brute_force_spans
from index.index_dirs import IDENTITY_FILE, IndexIdentity, read_identity, write_identity
from index.schema import INDEX_SCHEMA_VERSION
from index.search import MAX_QUERY_CHARS, Hit, QueryError
from index.trusted_storage import TrustedStorage

WriteFile = Callable[[str, str | bytes], Path]

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "resources" / "samples"
PHRASE = "air defense support"

MARKDOWN_ARTICLE = """\
---
title: Quixotic Primer
author: Jane Doe
---

# AIR DEFENSE SUPPORT in five forms

Air defense support comes in many shapes, and air-defense support is often quieter than it looks.
A report may describe air defense
support that wraps across a line.

- Sensors are one kind of air defense support.
- Training is another; defense support alone is not the phrase, nor is air defense supports.

| Item | Note |
|------|------|
| air defense support | listed in a table |

We end a paragraph talking about air defense

Support that starts the next paragraph still follows in the text.
"""

HTML_ARTICLE = """\
<html><head><title>Web Page on Radars</title></head><body>
<p>Quoted: <q>air&nbsp;defense   support</q> with a no-break space.</p>
<blockquote><p>Maintenance is the quiet form of Air Defense Support.</p></blockquote>
<pre>  code mentions air defense support too</pre>
<table><tr><td>air defense</td><td>support split across cells</td></tr></table>
</body></html>
"""

TEXT_ARTICLE = "Unrelated Notes\n\nAir power and defense budgets are mentioned, support too, but never together.\n"

FILLER = "policy radar grid cable export network signal evidence report sanctions analysts Baltic".split()


def random_article(rng: random.Random, number: int) -> tuple[str, str]:
    """A file whose text mentions the phrase a random number of times, in random case and spacing."""
    parts = [f"Generated {number}"]
    for _ in range(rng.randint(2, 8)):
        sentence = " ".join(rng.choice(FILLER) for _ in range(rng.randint(3, 12)))
        for _ in range(rng.choice([0, 0, 1, 2])):
            words = [word.upper() if rng.random() < 0.3 else word.capitalize() if rng.random() < 0.3 else word
                     for word in PHRASE.split()]  # fmt: skip
            mention = rng.choice([" ", "-", "  ", " \n", " — "]).join(words[:2]) + " " + words[2]
            sentence += f" {mention}{rng.choice(['', ',', '.', ';'])} " + rng.choice(FILLER)
        parts.append(sentence)
    suffix = rng.choice(["md", "txt", "html"])
    if suffix == "html":
        return f"gen{number}.html", "".join(f"<p>{part}</p>" for part in parts)
    return f"gen{number}.{suffix}", "\n\n".join(parts)


@dataclass
class Searchable:
    library: Library
    documents: list[Document]
    exact_highlight: Annotation
    sentence_highlight: Annotation
    tagged_elsewhere: Annotation
    child_tagged: Annotation
    other_tag: Annotation


def article_hits(hits: list[Hit]) -> list[tuple[int, int, int]]:
    return sorted((hit.document_id, hit.start, hit.end) for hit in hits if hit.kind == "article")


def annotation_ids(hits: list[Hit]) -> set[int]:
    return {hit.annotation_id for hit in hits if hit.kind == "annotation" and hit.annotation_id is not None}


@pytest.fixture
def searchable(library: Library, write_file: WriteFile) -> Searchable:
    paths = [
        write_file("primer.md", MARKDOWN_ARTICLE),
        write_file("page.html", HTML_ARTICLE),
        write_file("notes.txt", TEXT_ARTICLE),
        SAMPLES,
    ]
    rng = random.Random(2024)
    paths += [write_file(*random_article(rng, number)) for number in range(15)]
    outcomes = library.documents.import_paths(paths).value
    documents = [outcome.document for outcome in outcomes if outcome.document is not None]
    assert len(documents) == len(outcomes), [outcome.error for outcome in outcomes if outcome.error]
    primer = documents[0]
    text = primer.text
    first = text.index("Air defense support")
    sentence_end = text.index("looks.") + len("looks.")
    training = text.index("Training")
    fixture = Searchable(
        library=library,
        documents=documents,
        exact_highlight=library.annotations.add(primer.id, first, first + len(PHRASE), tags=["Air-Defense"]).value,
        sentence_highlight=library.annotations.add(primer.id, first, sentence_end, note="Check the supplier angle").value,
        tagged_elsewhere=library.annotations.add(primer.id, training, training + 8, tags=["air-defense", "region/iran"]).value,
        child_tagged=library.annotations.add(documents[1].id, 0, 6, tags=["air-defense/radars"]).value,
        other_tag=library.annotations.add(documents[2].id, 0, 9, tags=["region/iran"], color="green").value,
    )
    library.index.flush()
    return fixture


# -- every mention -----------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", [PHRASE, "air defense", "export control", "the", "support"])
def test_phrase_search_lists_every_occurrence(searchable: Searchable, phrase: str) -> None:
    library = searchable.library
    result = library.index.search(f'"{phrase}"', limit=None)
    expected = sorted(
        (document.id, start, end)
        for document in searchable.documents
        for start, end in brute_force_spans(document.text, phrase)
    )
    assert expected, "the test corpus should mention the phrase"
    assert article_hits(result.hits) == expected
    highlights = [library.annotations.get(annotation_id) for annotation_id in library.store.annotation_ids()]
    mentioned = {a.id for a in highlights if brute_force_spans(a.exact, phrase) or brute_force_spans(a.note, phrase)}
    assert annotation_ids(result.hits) == mentioned  # a highlight matches by its quote or its note
    assert result.total == len(result.hits)
    words = r"\W+".join(re.escape(word) for word in phrase.split())
    for hit in result.hits:
        if hit.kind == "article":
            text = library.documents.get(hit.document_id).text
            assert re.fullmatch(words, text[hit.start : hit.end].lower())
            assert "<mark>" in hit.snippet
            assert hit.title == library.documents.get(hit.document_id).title


def test_phrase_mentions_are_found_in_every_kind_of_block(searchable: Searchable) -> None:
    primer, page = searchable.documents[0], searchable.documents[1]
    hits = article_hits(searchable.library.index.search(f'"{PHRASE}"', limit=None).hits)

    def found(document: Document) -> list[str]:
        return [document.text[start:end] for document_id, start, end in hits if document_id == document.id]

    assert found(primer) == [
        "AIR DEFENSE SUPPORT",  # heading
        "Air defense support",
        "air-defense support",
        "air defense support",  # a wrapped line is one paragraph
        "air defense support",  # list item
        "air defense support",  # table cell
        "air defense\nSupport",  # across two paragraphs the words still follow each other
    ]
    assert found(page) == [
        "air defense support",
        "Air Defense Support",
        "air defense support",
        "air defense\tsupport",
    ]


def test_phrase_search_finds_highlights_that_contain_it(searchable: Searchable) -> None:
    hits = searchable.library.index.search(f'"{PHRASE}"', limit=None).hits
    assert annotation_ids(hits) == {searchable.exact_highlight.id, searchable.sentence_highlight.id}
    for hit in hits:
        if hit.kind == "annotation":
            annotation = searchable.library.annotations.get(hit.annotation_id)
            assert (hit.document_id, hit.start, hit.end) == (
                annotation.document_id,
                annotation.start,
                annotation.end,
            )
            assert hit.tags == annotation.tags
            assert "<mark>" in hit.snippet


def test_article_hits_respect_the_limit_but_total_counts_all(searchable: Searchable) -> None:
    everything = searchable.library.index.search('"the"', limit=None)
    limited = searchable.library.index.search('"the"', limit=5)
    assert len(limited.hits) == 5
    assert limited.total == everything.total > 5


# -- fields ------------------------------------------------------------------------------------------
def test_tag_search_finds_exactly_the_tagged_highlights(searchable: Searchable) -> None:
    hits = searchable.library.index.search("tag:air-defense", limit=None).hits
    assert all(hit.kind == "annotation" for hit in hits)
    assert annotation_ids(hits) == {
        searchable.exact_highlight.id,
        searchable.tagged_elsewhere.id,
        searchable.child_tagged.id,  # "air-defense/radars" sits under "air-defense"
    }
    assert len(hits) == 3
    assert annotation_ids(searchable.library.index.search("tag:region/iran").hits) == {
        searchable.tagged_elsewhere.id,
        searchable.other_tag.id,
    }
    assert annotation_ids(searchable.library.index.search("tag:Air-Defense/Radars").hits) == {searchable.child_tagged.id}
    assert searchable.library.index.search("tag:nonexistent").hits == []


def test_note_search_finds_the_noted_highlight(searchable: Searchable) -> None:
    hits = searchable.library.index.search("note:supplier").hits
    assert [(hit.kind, hit.annotation_id, hit.note) for hit in hits] == [
        ("annotation", searchable.sentence_highlight.id, "Check the supplier angle")
    ]


def test_title_search_finds_the_article(searchable: Searchable) -> None:
    primer = searchable.documents[0]
    for query in ("title:quixotic", "quixotic", "doc:quixotic"):
        hits = searchable.library.index.search(query).hits
        assert hits, query
        assert {hit.document_id for hit in hits} == {primer.id}
        [article] = [hit for hit in hits if hit.kind == "article"]
        assert (article.start, article.end, article.title) == (0, 0, "Quixotic Primer")


def test_highlight_is_searchable_after_flush_and_gone_after_delete(searchable: Searchable) -> None:
    library = searchable.library
    document = searchable.documents[2]
    start = document.text.index("budgets")
    annotation = library.annotations.add(document.id, start, start + 7, note="zeppelin remark", tags=["airships"]).value
    library.index.flush()
    assert annotation_ids(library.index.search("zeppelin").hits) == {annotation.id}
    assert annotation_ids(library.index.search('"budgets"').hits) == {annotation.id}

    library.annotations.update(annotation.id, note="dirigible remark", tags=["blimps"])
    library.index.flush()
    assert library.index.search("zeppelin").hits == []
    assert library.index.search("tag:airships").hits == []
    assert annotation_ids(library.index.search("dirigible").hits) == {annotation.id}
    assert annotation_ids(library.index.search("tag:blimps").hits) == {annotation.id}

    library.annotations.delete(annotation.id)
    library.index.flush()
    result = library.index.search("dirigible")
    assert (result.total, result.hits) == (0, [])
    assert not annotation_ids(library.index.search('"budgets"').hits)


def test_a_highlight_changed_before_the_index_caught_up_is_indexed_once(searchable: Searchable) -> None:
    library = searchable.library
    document = searchable.documents[2]
    start = document.text.index("budgets")
    annotation = library.annotations.add(document.id, start, start + 7, note="first zeppelin").value
    library.annotations.update(annotation.id, note="second zeppelin")
    library.annotations.update(annotation.id, color="blue")
    library.index.flush()
    hits = library.index.search("zeppelin").hits
    assert [(hit.annotation_id, hit.note, hit.color) for hit in hits] == [(annotation.id, "second zeppelin", "blue")]
    assert library.index.search("note:first").hits == []


def test_deleting_a_document_removes_its_mentions_and_highlights(searchable: Searchable) -> None:
    library = searchable.library
    primer = searchable.documents[0]
    library.documents.delete(primer.id)
    library.index.flush()
    hits = library.index.search(f'"{PHRASE}"', limit=None).hits
    assert hits and primer.id not in {hit.document_id for hit in hits}
    assert library.index.search("quixotic").hits == []
    assert annotation_ids(library.index.search("tag:air-defense").hits) == {searchable.child_tagged.id}


# -- malformed and garbage queries -------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        '"air defense',
        'air "defense" "',
        "(air OR defense",
        "air)",
        "((air)",
        "",
        "   ",
        '""',
        "x" * (MAX_QUERY_CHARS + 1),
    ],
)
def test_malformed_queries_raise_query_error_with_a_message(library: Library, query: str) -> None:
    with pytest.raises(QueryError) as error:
        library.index.search(query)
    message = str(error.value)
    assert message and "\n" not in message and len(message) < 200


GARBAGE_PIECES = [
    '"', "'", ":", "(", ")", "*", "~", "~2", "^", "^3", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "tag:", "title:",
    "note:", "color:", "doc:", "author:", "created:>", "[", "]", "{", "}", "TO", "air", "defense", "é", "“", "”",
    "😀", "中文", "\\", "/", "-", "+", "?", "!", "<", ">", "=", "2026-01", " ", " ", "\t", "\n", "\x00", "’", ".",
    ",", "a*b", "*x", "x~", "@", "#", "&", "|", "$", "%", "\u200b", "\ufeff",
]  # fmt: skip


def test_random_garbage_queries_raise_nothing_but_query_error(searchable: Searchable) -> None:
    library = searchable.library
    texts = {document.id: document.text for document in searchable.documents}
    answered = refused = 0
    for seed in range(300):
        rng = random.Random(seed)
        query = "".join(
            rng.choice(GARBAGE_PIECES) + (" " if rng.random() < 0.4 else "") for _ in range(rng.randint(0, 12))
        )
        try:
            result = library.index.search(query)
        except QueryError as error:
            assert str(error), repr(query)
            refused += 1
            continue
        answered += 1
        for hit in result.hits:
            assert 0 <= hit.start <= hit.end <= len(texts[hit.document_id]), repr(query)
    assert answered and refused  # the generator exercises both outcomes


# -- the index is derived data -----------------------------------------------------------------------
def _snapshot(library: Library) -> dict[str, list[tuple[object, ...]]]:
    queries = [f'"{PHRASE}"', "tag:air-defense", "note:supplier", "quixotic", "sanctions"]
    return {
        query: sorted(
            (hit.kind, hit.document_id, hit.start, hit.end, hit.annotation_id or 0)
            for hit in library.index.search(query, limit=None).hits
        )
        for query in queries
    }


def _garbage(files: Iterator[Path]) -> None:
    for path in files:
        path.write_bytes(b"\x00garbage\xff" * 64)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "folder deleted": lambda folder: shutil.rmtree(folder),
    "every file garbage": lambda folder: _garbage(path for path in folder.iterdir() if path.is_file()),
    "table of contents garbage": lambda folder: _garbage(folder.glob("*.toc")),
    "segments garbage": lambda folder: _garbage(folder.glob("*.seg")),
    "other version": lambda folder: _write_identity(folder, schema=INDEX_SCHEMA_VERSION + 1),
    "identity file missing": lambda folder: (folder / IDENTITY_FILE).unlink(),
}


def _state(data_dir: Path, name: str) -> str:
    with sqlite3.connect(database_path(data_dir)) as connection:
        return connection.execute("SELECT value FROM library_state WHERE name = ?", (name,)).fetchone()[0]


def _live_folder(data_dir: Path) -> Path:
    return index_path(data_dir) / _state(data_dir, "index_live")


def _storage(folder: Path) -> TrustedStorage:
    """The folder's storage with its library's key, as Lectern opens it (``folder`` is data/index/NAME)."""
    return TrustedStorage(folder, bytes.fromhex(_state(folder.parent.parent, "index_key")))


def _write_identity(folder: Path, schema: int) -> None:
    """A correctly sealed identity file of another schema version: only the version tells it apart."""
    library = _state(folder.parent.parent, "index_identity")
    (folder / IDENTITY_FILE).unlink()
    write_identity(_storage(folder), IndexIdentity(library, schema))


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_index_is_rebuilt_from_the_database(searchable: Searchable, data_dir: Path, damage: str) -> None:
    before = _snapshot(searchable.library)
    assert all(before.values())
    searchable.library.close()

    folder = _live_folder(data_dir)
    assert any(folder.glob("*.seg")) and any(folder.glob("*.toc"))
    DAMAGES[damage](folder)

    reopened = Library(data_dir, background=False)
    try:
        reopened.index.flush()
        assert _snapshot(reopened) == before
        rebuilt = _live_folder(data_dir)
        assert rebuilt != folder and not folder.exists()  # a new directory went live; the damaged one is gone
        assert read_identity(_storage(rebuilt)).schema == INDEX_SCHEMA_VERSION
    finally:
        reopened.close()
    again = Library(data_dir, background=False)  # the rebuilt index opens as it is
    try:
        assert not again.index.keeper.needs_rebuild
        assert _snapshot(again) == before
    finally:
        again.close()


def test_changes_not_yet_indexed_survive_a_restart(data_dir: Path, write_file: WriteFile) -> None:
    first = Library(data_dir, background=False)
    document = first.documents.import_file(write_file("late.md", "# Late\n\nA zeppelin appears.")).value.document
    assert document is not None
    first.index.flush()
    start = document.text.index("zeppelin")
    first.annotations.add(document.id, start, start + 8, tags=["airships"])
    first.close()  # closed before the index caught up: the outbox still holds the change

    reopened = Library(data_dir, background=False)
    try:
        reopened.index.flush()
        assert [hit.kind for hit in reopened.index.search("tag:airships").hits] == ["annotation"]
        assert reopened.store.pending_index_count() == 0
    finally:
        reopened.close()


def test_background_writer_makes_new_highlights_searchable(data_dir: Path, write_file: WriteFile) -> None:
    library = Library(data_dir, background=True)
    try:
        outcome = library.documents.import_file(
            write_file("bg.md", "# Background\n\nThe writer thread indexes air defense support.")
        ).value
        assert outcome.document is not None
        assert library.index.flush()
        assert article_hits(library.index.search(f'"{PHRASE}"').hits) == [
            (outcome.document.id, *brute_force_spans(outcome.document.text, PHRASE)[0])
        ]
        start = outcome.document.text.index("writer")
        annotation = library.annotations.add(outcome.document.id, start, start + 6, note="threaded", tags=["bg"]).value
        assert library.index.flush()
        assert annotation_ids(library.index.search("note:threaded").hits) == {annotation.id}
        assert annotation_ids(library.index.search("tag:bg").hits) == {annotation.id}
    finally:
        library.close()
