"""The placing API every annotation reader shares (``place_annotations``): uuids and times kept, duplicates
skipped, unknown articles reported, a bounded list of problems, progress, and the report's words."""

from __future__ import annotations

import pytest
from file_writing import WriteFile

from annotations.errors import InvalidSelection
from annotations.store import GivenHighlight
from annotations.store_states import ChangedMeanwhile
from app import Library
from app.annotation_import import IncomingAnnotation, place_annotations
from app.annotation_import import placing as placing_module
from app.annotation_import.placing import source_key

TEXT = "Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce."
UUID = "0b6f6f4e-8a57-4e8e-9d6c-5b9a2f0f6a11"


@pytest.fixture
def article(library: Library, write_file: WriteFile) -> tuple[Library, int]:
    document = library.documents.import_file(write_file("a.md", f"---\ntitle: A\n---\n{TEXT}\n")).value.document
    assert document is not None
    return library, document.id


def place(library: Library, incoming: list[IncomingAnnotation], **options: object):  # type: ignore[no-untyped-def]
    return place_annotations(library.store, library.index, library.history, incoming, **options)  # type: ignore[arg-type]


def at(library: Library, document_id: int, quote: str, **fields: object) -> IncomingAnnotation:
    """An annotation of ``quote`` where it is in the article (as REFI-QDA gives them: article and offsets known)."""
    text = library.documents.get(document_id).text
    start = text.index(quote)
    values: dict[str, object] = {"uuid": None, "exact": quote, "start": start, "end": start + len(quote)}
    values.update(document_id=document_id, **fields)
    return IncomingAnnotation(**values)  # type: ignore[arg-type]


def test_an_annotation_on_a_known_article_keeps_uuid_times_tags_note_and_look(article: tuple[Library, int]) -> None:
    library, document_id = article
    incoming = at(
        library,
        document_id,
        "Interceptor stocks",
        uuid=UUID.upper(),
        tags=("Air Defense/Stocks",),
        note="a *note*",
        color="blue",
        style="underline",
        created="2023-01-02T03:04:05Z",
        modified="2023-02-03T04:05:06.789+02:00",
    )
    report = place(library, [incoming]).value
    assert (report.placed, report.created, report.tags_created) == (1, 1, 1)
    (stored,) = library.annotations.for_document(document_id)
    assert stored.uuid == UUID and stored.id == report.annotation_ids[0]
    assert stored.tags == ("air-defense/stocks",) and stored.note == "a *note*"
    assert (stored.color, stored.style) == ("blue", "underline")
    assert stored.created == "2023-01-02T03:04:05.000+00:00" and stored.modified == "2023-02-03T02:05:06.789+00:00"
    assert library.history.undo_label == "Import Annotations"


def test_duplicates_are_skipped_by_uuid_or_by_span_and_tags(article: tuple[Library, int]) -> None:
    library, document_id = article
    first = at(library, document_id, "Radar exports", uuid=UUID, tags=("a",))
    report = place(library, [first, first]).value  # the same uuid twice in one file: once
    assert (report.created, report.skipped) == (1, 1)
    same_span = at(library, document_id, "Radar exports", tags=("a",))  # no uuid, same span and tags
    other_tags = at(library, document_id, "Radar exports", tags=("b",))
    report = place(library, [same_span, other_tags]).value
    assert (report.created, report.skipped) == (1, 1)
    assert sorted(a.tags for a in library.annotations.for_document(document_id)) == [("a",), ("b",)]
    twins = [at(library, document_id, "Interceptor", uuid=f"{n}" * 32, tags=("c",)) for n in (1, 2)]
    assert place(library, twins).value.created == 2  # told apart by their ids, as at their source


def test_an_unknown_article_is_unmatched_with_its_reason_and_the_list_is_bounded(
    article: tuple[Library, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, _ = article
    monkeypatch.setattr(placing_module, "MAX_LISTED_PROBLEMS", 2)
    incoming = [IncomingAnnotation(uuid=None, exact=f"quote {n}", document_id=99, label=f"code {n}") for n in range(5)]
    report = place(library, incoming).value
    assert (report.unmatched, report.created) == (5, 0)
    assert [problem.reason for problem in report.problems] == ["article #99 is not in the library"] * 2
    assert report.problems_left_out == 3
    assert report.to_json()["problems_left_out"] == 3
    assert "5 could not be matched" in report.summary()
    assert library.history.undo_label is None


def test_progress_report_and_words(article: tuple[Library, int]) -> None:
    library, document_id = article
    seen: list[tuple[int, int]] = []
    incoming = [at(library, document_id, quote) for quote in ("Radar exports", "air defense support is scarce")]
    applied = place(library, incoming, progress=lambda done, total: seen.append((done, total)), path="/x/codes.qdpx")
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    report = applied.value
    assert set(report.to_json()) >= {"placed", "moved", "fuzzy", "orphaned", "skipped", "unmatched", "failed",
                                     "documents_created", "tags_created", "problems", "annotation_ids"}  # fmt: skip
    assert report.summary() == "Imported 2 of 2 annotations from codes.qdpx: 2 in place."
    assert applied.changes.annotated_documents == frozenset({document_id})


def test_without_a_position_the_quote_and_its_context_place_it(article: tuple[Library, int]) -> None:
    library, document_id = article
    text = library.documents.get(document_id).text
    start = text.index("stocks are finite")
    incoming = IncomingAnnotation(
        uuid=None,
        exact="stocks are finite",
        prefix=text[start - 20 : start],
        suffix=text[start + 17 : start + 40],
        source="https://nowhere.example/but/the/quote",
    )
    report = place(library, [incoming]).value
    assert report.placed == 1
    (stored,) = library.annotations.for_document(document_id)
    assert (stored.start, stored.end) == (start, start + 17)


def test_sources_compare_without_fragment_trailing_slash_scheme_or_host_case() -> None:
    assert source_key("https://Example.org/a/b/#part") == source_key("http://www.example.org/a/b")
    assert source_key("https://example.org/a?page=2") != source_key("https://example.org/a?page=3")
    assert source_key("file:///home/me/a%20b.md") == "/home/me/a b.md"
    assert source_key(" /home/me/a.md ") == "/home/me/a.md"


def test_the_store_refuses_offsets_whose_text_changed_meanwhile(article: tuple[Library, int]) -> None:
    library, document_id = article
    given = GivenHighlight(document_id, 0, 5, UUID, "t", "t", exact="not what is there")
    with pytest.raises(ChangedMeanwhile):
        library.store.add_given_annotations([given])
    with pytest.raises(InvalidSelection):
        library.store.add_given_annotations([GivenHighlight(document_id, 5, 10_000, UUID, "t", "t")])
    assert not library.store.all_annotations()
