"""Hostile content at import and edit time (issue #13, row 11): attributes, invisible characters in titles,
sources that are not addresses or paths, text the page hid, and links that only look safe."""

from __future__ import annotations

import pytest
from file_writing import WriteFile

from annotations.errors import InvalidMetadata
from annotations.importers import parse_file
from annotations.metadata import plain_line, plain_source
from annotations.models import DocumentMetadata
from annotations.sanitize import is_safe_link, sanitize_html
from app import Library

BODY = "<p>The article's own words, long enough to read.</p>"


def test_a_5_mb_title_attribute_is_not_stored(write_file: WriteFile) -> None:
    huge = "x" * (5 * 1024 * 1024)
    page = f'<html><body><article><p title="{huge}">Visible text of the article.</p>{BODY}</article></body></html>'
    document = parse_file(write_file("attr.html", page))
    assert "title=" not in document.html and len(document.html) < 10_000
    assert "Visible text of the article." in document.text


def test_only_the_attributes_the_reader_uses_are_kept() -> None:
    html = (
        '<p title="t" lang="en" class="c">a <abbr title="Abbreviation">ab</abbr> '
        '<a href="https://example.org/x" title="tip" id="ref" onclick="steal()">link</a></p>'
        '<ol start="3"><li id="fn1">note</li></ol><table><tr><td colspan="2" title="t">cell</td></tr></table>'
    )
    clean = sanitize_html(html)
    assert "title" not in clean and "lang" not in clean and "class" not in clean and "onclick" not in clean
    assert '<a href="https://example.org/x" id="ref">' in clean
    assert '<ol start="3"><li id="fn1">' in clean and 'colspan="2"' in clean


def test_bidi_and_zero_width_characters_are_stripped_from_titles_and_metadata(write_file: WriteFile) -> None:
    text = (
        "---\ntitle: \"Report\\u202egnp.exe\"\nauthor: \"A\\u200bnn\\u2066 Lee\\u2069\"\n"
        "date: \"2024\\ufeff-05-01\"\nsource: \"https://example.org/\\u200ba\"\n---\n" + "Some words of the article.\n"
    )
    document = parse_file(write_file("bidi.md", text))
    assert document.title == "Reportgnp.exe"
    assert document.byline == "Ann Lee"
    assert document.published == "2024-05-01"
    assert document.source == "https://example.org/a"


def test_joiners_stay_inside_words_where_scripts_need_them() -> None:
    assert plain_line("می\u200cخواهم") == "می\u200cخواهم"  # Persian: a zero-width non-joiner inside the word
    assert plain_line("\u200cReport\u200d") == "Report"


def test_a_javascript_source_gives_way_to_the_file_path(write_file: WriteFile) -> None:
    path = write_file("script.md", "---\ntitle: Notes\nsource: javascript:alert(document.cookie)\n---\nText here.\n")
    document = parse_file(path)
    assert document.source == str(path.resolve())


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        ("https://example.org/a?b=1", True),
        ("/home/me/notes/a.md", True),
        ("C:\\Users\\me\\a.md", True),
        ("notes/a.md", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("file:///etc/passwd", False),
        ("http:\\\\host\\share", False),
    ],
)
def test_sources_are_web_addresses_or_paths(source: str, kept: bool) -> None:
    assert (plain_source(source) == source) is kept


def test_metadata_edited_later_is_cleaned_the_same_way(library: Library, write_file: WriteFile) -> None:
    outcome = library.documents.import_file(write_file("a.md", "# A\n\nWords of the article.\n")).value
    assert outcome.document is not None
    document_id = outcome.document.id
    edited = library.documents.update_metadata(
        document_id, DocumentMetadata(title="Invoice\u202efdp.exe", byline="B\u200bob", note="line\u202e one\nline two")
    ).value
    assert (edited.title, edited.byline, edited.note) == ("Invoicefdp.exe", "Bob", "line one\nline two")
    with pytest.raises(InvalidMetadata, match="web address"):
        library.documents.update_metadata(document_id, DocumentMetadata(source="javascript:alert(1)"))
    assert library.documents.get(document_id).source.endswith("a.md")


HIDDEN_PAGE = """<html><head><title>Hidden parts</title></head><body><article>
<h1>Hidden parts</h1>
<p>First visible paragraph of the article, with enough words to be read as the article body.</p>
<p style="display: none">SECRET-DISPLAY</p>
<p>Second visible paragraph <span style="visibility:hidden">SECRET-VISIBILITY</span>continues here.</p>
<div hidden><p>SECRET-ATTRIBUTE</p></div>
<p>Third paragraph <span style="font-size: 0px">SECRET-FONT</span>ends <span style="font-size:0.9em">small print</span>.</p>
<p>Fourth paragraph <span aria-hidden="true">DECORATION</span> stays as shown.</p>
</article></body></html>"""


@pytest.mark.parametrize("name", ["hidden.html", "hidden.md"])
def test_text_hidden_by_the_page_is_dropped_not_revealed(write_file: WriteFile, name: str) -> None:
    content = HIDDEN_PAGE if name.endswith(".html") else HIDDEN_PAGE.split("<article>")[1].split("</article>")[0]
    document = parse_file(write_file(name, content))
    for secret in ("SECRET-DISPLAY", "SECRET-VISIBILITY", "SECRET-ATTRIBUTE", "SECRET-FONT"):
        assert secret not in document.text and secret not in document.html
    for shown in ("First visible paragraph", "continues here", "small print", "stays as shown"):
        assert shown in document.text
    if name.endswith(".md"):  # aria-hidden text is on screen (saved web pages drop it as decoration, as before)
        assert "DECORATION" in document.text


@pytest.mark.parametrize(
    "href",
    [
        "http:\\\\host\\share",
        "https:file:///etc/passwd",
        "https:/example.org",
        "https://user:secret@example.org/",
        "https://example.org@evil.example/",
        "https://exa mple.org/",
        "https://example.org/\u202egnp",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "mailto:",
        "mailto:a@b@c",
        "#a b",
    ],
)
def test_links_that_only_look_safe_are_refused(href: str) -> None:
    assert not is_safe_link(href)
    assert "href" not in sanitize_html(f'<a href="{href}">x</a>')


@pytest.mark.parametrize(
    "href",
    ["https://example.org/a?b=1#c", "http://localhost:8080/x", "HTTPS://EXAMPLE.ORG", "mailto:ann@example.org", "#fn1"],
)
def test_good_links_still_open(href: str) -> None:
    assert is_safe_link(href)
