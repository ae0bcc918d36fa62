"""Citations: the exact reference each style gives a known article, the quote run in with it, and no
failure on odd metadata (no author, no date, "2024", "May 2024", a date that is no date)."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import pytest
from file_writing import WriteFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import InvalidSelection, NotFound
from annotations.models import Document, DocumentMetadata
from app import Library
from app.exports import csl
from app.exports.citations import date_parts, quote_citation, reference, split_byline
from app.exports.options import STYLES, InvalidExport

ARTICLE = """\
---
title: Interceptors and Radars
author: By Jane Doe and Richard Roe
date: 2025-03-04
source: https://example.org/interceptors
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.
"""


@pytest.fixture
def article(library: Library, write_file: WriteFile) -> Document:
    imported = library.documents.import_file(write_file("article.md", ARTICLE)).value.document
    assert imported is not None
    return library.documents.update_metadata(imported.id, DocumentMetadata(site="Foreign Affairs")).value


def test_each_style_gives_the_known_reference_with_the_quote(library: Library, article: Document) -> None:
    [highlight] = library.annotations.add_quote(article.id, "Radar exports are visible.").value
    cited = {style: library.exports.cite(highlight.id, style) for style in STYLES}
    assert cited["chicago-note"].text == (
        "“Radar exports are visible.”¹\n\n"
        "1. Jane Doe and Richard Roe, “Interceptors and Radars,” Foreign Affairs, March 4, 2025,"
        " https://example.org/interceptors."
    )
    assert cited["chicago-author-date"].text == (
        "“Radar exports are visible” (Doe and Roe 2025).\n\n"
        "Doe, Jane, and Richard Roe. 2025. “Interceptors and Radars.” Foreign Affairs, March 4."
        " https://example.org/interceptors."
    )
    assert cited["apa"].text == (
        "“Radar exports are visible” (Doe & Roe, 2025).\n\n"
        "Doe, J., & Roe, R. (2025, March 4). Interceptors and Radars. Foreign Affairs."
        " https://example.org/interceptors"
    )
    assert cited["mla"].text == (
        "“Radar exports are visible” (Doe and Roe).\n\n"
        "Doe, Jane, and Richard Roe. “Interceptors and Radars.” Foreign Affairs, 4 Mar. 2025,"
        " https://example.org/interceptors."
    )
    # rich text and Markdown say the same, with the style's italics
    assert cited["apa"].html == (
        "<p>“Radar exports are visible” (Doe &amp; Roe, 2025).</p>\n"
        "<p>Doe, J., &amp; Roe, R. (2025, March 4). <i>Interceptors and Radars</i>. Foreign Affairs."
        " https://example.org/interceptors</p>"
    )
    assert cited["apa"].markdown == (
        "“Radar exports are visible” (Doe & Roe, 2025).\n\n"
        "Doe, J., & Roe, R. (2025, March 4). *Interceptors and Radars*. Foreign Affairs."
        " https://example.org/interceptors"
    )
    assert cited["chicago-note"].markdown == (
        "“Radar exports are visible.”[^1]\n\n"
        "[^1]: Jane Doe and Richard Roe, “Interceptors and Radars,” Foreign Affairs, March 4, 2025,"
        " https://example.org/interceptors."
    )
    assert cited["mla"].html.endswith("<i>Foreign Affairs</i>, 4 Mar. 2025, https://example.org/interceptors.</p>")


def test_a_selection_in_the_reader_is_cited_as_a_passage(library: Library, article: Document) -> None:
    start = article.text.index("Interceptor stocks")
    end = article.text.index(", and air")
    cited = library.exports.cite_passage(article.id, start, end, "chicago-author-date")
    assert cited.text.startswith("“Interceptor stocks are finite” (Doe and Roe 2025).\n\nDoe, Jane, and Richard Roe.")
    with pytest.raises(InvalidSelection):
        library.exports.cite_passage(article.id, end, start, "apa")
    with pytest.raises(InvalidSelection):
        library.exports.cite_passage(article.id, 0, len(article.text) + 5, "apa")
    with pytest.raises(NotFound):
        library.exports.cite(999, "apa")
    with pytest.raises(InvalidExport, match="unknown citation style"):
        library.exports.cite_passage(article.id, start, end, "harvard")


def test_a_local_file_without_author_or_date_still_gets_a_reference(library: Library, write_file: WriteFile) -> None:
    local = library.documents.import_file(write_file("field notes.txt", "Field notes\n\nSanctions widened.")).value
    assert local.document is not None
    document = local.document
    assert reference(document, "chicago-note").citation == "“Field Notes.”"  # no URL for a file on disk
    assert reference(document, "chicago-author-date").entry == "“Field Notes.” n.d."  # the title once, not twice
    assert reference(document, "apa").entry == "<i>Field notes</i>. (n.d.)."
    assert quote_citation("Sanctions widened.", document, "apa").text == (
        "“Sanctions widened” (Field Notes, n.d.).\n\nField notes. (n.d.)."
    )


def test_dates_as_articles_give_them() -> None:
    assert date_parts("2025-03-04T10:32:00Z") == [2025, 3, 4]
    assert date_parts("2024") == [2024]
    assert date_parts("2024-05") == [2024, 5]
    assert date_parts("May 2024") == [2024, 5]
    assert date_parts("4 May 2024") == [2024, 5, 4]
    assert date_parts("Updated May 4, 2024 10:32 AM") == [2024, 5, 4]
    assert date_parts("20240504") == [2024, 5, 4]
    assert date_parts("2024-02-30") == [2024, 2]  # no such day: the month stands
    assert date_parts("04/05/2024") == [2024]  # day and month are ambiguous: the year stands
    assert date_parts("yesterday") is None
    assert date_parts("") is None


def test_bylines_split_into_people_and_organisations() -> None:
    def names(byline: str) -> list[str]:
        return [person.get("literal") or f"{person['family']}, {person['given']}" for person in split_byline(byline)]

    assert names("By Jane Doe and Richard Roe") == ["Doe, Jane", "Roe, Richard"]
    assert names("Jane Doe, Richard Roe, and Ann Lee") == ["Doe, Jane", "Roe, Richard", "Lee, Ann"]
    assert names("Jane Doe & Richard Roe; Ann Lee") == ["Doe, Jane", "Roe, Richard", "Lee, Ann"]
    assert names("Doe, Jane") == ["Doe, Jane"]  # one person, family name first
    assert names("Doe, J. R.") == ["Doe, J. R."]
    assert names("Ludwig van Beethoven") == ["van Beethoven, Ludwig"]
    assert names("JANE DOE") == ["Doe, Jane"]
    assert names("Jane Doe et al.") == ["Doe, Jane"]
    assert names("RAND Corporation") == ["RAND Corporation"]
    assert names("Reuters") == ["Reuters"]
    assert names("") == []
    assert split_byline("Jane Doe, Jr.") == [{"family": "Doe", "given": "Jane", "suffix": "Jr."}]


def test_what_is_mended_in_the_styles_for_citeproc_py(library: Library, article: Document) -> None:
    """Full given names where the style keeps them, no label of an empty variable, no MLA title in-text."""
    assert reference(article, "chicago-note").citation.startswith("Jane Doe and Richard Roe, ")
    assert "Edition" not in reference(article, "chicago-note").entry
    assert reference(article, "mla").citation == "(Doe and Roe)"
    assert reference(article, "apa").entry.startswith("Doe, J., &amp; Roe, R.")  # APA does initialise


WEB = {
    "id": "shape",
    "type": "webpage",
    "title": "Interceptors and radars: why support matters?",
    "author": [{"family": "Doe", "given": "Jane"}, {"literal": "RAND Corporation"}],
    "container-title": "Foreign Affairs",
    "issued": {"date-parts": [[2025, 3]]},
    "accessed": {"date-parts": [[2026, 1, 15]]},
    "URL": "https://example.org/interceptors",
}


@pytest.mark.parametrize("style", STYLES)
def test_a_style_cut_down_to_a_shape_renders_as_the_whole_style(style: str) -> None:
    """Settling choices and dropping macros for one shape of reference changes no reference of that shape."""
    optional = ("author", "container-title", "issued", "accessed", "URL")
    for size in range(len(optional) + 1):
        for kept in combinations(optional, size):  # all 32 shapes
            item = {key: value for key, value in WEB.items() if key in ("id", "type", "title", *kept)}
            present = frozenset(kept) | {"title"}
            whole = csl.CitationStylesStyle(
                csl.io.BytesIO(csl.style_xml(style, "webpage", present, settle=False)), validate=False
            )
            assert csl.render(style, item) == _render_with(whole, item), (style, kept)


def _render_with(style: csl.CitationStylesStyle, item: dict[str, object]) -> tuple[str, str]:
    cited = csl.CitationStylesBibliography(style, csl.CiteProcJSON([item]), csl.formatter.html)
    citation = csl.Citation([csl.CitationItem(str(item["id"]))])
    cited.register(citation)
    return str(cited.cite(citation, lambda _item: None)), str(cited.bibliography()[0])


ODD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
ODD_DATES = st.one_of(ODD_TEXT, st.sampled_from(["2024", "2024-05", "May 2024", "0000-00-00", "9999", "2024-99-99"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=ODD_TEXT, byline=ODD_TEXT, published=ODD_DATES, site=ODD_TEXT, source=ODD_TEXT, quote=ODD_TEXT)
def test_odd_metadata_never_raises(
    article: Document, title: str, byline: str, published: str, site: str, source: str, quote: str
) -> None:
    odd = replace(article, title=title, byline=byline, published=published, site=site, source=source)
    for style in STYLES:
        cited = quote_citation(quote, odd, style)
        assert cited.text and cited.html and cited.markdown
