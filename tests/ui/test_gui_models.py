"""Every item model of the window under ``QAbstractItemModelTester`` (through pytest-qt's ``qtmodeltester``,
whose Qt tester fails the test on any complaint), with real library data: several rows, a reset, an update.

The seven: LibraryTableModel, SearchResultModel, ConcordanceModel, AnnotationListModel (both highlight
lists), SavedSearchModel, TagTreeModel and FacetsModel. The tester stays attached while each model
changes, so every reset, insertion and dataChanged is checked as it happens.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app import Library
from ui.highlights.model import ANNOTATION_ID_ROLE, AnnotationListModel
from ui.library.model import LibraryTableModel
from ui.orphans.presentation import orphan_presentation
from ui.rich_delegate import HTML_ROLE
from ui.saved.model import COUNT_COLUMN, NAME_COLUMN, SavedSearchModel
from ui.search.concordance import ConcordanceModel, concordance_rows
from ui.search.facets import FILTER_ROLE, FacetsModel
from ui.search.model import SearchResultModel
from ui.tags.model import TagTreeModel
from ui.tags.tree import build_tag_tree

pytestmark = pytest.mark.usefixtures("qapp")  # icons and fonts need the application

ARTICLES = {
    "alpha.md": "---\ntitle: Alpha\ndate: 2023-03-01\n---\nThe radar arrived. A second radar followed; the radar was old.\n",
    "beta.md": "---\ntitle: Beta\ndate: 2024-06-10\n---\nTraining came first. Then a radar.\n",
    "gamma.md": "---\ntitle: Gamma\n---\nSpare parts and one radar that never worked.\n",
}


@pytest.fixture
def filled(library: Library, write_file) -> Library:  # type: ignore[no-untyped-def]
    """Three articles, tagged highlights (one tag nested), two saved searches; the index caught up."""
    ids = {}
    for name, text in ARTICLES.items():
        document = library.documents.import_file(write_file(name, text)).value.document
        assert document is not None
        ids[name] = document.id
    library.annotations.add_quote(ids["alpha.md"], "radar", every=True, color="green", tags=["sensors/radar"])
    library.annotations.add_quote(ids["beta.md"], "Training came first.", tags=["training"], note="*why*")
    library.annotations.add_quote(ids["gamma.md"], "Spare parts", color="pink", tags=["logistics", "sensors"])
    library.searches.save("Radars", "radar")
    library.searches.save("Broken", "radar")
    library.index.flush()
    return library


def test_library_table_model(qtmodeltester, filled: Library, write_file) -> None:  # type: ignore[no-untyped-def]
    model = LibraryTableModel()
    qtmodeltester.check(model)
    model.set_documents(filled.documents.summaries())
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["Alpha", "Beta", "Gamma"]
    assert model.index(0, 3).data() == 3
    filled.documents.import_file(write_file("delta.md", "# Delta\n\nNo radar here, only sonar.\n"))
    model.set_documents(filled.documents.summaries())  # a reset with one more row
    assert model.rowCount() == 4 and model.row_of(filled.documents.summaries()[-1].id) == 3
    model.set_documents([])
    assert model.rowCount() == 0


def test_search_result_model_pages_in(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    model = SearchResultModel()
    qtmodeltester.check(model)
    hits = filled.index.search("radar", limit=None).hits
    assert len(hits) >= 6
    model.set_hits(hits[:3])
    model.append_hits(hits[3:])  # the next page: rows inserted at the end
    assert model.rowCount() == len(hits) and model.hit_at(4) == hits[4]
    model.set_hits(filled.index.search("training", limit=None).hits)
    assert {hit.kind for hit in model.hits} == {"article", "annotation"}


def test_concordance_model_continues_a_group_across_pages(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    model = ConcordanceModel()
    qtmodeltester.check(model)
    hits = [hit for hit in filled.index.search('"radar" kind:article', limit=None, sort="title").hits]
    text_of = lambda document_id: filled.documents.get(document_id).text  # noqa: E731
    first = concordance_rows(hits[:2], text_of)
    model.set_rows(first)
    model.set_complete(False)  # the last group's header reads "2+ mentions" (dataChanged)
    assert model.header_text(0) == "2+ mentions"
    model.append_rows(concordance_rows(hits[2:], text_of, after=model.last_row()))  # header updated, rows inserted
    model.set_complete(True)
    assert model.line_count() == len(hits) == 5
    assert [row.count for row in model.rows if row.is_header] == [3, 1, 1]
    model.set_rows([])
    assert model.rowCount() == 0


def test_annotation_list_model_as_both_lists_use_it(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    alpha = next(s.id for s in filled.documents.summaries() if s.title == "Alpha")
    model = AnnotationListModel()
    qtmodeltester.check(model)
    annotations = filled.annotations.for_document(alpha)
    model.set_annotations(list(reversed(annotations)))  # shown in text order whatever the order given
    assert [model.index(row).data(ANNOTATION_ID_ROLE) for row in range(3)] == [a.id for a in annotations]
    edited = filled.annotations.update(annotations[1].id, tags=["sensors"], note="**bold**").value
    assert model.update_annotation(edited)  # one row changed in place
    assert "<strong>bold</strong>" in model.index(1).data(HTML_ROLE)
    everything = [a for summary in filled.documents.summaries() for a in filled.annotations.for_document(summary.id)]
    orphans = [replace(annotation, orphaned=True) for annotation in everything]
    titles = {summary.id: summary.title for summary in filled.documents.summaries()}
    model.set_annotations(orphans, orphan_presentation(titles, current=alpha))  # the Orphans tab's view of them
    assert model.rowCount() == 5
    assert [model.index(row).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())][:3] == ["Alpha"] * 3
    assert "<b>Beta</b>" in model.index(3).data(HTML_ROLE)


def test_saved_search_model_counts_arrive_later(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    model = SavedSearchModel()
    qtmodeltester.check(model)
    searches = filled.searches.all()
    model.set_searches(searches)
    assert [model.index(row, NAME_COLUMN).data() for row in range(2)] == ["Broken", "Radars"]
    assert model.index(0, COUNT_COLUMN).data() == "…"
    model.set_counts({searches[0].id: "a query error", searches[1].id: filled.searches.count(searches[1].id)})
    assert model.index(0, COUNT_COLUMN).data() == "!" and model.index(1, COUNT_COLUMN).data() != "…"
    renamed = filled.searches.rename(searches[0].id, "Fixed").value
    model.set_searches([renamed, searches[1]])  # a reset keeps the counts known
    assert model.index(0, COUNT_COLUMN).data() == "!"


def test_tag_tree_model_rebuilds(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    model = TagTreeModel()
    qtmodeltester.check(model)
    model.set_tree(build_tag_tree(filled.tags.counts(), filled.tags.highlights_tagged))
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["logistics", "sensors", "training"]
    sensors = model.index_of("sensors")
    assert model.rowCount(sensors) == 1 and model.index(0, 0, sensors).data() == "radar"
    filled.tags.rename("sensors", "kit")
    model.set_tree(build_tag_tree(filled.tags.counts(), filled.tags.highlights_tagged))
    assert model.index_of("kit/radar").isValid() and not model.index_of("sensors").isValid()


def test_facets_model_sections_and_values(qtmodeltester, filled: Library) -> None:  # type: ignore[no-untyped-def]
    model = FacetsModel()
    qtmodeltester.check(model)
    model.set_facets(filled.index.facets("radar"))
    sections = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert sections == ["TAGS", "COLOURS", "ARTICLES", "YEARS"]
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable  # a caption is not a choice
    year = model.index_of("published:2023")
    assert (
        year.isValid() and year.parent().data() == "YEARS" and year.siblingAtColumn(1).data() == "6"
    )  # 3 mentions, 3 highlights
    assert year.siblingAtColumn(1).data(FILTER_ROLE) == "published:2023"  # either column narrows
    model.set_facets(filled.index.facets("training"))
    assert "tag:training" in model.clauses()
    model.set_facets(None)
    assert model.rowCount() == 0 and model.rowCount(QModelIndex()) == 0
