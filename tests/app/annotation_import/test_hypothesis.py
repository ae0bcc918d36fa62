"""The Hypothesis API's JSON: rows made on a web page are placed on the article with that URL (or, failing
that, the one article holding the quote) in place, moved, on slightly changed text or as orphans; the rest
are reported, never guessed."""

from __future__ import annotations

import json
import uuid

import pytest
from file_writing import WriteFile

from annotations.anchoring import quote_selector
from annotations.importers.parallel import parse_one
from app import Library
from app.annotation_import.placing import LECTERN_NAMESPACE

URL = "https://example.org/policy/air-defense"

# The page as it was when it was annotated in the browser ...
ORIGINAL = f"""\
---
title: Air defense in the north
source: {URL}
---

The radar network covers the northern border and the coast.

Interceptor stocks are finite, and resupply takes months.

Officials said the new battery would arrive before winter, with spares.

The old command bunker was closed in 2019 after the flood.
"""

# ... and as it is in the library: a paragraph added, a sentence reworded, one deleted.
EDITED = f"""\
---
title: Air defense in the north
source: {URL}
---

The radar network covers the northern border and the coast.

An update was published in May with several corrections to the figures.

Interceptor stocks are finite, and resupply takes months.

Officials said the new battery would arrive before the winter, with spares.

The harbour was dredged in spring and reopened to ships.
"""


def row(identifier: str, text: str, quote: str, *, uri: str = URL, note: str = "", tags: tuple[str, ...] = ()) -> dict:
    """A Hypothesis annotation of ``quote`` as the browser saw it in ``text``."""
    start = text.index(quote)
    selector = quote_selector(text, start, start + len(quote))
    return {
        "id": identifier,
        "created": "2024-05-01T10:00:00.123456+00:00",
        "updated": "2024-05-02T11:30:00.654321+00:00",
        "user": "acct:researcher@hypothes.is",
        "uri": uri,
        "text": note,
        "tags": list(tags),
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [
            {
                "source": uri,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/main[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/main[1]/p[2]",
                        "endOffset": len(quote),
                    },
                    {"type": "TextPositionSelector", "start": start, "end": start + len(quote)},
                    {"type": "TextQuoteSelector", "exact": quote, "prefix": selector.prefix, "suffix": selector.suffix},
                ],
            }
        ],
        "document": {"title": ["Air defense in the north"]},
        "links": {"html": f"https://hypothes.is/a/{identifier}"},
    }


@pytest.fixture
def article(library: Library, write_file: WriteFile) -> tuple[Library, int, str]:
    """The library holding the edited article, and the text the browser annotated."""
    browser_text = parse_one(write_file("original.md", ORIGINAL)).parsed.text  # type: ignore[union-attr]
    document = library.documents.import_file(write_file("edited.md", EDITED)).value.document
    assert document is not None
    return library, document.id, browser_text


def search_response(text: str) -> dict[str, object]:
    rows = [
        row("AAAexact", text, "radar network covers the northern border", tags=("Air Defense", "radar")),
        row("BBBmoved", text, "Interceptor stocks are finite", uri=URL + "/#stocks", note="Check **this**."),
        row("CCCfuzzy", text, "the new battery would arrive before winter", tags=("procurement",)),
        row("DDDorphan", text, "The old command bunker was closed in 2019", note="bunker"),
        row("EEEmirror", text, "resupply takes months", uri="https://mirror.example.net/copy-of-the-page"),
        row(
            "FFFelsewhere",
            "Text on another site that is nowhere in the library.",
            "nowhere in the library",
            uri="https://other.example.com/story",
        ),  # fmt: skip
        {"id": "GGGpagenote", "uri": URL, "text": "A note on the whole page", "tags": [], "target": [{"source": URL}]},
        {"id": "HHHreply", "uri": URL, "text": "I agree", "references": ["AAAexact"], "target": [{"source": URL}]},
    ]
    return {"total": len(rows), "rows": rows}


