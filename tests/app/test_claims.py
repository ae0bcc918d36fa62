"""``library.claims``: claims and their evidence, each write one undo step that says what it changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.errors import NotFound
from annotations.models import Annotation
from app import Changes, Library

WriteFile = Callable[[str, str | bytes], Path]


def article(title: str, date: str, text: str) -> str:
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: {title}\nauthor: Jane Doe\n{dated}---\n\n{text}\n"


@pytest.fixture
def quotes(library: Library, write_file: WriteFile) -> dict[str, Annotation]:
    """One highlight in each of four articles: September, April and May 2024, and one undated."""
    sources = {
        "september": ("Autumn Visit", "2024-09-12", "Experts visited Tehran in September."),
        "undated": ("Undated Note", "", "Visits followed a long pattern."),
        "april": ("Spring Visit", "2024-04-03", "Experts visited Tehran in April."),
        "may": ("Denial", "May 2024", "The ministry denied any visit."),
    }
    made = {}
    for name, (title, date, text) in sources.items():
        document = library.documents.import_file(write_file(f"{name}.md", article(title, date, text))).value.document
        assert document is not None
        made[name] = library.annotations.add_quote(document.id, text).value[0]
    return made


def searched(library: Library, query: str) -> list[int]:
    library.index.flush()
    return sorted(hit.annotation_id for hit in library.index.search(query, limit=None).hits if hit.annotation_id)


def test_evidence_is_grouped_by_stance_and_ordered_by_date_with_undated_last(
    library: Library, quotes: dict[str, Annotation]
) -> None:
    claim = library.claims.add("Experts visited Tehran", note="Two visits?", tags=["Iran"]).value
    for name in ("undated", "september", "april"):
        library.claims.link(claim.id, quotes[name].id, "supports")
    library.claims.link(claim.id, quotes["may"].id, "contradicts")

    found = library.claims.evidence(claim.id)
    assert found.claim.text == "Experts visited Tehran" and found.claim.tags == ("iran",)
    assert [item.annotation_id for item in found.of("supports")] == [
        quotes["april"].id,
        quotes["september"].id,
        quotes["undated"].id,
    ]
    assert found.counts == {"supports": 3, "contradicts": 1, "context": 0}
    first = found.items[0]
    april = quotes["april"]
    assert (first.title, first.byline, first.published, first.exact) == (
        "Spring Visit", "Jane Doe", "2024-04-03", "Experts visited Tehran in April."
    )  # fmt: skip
    assert (first.document_id, first.start, first.end) == (april.document_id, april.start, april.end)
    [summary] = library.claims.all()
    assert (summary.id, summary.supports, summary.contradicts, summary.context) == (claim.id, 3, 1, 0)
    assert [link.claim_id for link in library.claims.links_of(quotes["may"].id)] == [claim.id]
    with pytest.raises(NotFound, match=r"No claim #99\."):
        library.claims.evidence(99)


def test_each_write_names_what_changed(library: Library, quotes: dict[str, Annotation]) -> None:
    april = quotes["april"]
    added = library.claims.add("Experts visited Tehran")
    assert added.changes == Changes(claims=True, history=True)
    linked = library.claims.link(added.value.id, april.id, "supports")
    assert linked.changes.claims and linked.changes.history
    assert linked.changes.annotations == {april.id}, "the highlight's view shows its claims"
    assert linked.changes.annotated_documents == {april.document_id}
    assert not linked.changes.tags
    edited = library.claims.update(added.value.id, tags=["iran"])
    assert edited.changes.claims and not edited.changes.annotations
    deleted = library.claims.delete(added.value.id)
    assert deleted.claims and deleted.annotations == {april.id}
    assert (Changes(claims=True) | Changes()).claims and bool(Changes(claims=True))


def test_undo_and_redo_of_add_edit_link_and_unlink(library: Library, quotes: dict[str, Annotation]) -> None:
    april, may = quotes["april"], quotes["may"]
    claim = library.claims.add("Experts visited Tehran", tags=["iran"]).value
    library.claims.update(claim.id, text="Experts went to Tehran", note="checked", tags=["iran", "visits"])
    library.claims.link(claim.id, april.id, "supports")
    library.claims.link(claim.id, may.id, "contradicts")
    library.claims.link(claim.id, may.id, "context")  # a new stance
    library.claims.unlink(claim.id, april.id)

    assert library.history.undo_label == "Unlink from Claim"
    library.history.undo()
    assert {(i.annotation_id, i.stance) for i in library.claims.evidence(claim.id).items} == {
        (april.id, "supports"),
        (may.id, "context"),
    }
    undone = library.history.undo()
    assert undone.changes.claims and undone.changes.annotations == {may.id}
    assert library.claims.evidence(claim.id).of("contradicts")[0].annotation_id == may.id
    library.history.undo()
    library.history.undo()
    assert library.claims.evidence(claim.id).items == ()
    assert searched(library, f"claim:{claim.id}") == []
    library.history.undo()  # the edit
    restored = library.claims.get(claim.id)
    assert (restored.text, restored.note, restored.tags) == ("Experts visited Tehran", "", ("iran",))
    assert restored == claim
    library.history.undo()  # the claim itself
    assert library.claims.all() == [] and library.history.undo_label == "Highlight"

    for _ in range(6):
        library.history.redo()
    again = library.claims.evidence(claim.id)
    assert (again.claim.text, again.claim.tags) == ("Experts went to Tehran", ("iran", "visits"))
    assert [(i.annotation_id, i.stance) for i in again.items] == [(may.id, "context")]
    assert searched(library, f"claim:{claim.id}") == [may.id]


def test_undoing_a_claims_deletion_brings_back_its_id_tags_and_links(
    library: Library, quotes: dict[str, Annotation]
) -> None:
    claim = library.claims.add("Experts visited Tehran", note="Key", tags=["iran", "visits"]).value
    for name, stance in (("april", "supports"), ("may", "contradicts"), ("undated", "context")):
        library.claims.link(claim.id, quotes[name].id, stance)
    before = library.claims.evidence(claim.id)
    assert searched(library, f"claim:{claim.id}") == sorted(q.id for n, q in quotes.items() if n != "september")

    deleted = library.claims.delete(claim.id)
    assert deleted.annotations == {quotes["april"].id, quotes["may"].id, quotes["undated"].id}
    assert library.claims.all() == [] and searched(library, f"claim:{claim.id}") == []
    undone = library.history.undo()
    assert undone.value is not None and undone.value.label == "Delete Claim"
    assert undone.changes.annotated_documents == {quotes[n].document_id for n in ("april", "may", "undated")}
    assert library.claims.evidence(claim.id) == before  # same id, text, note, tags, links and link times
    assert searched(library, f"claim:{claim.id}") == sorted(q.id for n, q in quotes.items() if n != "september")
    library.history.redo()
    assert library.claims.all() == []


def test_undoing_a_highlights_deletion_brings_back_its_claim_links(
    library: Library, quotes: dict[str, Annotation]
) -> None:
    april = quotes["april"]
    first = library.claims.add("Experts visited Tehran").value
    second = library.claims.add("Visits were routine").value
    library.claims.link(first.id, april.id, "supports")
    library.claims.link(second.id, april.id, "context")
    links = library.claims.links_of(april.id)

    deleted = library.annotations.delete(april.id)
    assert deleted.claims, "the claims' evidence changed"
    assert library.claims.links_of(april.id) == []
    library.history.undo()
    assert library.claims.links_of(april.id) == links
    assert library.claims.evidence(first.id).of("supports")[0].annotation_id == april.id
    assert searched(library, f"claim:{second.id}") == [april.id]

    library.annotations.update(april.id, note="still evidence")  # an edit and its undo keep the links
    library.history.undo()
    assert library.claims.links_of(april.id) == links


def test_a_highlight_restored_after_its_claim_was_deleted_comes_back_without_that_link(
    library: Library, quotes: dict[str, Annotation]
) -> None:
    april = quotes["april"]
    claim = library.claims.add("Experts visited Tehran").value
    kept = library.claims.add("Visits were routine").value
    library.claims.link(claim.id, april.id, "supports")
    library.claims.link(kept.id, april.id, "context")
    library.annotations.delete(april.id)
    library.store.claims.delete(claim.id)  # as another process would, outside this window's undo history
    library.history.undo()
    assert library.annotations.get(april.id).exact == april.exact
    assert [link.claim_id for link in library.claims.links_of(april.id)] == [kept.id]


def test_failed_writes_leave_no_undo_step(library: Library, quotes: dict[str, Annotation]) -> None:
    claim = library.claims.add("Experts visited Tehran").value
    label = library.history.undo_label
    with pytest.raises(NotFound, match=r"^No highlight #999\.$"):
        library.claims.link(claim.id, 999, "supports")
    with pytest.raises(NotFound, match=r"^No claim #42\.$"):
        library.claims.delete(42)
    library.claims.update(claim.id, text="Experts visited Tehran")  # unchanged: nothing to undo
    assert library.history.undo_label == label == "Add Claim"
