"""Claims in the SQLite store: writes with their outbox rows, cleaning, errors in words, undo states."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotations.errors import NotFound
from annotations.models import Annotation, ParsedDocument
from annotations.store import Store
from annotations.store_claims import InvalidClaim

TEXT = "Experts visited Tehran in April.\nThe ministry denied any visit.\nVisits had happened before."


@pytest.fixture
def store(open_store: Callable[[], Store]) -> Store:
    """The store on each engine: SQLite and PostgreSQL."""
    return open_store()


@pytest.fixture
def highlights(store: Store) -> list[Annotation]:
    document = store.add_document(ParsedDocument(title="Visits", html="<p>x</p>", text=TEXT, format="text"))
    return store.add_annotations(document.id, [(0, 32), (33, 62), (63, 90)])


def outbox(store: Store) -> list[int]:
    """The highlights waiting for the index, and empty the outbox (as the index writer would)."""
    rows = store.pending_index_changes(10_000)
    if rows:
        store.acknowledge_index_changes(rows[-1][0])
    return sorted(entity for _, kind, entity in rows if kind == "annotation")


def test_a_claim_is_cleaned_tagged_and_refused_without_text(store: Store) -> None:
    claim = store.claims.add("  Experts\u202e visited\u200b Tehran\n ", note="Why\u202e it matters\n\n", tags=["Iran ", "iran", "Region/Iran"])
    assert claim.text == "Experts visited Tehran"
    assert claim.note == "Why it matters"
    assert claim.tags == ("iran", "region/iran")
    assert claim.created == claim.modified and claim.uuid
    with pytest.raises(InvalidClaim, match="^A claim needs some text.$"):
        store.claims.add(" \u200b ")
    with pytest.raises(InvalidClaim, match="needs some text"):
        store.claims.update(claim.id, text="\n")
    with pytest.raises(NotFound, match=r"^No claim #12\.$"):
        store.claims.update(12, note="x")
    assert store.claims.all() == [claim]


def test_links_enqueue_their_highlights_and_relinking_changes_the_stance(
    store: Store, highlights: list[Annotation]
) -> None:
    first, second, third = (annotation.id for annotation in highlights)
    claim = store.claims.add("Experts visited Tehran")
    outbox(store)
    store.claims.link(claim.id, first, "supports")
    store.claims.link(claim.id, second, "contradicts")
    assert outbox(store) == [first, second]
    relinked = store.claims.link(claim.id, second, "context")
    assert relinked.stance == "context"
    assert [(link.annotation_id, link.stance) for link in store.claims.links(claim.id)] == [
        (first, "supports"),
        (second, "context"),
    ]
    assert outbox(store) == [second]
    store.claims.link(claim.id, second, "context")  # the same stance again changes nothing
    assert outbox(store) == []

    with pytest.raises(NotFound, match=r"^No highlight #40\.$"):
        store.claims.link(claim.id, 40, "supports")
    with pytest.raises(NotFound, match=r"^No claim #12\.$"):
        store.claims.link(12, first, "supports")
    with pytest.raises(InvalidClaim, match="Unknown stance “agrees”"):
        store.claims.link(claim.id, first, "agrees")
    with pytest.raises(NotFound, match=f"#{third} is not linked to claim #{claim.id}"):
        store.claims.unlink(claim.id, third)

    store.claims.unlink(claim.id, first)
    assert outbox(store) == [first]
    summary = store.claims.summaries()[0]
    assert (summary.supports, summary.contradicts, summary.context) == (0, 0, 1)


def test_new_text_reindexes_linked_highlights_and_delete_takes_the_links(
    store: Store, highlights: list[Annotation]
) -> None:
    first, second, third = (annotation.id for annotation in highlights)
    claim = store.claims.add("Experts visited Tehran")
    store.claims.link(claim.id, first, "supports")
    store.claims.link(claim.id, third, "context")
    outbox(store)
    edited = store.claims.update(claim.id, note="only the note")
    assert outbox(store) == [] and edited.note == "only the note" and edited.modified >= claim.modified
    store.claims.update(claim.id, text="Experts went to Tehran")
    assert outbox(store) == [first, third]  # ``claim:`` finds highlights by their claim's words

    assert store.claims.delete(claim.id) == [first, third]
    assert outbox(store) == [first, third]
    assert store.claims.get(claim.id) is None
    assert store.claims.links_of_annotations([first, second, third]) == {}
    assert store.annotation(first).exact == highlights[0].exact  # the highlights stay


def test_deleting_a_highlight_takes_its_links_with_it(store: Store, highlights: list[Annotation]) -> None:
    claim = store.claims.add("Experts visited Tehran")
    store.claims.link(claim.id, highlights[0].id, "supports")
    store.claims.link(claim.id, highlights[1].id, "contradicts")
    store.delete_annotation(highlights[0].id)
    assert [link.annotation_id for link in store.claims.links(claim.id)] == [highlights[1].id]


def test_summaries_page_through_claims_with_counts(store: Store, highlights: list[Annotation]) -> None:
    claims = [store.claims.add(f"Claim {number}") for number in range(5)]
    store.claims.link(claims[1].id, highlights[0].id, "supports")
    store.claims.link(claims[1].id, highlights[1].id, "supports")
    store.claims.link(claims[1].id, highlights[2].id, "contradicts")
    store.claims.link(claims[2].id, highlights[2].id, "context")
    page = store.claims.summaries(offset=1, limit=2)
    assert [(s.id, s.text, s.supports, s.contradicts, s.context) for s in page] == [
        (claims[1].id, "Claim 1", 2, 1, 0),
        (claims[2].id, "Claim 2", 0, 0, 1),
    ]
    assert store.claims.count() == 5 and len(store.claims.summaries(offset=3)) == 2


def test_an_edit_restored_by_undo_keeps_the_highlights_links(store: Store, highlights: list[Annotation]) -> None:
    """Undo writes a highlight back as an upsert: a replace would delete the row, and with it its links."""
    claim = store.claims.add("Experts visited Tehran")
    store.claims.link(claim.id, highlights[0].id, "supports")
    before = store.states.snapshot([highlights[0].id])
    store.update_annotation(highlights[0].id, note="edited")
    store.states.restore(before)
    assert store.annotation(highlights[0].id).note == ""
    assert [link.stance for link in store.claims.links(claim.id)] == ["supports"]
