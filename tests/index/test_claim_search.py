"""``claim:`` and ``stance:`` in the query language, on a real library whose highlights are linked to claims."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from file_writing import WriteFile

from app import Library
from index.search import QueryError

TEXT = (
    "---\ntitle: Visits\ndate: 2024-10-01\n---\n\n"
    "Officials said Russian missile experts visited Tehran in April. "
    "A spokesman denied that any experts travelled. "
    "The visits followed a defence agreement signed in 2023.\n"
)


@dataclass
class Linked:
    library: Library
    said: int  # highlight ids
    denied: int
    agreement: int
    unlinked: int
    visit: int  # claim ids
    deal: int


def highlight(library: Library, document_id: int, text: str, phrase: str) -> int:
    start = text.index(phrase)
    return library.annotations.add(document_id, start, start + len(phrase)).value.id


@pytest.fixture
def linked(library: Library, write_file: WriteFile) -> Linked:
    document = library.documents.import_paths([write_file("visits.md", TEXT)]).value[0].document
    assert document is not None
    said = highlight(library, document.id, document.text, "Officials said Russian missile experts visited Tehran")
    denied = highlight(library, document.id, document.text, "A spokesman denied")
    agreement = highlight(library, document.id, document.text, "defence agreement signed in 2023")
    unlinked = highlight(library, document.id, document.text, "The visits followed")
    visit = library.claims.add("Russian missile experts visited Tehran in 2024").value.id
    deal = library.claims.add("A defence pact was signed").value.id
    library.claims.link(visit, said, "supports")
    library.claims.link(visit, denied, "contradicts")
    library.claims.link(visit, agreement, "context")
    library.claims.link(deal, agreement, "supports")
    library.index.flush()
    return Linked(library, said, denied, agreement, unlinked, visit, deal)


def found(library: Library, query: str) -> set[int]:
    library.index.flush()
    hits = library.index.search(query, limit=None).hits
    return {hit.annotation_id for hit in hits if hit.kind == "annotation" and hit.annotation_id is not None}


def test_claim_number_finds_every_highlight_linked_to_it(linked: Linked) -> None:
    assert found(linked.library, f"claim:{linked.visit}") == {linked.said, linked.denied, linked.agreement}
    assert found(linked.library, f"claim:{linked.deal}") == {linked.agreement}
    assert found(linked.library, "claim:999") == set()


def test_claim_words_and_phrases_find_highlights_by_the_claims_text(linked: Linked) -> None:
    assert found(linked.library, "claim:tehran") == {linked.said, linked.denied, linked.agreement}
    assert found(linked.library, 'claim:"missile experts"') == {linked.said, linked.denied, linked.agreement}
    assert found(linked.library, 'claim:"experts missile"') == set()
    assert found(linked.library, "claim:pact") == {linked.agreement}
    assert found(linked.library, "claims:pact") == {linked.agreement}  # the alias


def test_a_claims_words_are_not_the_highlights_words(linked: Linked) -> None:
    """A plain word searches quotes and notes, not the text of a linked claim."""
    assert linked.unlinked not in found(linked.library, "pact") and linked.agreement not in found(linked.library, "pact")


def test_quoted_digits_are_words_of_the_claim_not_its_number(linked: Linked) -> None:
    assert found(linked.library, 'claim:"2024"') == {linked.said, linked.denied, linked.agreement}
    assert found(linked.library, "claim:2024") == set()  # no claim is numbered 2024


def test_stance_alone_and_paired_with_a_claim(linked: Linked) -> None:
    library = linked.library
    assert found(library, "stance:supports") == {linked.said, linked.agreement}
    assert found(library, "stance:contradicts") == {linked.denied}
    # The agreement supports the deal and gives context to the visit: claim:visit stance:supports is not it.
    assert found(library, f"claim:{linked.visit} stance:supports") == {linked.said}
    assert found(library, f"claim:{linked.deal} stance:supports") == {linked.agreement}
    assert found(library, f"claim:{linked.visit} AND stance:context") == {linked.agreement}
    assert found(library, "claim:tehran stance:contradicts") == {linked.denied}
    assert found(library, f"spokesman claim:{linked.visit}") == {linked.denied}


def test_unlinking_removes_the_highlight_from_the_claims_results(linked: Linked) -> None:
    linked.library.claims.unlink(linked.visit, linked.denied)
    assert found(linked.library, f"claim:{linked.visit}") == {linked.said, linked.agreement}
    assert found(linked.library, "stance:contradicts") == set()


def test_a_new_claim_text_is_found_by_its_new_words(linked: Linked) -> None:
    linked.library.claims.update(linked.visit, text="Iranian engineers toured Moscow")
    assert found(linked.library, "claim:moscow") == {linked.said, linked.denied, linked.agreement}
    assert found(linked.library, "claim:tehran") == set()


def test_a_changed_stance_and_undo_are_followed(linked: Linked) -> None:
    library = linked.library
    library.claims.link(linked.visit, linked.denied, "supports")
    assert found(library, f"claim:{linked.visit} stance:contradicts") == set()
    assert found(library, f"claim:{linked.visit} stance:supports") == {linked.said, linked.denied}
    library.history.undo()
    assert found(library, f"claim:{linked.visit} stance:contradicts") == {linked.denied}


def test_a_deleted_claim_finds_nothing(linked: Linked) -> None:
    linked.library.claims.delete(linked.deal)
    assert found(linked.library, f"claim:{linked.deal}") == set() and found(linked.library, "claim:pact") == set()


def test_a_rebuild_indexes_the_claims_again(linked: Linked) -> None:
    linked.library.index.keeper.request_rebuild("test")
    assert found(linked.library, f"claim:{linked.visit} stance:contradicts") == {linked.denied}
    assert found(linked.library, "claim:pact") == {linked.agreement}


def test_a_malformed_claim_query_is_said_in_words(linked: Linked) -> None:
    with pytest.raises(QueryError):
        linked.library.index.search("claim:(tehran", limit=None)