def test_rows_are_placed_in_place_moved_fuzzy_orphaned_or_reported(
    article: tuple[Library, int, str], write_file: WriteFile
) -> None:
    library, document_id, browser_text = article
    path = write_file("hypothesis.json", json.dumps(search_response(browser_text)))
    applied = library.annotation_imports.import_file(path)
    report = applied.value
    assert report.format == "hypothesis"
    counts = (report.placed, report.moved, report.fuzzy, report.orphaned, report.unmatched, report.failed)
    assert counts == (1, 2, 1, 1, 1, 2)
    assert report.read == 8 and report.created == 5

    text = library.documents.get(document_id).text
    stored = {a.uuid: a for a in library.annotations.for_document(document_id)}
    assert set(stored) == {str(uuid.uuid5(LECTERN_NAMESPACE, f"https://hypothes.is/a/{i}")) for i in
                           ("AAAexact", "BBBmoved", "CCCfuzzy", "DDDorphan", "EEEmirror")}  # fmt: skip
    by_quote = {a.exact: a for a in stored.values()}
    exact = by_quote["radar network covers the northern border"]
    assert (exact.start, exact.end) == (browser_text.index(exact.exact), browser_text.index(exact.exact) + 40)
    assert exact.tags == ("air-defense", "radar")
    assert exact.created == "2024-05-01T10:00:00.123+00:00" and exact.modified == "2024-05-02T11:30:00.654+00:00"
    moved = by_quote["Interceptor stocks are finite"]
    assert moved.start == text.index("Interceptor stocks") != browser_text.index("Interceptor stocks")
    assert moved.note == "Check **this**."
    fuzzy = by_quote["the new battery would arrive before the winter"]
    assert fuzzy.tags == ("procurement",) and not fuzzy.orphaned
    orphan = by_quote["The old command bunker was closed in 2019"]
    assert orphan.orphaned and orphan.note == "bunker"
    assert [a.id for a in library.annotations.orphans()] == [orphan.id]
    assert by_quote["resupply takes months"].start == text.index("resupply takes months")  # found by its quote
    for annotation in stored.values():
        if not annotation.orphaned:
            assert text[annotation.start : annotation.end] == annotation.exact

    problems = {problem.label.split(" (")[0]: problem for problem in report.problems}
    assert problems["row 6"].status == "unmatched" and "other.example.com" in problems["row 6"].reason
    assert problems["row 7"].status == "failed" and "page note" in problems["row 7"].reason
    assert problems["row 8"].status == "failed" and "reply" in problems["row 8"].reason
    assert problems["row 4"].status == "orphaned" and problems["row 4"].annotation_id == orphan.id
    assert problems["row 3"].status == "fuzzy"
    summary = report.summary()
    assert "Imported 5 of 8 annotations" in summary and "1 orphaned" in summary and "2 could not be read" in summary
    assert applied.changes.annotated_documents == frozenset({document_id})


def test_the_same_export_twice_creates_nothing_and_a_list_of_rows_reads_too(
    article: tuple[Library, int, str], write_file: WriteFile
) -> None:
    library, document_id, browser_text = article
    response = search_response(browser_text)
    library.annotation_imports.import_file(write_file("hypothesis.json", json.dumps(response)))
    before = library.annotations.for_document(document_id)
    again = library.annotation_imports.import_file(write_file("rows.json", json.dumps(response["rows"]))).value
    assert again.format == "hypothesis" and again.created == 0 and again.skipped == 5
    assert library.annotations.for_document(document_id) == before


def test_a_quote_in_several_articles_is_chosen_by_its_context_or_reported(
    library: Library, write_file: WriteFile
) -> None:
    shared = "Stocks of interceptors are running low across the region"
    first = f"---\ntitle: One\n---\nIn the north, officials said: {shared} this year.\n"
    second = f"---\ntitle: Two\n---\nAnalysts in the south agree that {shared}, again.\n"
    one = library.documents.import_file(write_file("one.md", first)).value.document
    two = library.documents.import_file(write_file("two.md", second)).value.document
    assert one is not None and two is not None
    rows = [
        row("context-two", two.text, shared, uri="https://elsewhere.example/2"),
        {**row("no-context", two.text, shared, uri="https://elsewhere.example/3"), "id": "no-context"},
    ]
    for selector in rows[1]["target"][0]["selector"]:
        if selector["type"] == "TextQuoteSelector":
            selector["prefix"] = selector["suffix"] = ""
    report = library.annotation_imports.import_file(write_file("rows.json", json.dumps(rows))).value
    assert (report.created, report.unmatched) == (1, 1)
    (placed,) = library.store.all_annotations()
    assert placed.document_id == two.id
    (unmatched,) = [problem for problem in report.problems if problem.status == "unmatched"]
    assert "2 articles" in unmatched.reason
