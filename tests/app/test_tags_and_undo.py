"""The tag tree (rename, merge, move, delete, colour and description) and undo/redo of every annotation and tag
operation, checked in the store and in the search index."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotations.errors import InvalidSelection, InvalidTag, LecternError, NotFound
from annotations.models import Annotation, TagCount
from app import Library

WriteFile = Callable[[str, str | bytes], Path]

ARTICLE = """\
# Regional air defense

Tehran ordered radars from Moscow. The radars arrive in spring.

Baghdad watches the deal. Interceptor stocks are finite, and air defense support is scarce.

Damascus asks for training. Radar maintenance creates dependency.
"""

# Queries whose hits (as comparable tuples) make up the searchable state a test compares.
QUERIES = (
    "tag:region",
    "tag:region/iran",
    "tag:area",
    "tag:area/iran",
    "tag:supply",
    "tag:logistics",
    "tag:iran",
    "color:green",
    "color:yellow",
    "note:dependency",
    "radars",
)


@pytest.fixture
def document_id(library: Library, write_file: WriteFile) -> int:
    outcome = library.documents.import_file(write_file("regional.md", ARTICLE)).value
    assert outcome.document is not None
    return outcome.document.id


@pytest.fixture
def tagged(library: Library, document_id: int) -> dict[str, Annotation]:
    """Four highlights: two under region/iran (one also 'supply'), one region/iraq, one 'logistics' + 'supply'."""
    made = {
        "tehran": library.annotations.add_quote(document_id, "Tehran ordered radars", tags=["region/iran"]).value,
        "spring": library.annotations.add_quote(
            document_id, "arrive in spring", tags=["region/iran", "supply"], color="green"
        ).value,
        "baghdad": library.annotations.add_quote(document_id, "Baghdad watches the deal", tags=["region/iraq"]).value,
        "stocks": library.annotations.add_quote(
            document_id, "Interceptor stocks are finite", tags=["logistics", "supply"], note="dependency on Moscow"
        ).value,
    }
    library.index.flush()
    return {name: created[0] for name, created in made.items()}


def tags_of(library: Library) -> dict[str, tuple[int, str, str]]:
    return {tag.name: (tag.count, tag.color, tag.description) for tag in library.tags.counts()}


def hits(library: Library, query: str) -> list[tuple[Any, ...]]:
    library.index.flush()
    return sorted(
        (hit.kind, hit.document_id, hit.annotation_id, hit.start, hit.end, tuple(hit.tags), hit.color or "")
        for hit in library.index.search(query, limit=None).hits
    )


def annotation_ids(library: Library, query: str) -> list[int]:
    library.index.flush()
    return sorted(hit.annotation_id for hit in library.index.search(query, limit=None).hits if hit.annotation_id)


def state(library: Library) -> tuple[list[Annotation], dict[str, tuple[int, str, str]], dict[str, list[Any]]]:
    """Everything an undo must restore: each highlight (ids, uuids, offsets, quote, tags, timestamps), each tag's
    count, colour and description, and what the index answers."""
    return library.store.all_annotations(), tags_of(library), {query: hits(library, query) for query in QUERIES}


# -- rename ------------------------------------------------------------------------------------------
def test_rename_takes_the_children_along_everywhere_and_in_search(
    library: Library, tagged: dict[str, Annotation]
) -> None:
    changed = library.tags.rename("Region", "Area").value
    assert changed == 3
    assert library.annotations.get(tagged["tehran"].id).tags == ("area/iran",)
    assert library.annotations.get(tagged["spring"].id).tags == ("area/iran", "supply")
    assert library.annotations.get(tagged["baghdad"].id).tags == ("area/iraq",)
    assert set(tags_of(library)) == {"area/iran", "area/iraq", "supply", "logistics"}
    assert annotation_ids(library, "tag:area") == sorted(tagged[name].id for name in ("tehran", "spring", "baghdad"))
    assert annotation_ids(library, "tag:area/iran") == sorted([tagged["tehran"].id, tagged["spring"].id])
    assert annotation_ids(library, "tag:region") == []
    assert annotation_ids(library, "tag:region/iran") == []


def test_rename_a_child_only(library: Library, tagged: dict[str, Annotation]) -> None:
    assert library.tags.rename("region/iran", "region/persia").value == 2
    assert set(tags_of(library)) == {"region/persia", "region/iraq", "supply", "logistics"}
    assert annotation_ids(library, "tag:region") == sorted(tagged[name].id for name in ("tehran", "spring", "baghdad"))


def test_rename_onto_an_existing_tag_is_refused_and_nothing_changes(
    library: Library, tagged: dict[str, Annotation]
) -> None:
    before = state(library)
    with pytest.raises(InvalidTag, match="merge"):
        library.tags.rename("logistics", "supply")
    with pytest.raises(InvalidTag):
        library.tags.rename("supply", "supply")
    with pytest.raises(InvalidTag):
        library.tags.rename("supply", " / ")
    with pytest.raises(NotFound):
        library.tags.rename("nowhere", "somewhere")
    assert state(library) == before
    assert library.history.undo_label is not None and library.history.undo_label == "Highlight"


# -- merge -------------------------------------------------------------------------------------------
def test_merge_leaves_the_target_once_on_highlights_that_had_both(
    library: Library, tagged: dict[str, Annotation]
) -> None:
    changed = library.tags.merge("supply", "region/iran").value
    assert changed == 2
    assert library.annotations.get(tagged["spring"].id).tags == ("region/iran",)
    assert library.annotations.get(tagged["stocks"].id).tags == ("logistics", "region/iran")
    assert tags_of(library)["region/iran"][0] == 3
    assert "supply" not in tags_of(library)
    assert annotation_ids(library, "tag:supply") == []
    assert annotation_ids(library, "tag:region/iran") == sorted(
        tagged[name].id for name in ("tehran", "spring", "stocks")
    )


def test_merge_into_a_missing_tag_is_refused(library: Library, tagged: dict[str, Annotation]) -> None:
    before = state(library)
    with pytest.raises(NotFound):
        library.tags.merge("supply", "nowhere")
    with pytest.raises(InvalidTag):
        library.tags.merge("region", "region/iran")  # into its own child
    assert state(library) == before


# -- move --------------------------------------------------------------------------------------------
def test_move_under_a_parent_and_back_to_the_top(library: Library, tagged: dict[str, Annotation]) -> None:
    assert library.tags.move("supply", "logistics").value == 2
    assert library.annotations.get(tagged["stocks"].id).tags == ("logistics", "logistics/supply")
    assert annotation_ids(library, "tag:logistics") == sorted([tagged["spring"].id, tagged["stocks"].id])
    assert annotation_ids(library, "tag:supply") == []

    assert library.tags.move("region/iran", "").value == 2
    assert library.annotations.get(tagged["tehran"].id).tags == ("iran",)
    assert library.annotations.get(tagged["spring"].id).tags == ("iran", "logistics/supply")
    assert annotation_ids(library, "tag:iran") == sorted([tagged["tehran"].id, tagged["spring"].id])
    assert annotation_ids(library, "tag:region") == [tagged["baghdad"].id]


def test_moving_a_tag_inside_itself_is_refused(library: Library, tagged: dict[str, Annotation]) -> None:
    before = state(library)
    with pytest.raises(InvalidTag, match="inside itself"):
        library.tags.move("region", "region/iran")
    with pytest.raises(InvalidTag):
        library.tags.move("region", "region")
    assert state(library) == before


# -- delete, colour, description ---------------------------------------------------------------------
def test_delete_a_tag_with_children_keeps_the_highlights(library: Library, tagged: dict[str, Annotation]) -> None:
    assert library.tags.delete("region").value == 3
    assert len(library.store.all_annotations()) == 4
    assert library.annotations.get(tagged["tehran"].id).tags == ()
    assert library.annotations.get(tagged["spring"].id).tags == ("supply",)
    assert set(tags_of(library)) == {"supply", "logistics"}
    assert annotation_ids(library, "tag:region") == []
    assert annotation_ids(library, "radars") == [tagged["tehran"].id]
    with pytest.raises(NotFound):
        library.tags.delete("region")


def test_colour_and_description_and_an_unknown_colour(library: Library, tagged: dict[str, Annotation]) -> None:
    detail = library.tags.set_details("supply", color="green", description="  Stocks and deliveries ").value
    assert detail == TagCount("supply", 2, "green", "Stocks and deliveries")
    assert library.tags.set_details("supply", description="").value == TagCount("supply", 2, "green", "")
    with pytest.raises(InvalidTag, match="purple"):
        library.tags.set_details("supply", color="purple")
    assert tags_of(library)["supply"] == (2, "green", "")
    new = library.tags.set_details("Watch List", color="pink").value
    assert new == TagCount("watch-list", 0, "pink", "")


def test_an_unused_tag_whose_colour_and_description_are_cleared_goes(
    library: Library, tagged: dict[str, Annotation]
) -> None:
    library.tags.set_details("watch", color="pink", description="later")
    assert tags_of(library)["watch"] == (0, "pink", "later")
    assert library.tags.set_details("watch", color="", description=" ").value == TagCount("watch", 0)
    assert "watch" not in tags_of(library)
    library.history.undo()
    assert tags_of(library)["watch"] == (0, "pink", "later")
    library.history.redo()
    assert "watch" not in tags_of(library)
    assert library.tags.set_details("supply", color="").value == TagCount("supply", 2)  # used: it stays


def test_a_tag_with_a_colour_outlives_its_last_highlight(library: Library, tagged: dict[str, Annotation]) -> None:
    library.tags.set_details("region/iraq", color="blue")
    library.annotations.delete(tagged["baghdad"].id)
    library.annotations.update(tagged["stocks"].id, tags=["supply"])  # 'logistics' had no colour
    tags = tags_of(library)
    assert tags["region/iraq"] == (0, "blue", "")
    assert "logistics" not in tags


# -- undo and redo -----------------------------------------------------------------------------------
def check_undo_redo(library: Library, operation: Callable[[], object]) -> None:
    """``operation`` is one undo step: undo restores store and index exactly, redo re-applies it."""
    before = state(library)
    operation()
    after = state(library)
    assert after != before
    change = library.history.undo().value
    assert change is not None
    assert state(library) == before
    assert library.history.redo().value is not None
    assert state(library) == after
    assert library.history.undo().value is not None
    assert state(library) == before


@pytest.mark.parametrize(
    "operation",
    [
        "annotate",
        "annotate_every",
        "update",
        "update_style",
        "delete",
        "rename",
        "rename_child",
        "merge",
        "move",
        "delete_tag",
        "set_details",
        "new_tag_details",
    ],
)
def test_undo_restores_store_and_index_and_redo_reapplies(
    library: Library, document_id: int, tagged: dict[str, Annotation], operation: str
) -> None:
    library.tags.set_details("supply", color="orange", description="deliveries")
    operations: dict[str, Callable[[], object]] = {
        "annotate": lambda: library.annotations.add(document_id, 0, 8, tags=["region/syria"], note="first", color="blue").value,
        "annotate_every": lambda: library.annotations.add_quote(document_id, "radars", every=True, tags=["hardware"]).value,
        "update": lambda: library.annotations.update(
            tagged["spring"].id, color="pink", tags=["logistics", "new/tag"], note="changed"
        ).value,
        "update_style": lambda: library.annotations.update(tagged["tehran"].id, style="underline").value,
        "delete": lambda: library.annotations.delete(tagged["stocks"].id),
        "rename": lambda: library.tags.rename("region", "area").value,
        "rename_child": lambda: library.tags.rename("region/iran", "iran").value,
        "merge": lambda: library.tags.merge("supply", "logistics").value,
        "move": lambda: library.tags.move("region/iran", "logistics").value,
        "delete_tag": lambda: library.tags.delete("supply").value,
        "set_details": lambda: library.tags.set_details("supply", color="green", description="other").value,
        "new_tag_details": lambda: library.tags.set_details("watch", color="pink").value,
    }
    check_undo_redo(library, operations[operation])


def test_annotate_every_occurrence_is_one_undo_step(library: Library, document_id: int) -> None:
    created = library.annotations.add_quote(document_id, "radars", every=True).value
    assert len(created) == 2
    library.history.undo()
    assert library.annotations.for_document(document_id) == []
    assert library.history.undo().value is None


def test_merge_into_a_coloured_tag_and_undo_restores_both_tags(library: Library, tagged: dict[str, Annotation]) -> None:
    library.tags.set_details("supply", color="orange", description="deliveries")
    library.tags.set_details("logistics", color="blue")
    check_undo_redo(library, lambda: library.tags.merge("supply", "logistics").value)
    check_undo_redo(library, lambda: library.tags.merge("logistics", "supply").value)


def test_undo_of_a_delete_brings_back_the_same_highlight(library: Library, tagged: dict[str, Annotation]) -> None:
    spring = library.annotations.get(tagged["spring"].id)
    library.annotations.delete(spring.id)
    library.history.undo()
    assert library.annotations.get(spring.id) == spring
    assert annotation_ids(library, "tag:supply") == sorted([spring.id, tagged["stocks"].id])


def test_a_new_operation_after_undo_clears_redo(library: Library, tagged: dict[str, Annotation]) -> None:
    library.tags.rename("supply", "stock")
    library.history.undo()
    assert library.history.redo_label == "Rename Tag"
    library.annotations.update(tagged["tehran"].id, note="new note")
    assert library.history.redo_label is None
    assert library.history.redo().value is None
    assert "stock" not in tags_of(library) and "supply" in tags_of(library)


def test_a_refused_operation_is_not_recorded(library: Library, document_id: int, tagged: dict[str, Annotation]) -> None:
    library.tags.rename("supply", "stock")
    library.history.undo()
    with pytest.raises(InvalidSelection):
        library.annotations.add(document_id, 5, 2)
    with pytest.raises(InvalidSelection):
        library.annotations.update(tagged["tehran"].id, color="purple")
    with pytest.raises(NotFound):
        library.annotations.delete(999)
    assert library.history.redo_label == "Rename Tag"  # nothing new was recorded, redo is still there
    assert library.history.redo().value is not None
    assert "stock" in tags_of(library)


def test_undo_after_the_article_was_deleted_is_a_clear_error(
    library: Library, document_id: int, tagged: dict[str, Annotation], write_file: WriteFile
) -> None:
    other = library.documents.import_file(write_file("other.md", "# Other\n\nTehran ordered radars again.")).value
    assert other.document is not None
    kept = library.annotations.add_quote(other.document.id, "Tehran ordered radars", tags=["region/iran"]).value[0]
    library.tags.rename("region", "area")  # touches highlights in both articles
    library.documents.delete(document_id)
    before = state(library)
    with pytest.raises(LecternError, match="no longer be undone"):
        library.history.undo()
    assert state(library) == before  # nothing half-written: the other article's highlight keeps "area/iran"
    assert library.annotations.get(kept.id).tags == ("area/iran",)
    # The step that cannot be undone is dropped, so earlier steps stay reachable.
    assert library.history.undo_label == "Highlight"
    assert library.history.undo().value is not None
    assert library.store.find_annotation(kept.id) is None
