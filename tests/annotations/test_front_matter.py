"""YAML front matter: the metadata block at the top of Markdown and text notes, read without losing text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.importers import parse_file
from annotations.importers.front_matter import FRONT_MATTER_ERROR, split_front_matter

WriteFile = Callable[[str, str | bytes], Path]


def test_yaml_values_become_strings_a_reader_would_expect() -> None:
    metadata, body = split_front_matter(
        "---\n"
        "Title: 'Radars: A Primer'  # a comment\n"
        "authors:\n  - Jane Doe\n  - name: Omar Analyst\n    affiliation: Institute\n"
        "date: 2024-05-06\n"
        "updated: 2024-05-07T10:30:00Z\n"
        "url: https://example.org/radars\n"
        "tags: [air defense, region/iran]\n"
        "summary: >\n  Folded over\n  two lines.\n"
        "---\n"
        "# Body\n"
    )
    assert metadata == {
        "title": "Radars: A Primer",
        "authors": "Jane Doe, Omar Analyst",
        "date": "2024-05-06",
        "updated": "2024-05-07T10:30:00+00:00",
        "url": "https://example.org/radars",
        "tags": "air defense, region/iran",
        "summary": "Folded over two lines.",
    }
    assert body == "# Body\n"


@pytest.mark.parametrize("value", ["1984", "Yes", "3.10", "12:30", "0755", "1_000"])
def test_numbers_and_yes_no_words_stay_as_written(value: str) -> None:
    metadata, _ = split_front_matter(f"---\ntitle: {value}\n---\nText")
    assert metadata["title"] == value


def test_an_unquoted_colon_does_not_lose_the_metadata_or_the_text() -> None:
    metadata, body = split_front_matter("---\ntitle: Iran: What Next\nauthor: Jane Doe\n---\nThe article.\n")
    assert metadata["title"] == "Iran: What Next" and metadata["author"] == "Jane Doe"
    assert metadata[FRONT_MATTER_ERROR].startswith("the front matter is not valid YAML: mapping values are not allowed")
    assert body == "The article.\n"


@pytest.mark.parametrize(
    "text",
    [
        "---\n- a list\n- not metadata\n---\nText after.",
        "---\nA paragraph between two rules.\n---\nText after.",
        "---\n[unclosed, and no key: value lines\n---\nText after.",
        "No front matter here.\n---\ntitle: not at the top\n---\n",
        "---\ntitle: never closed\n\nText after.",
    ],
    ids=["list", "scalar", "broken-without-fields", "not-at-top", "unclosed"],
)
def test_what_is_not_front_matter_stays_in_the_text(text: str) -> None:
    assert split_front_matter(text) == ({}, text)


def test_markdown_import_takes_authors_and_keeps_the_body(write_file: WriteFile) -> None:
    path = write_file(
        "primer.md",
        "---\ntitle: Radars\nauthors: [Jane Doe, Omar Analyst]\ndate: 2024-05-06\nlink: https://example.org/r\n"
        "---\n\nBody text.\n",
    )
    document = parse_file(path)
    assert (document.title, document.byline, document.published, document.source) == (
        "Radars",
        "Jane Doe, Omar Analyst",
        "2024-05-06",
        "https://example.org/r",
    )
    assert document.text == "Body text."


def test_markdown_with_broken_yaml_still_imports(write_file: WriteFile) -> None:
    path = write_file("broken.md", "---\ntitle: Iran: What Next\ntags: [unclosed\n---\n\nBody text.\n")
    document = parse_file(path)
    assert document.title == "Iran: What Next"
    assert document.text == "Body text."


def test_markdown_starting_with_a_rule_keeps_its_text(write_file: WriteFile) -> None:
    document = parse_file(write_file("rules.md", "---\nA paragraph between two rules.\n---\n\nMore text."))
    assert "A paragraph between two rules." in document.text and "More text." in document.text


def test_a_text_note_with_front_matter_takes_its_metadata(write_file: WriteFile) -> None:
    path = write_file("note.txt", "---\ntitle: Field Note\nauthor: Jane Doe\n---\nFirst line\n\nSecond paragraph.\n")
    document = parse_file(path)
    assert (document.title, document.byline) == ("Field Note", "Jane Doe")
    assert document.text == "First line\nSecond paragraph."


def test_a_text_file_starting_with_dashes_is_left_alone(write_file: WriteFile) -> None:
    document = parse_file(write_file("plain.txt", "---\nJust dashes above.\n---\n\nAnd text."))
    assert document.text == "--- Just dashes above. ---\nAnd text."


def test_front_matter_read_line_by_line_is_reported_and_a_quote_left_open_is_dropped(write_file: WriteFile) -> None:
    path = write_file("bad.md", '---\ntitle: "Unclosed\nauthor: Jane Doe\n---\n\n# Heading\n\nBody text here.\n')
    parsed = parse_file(path)
    assert parsed.title == "Unclosed" and parsed.byline == "Jane Doe"
    assert parsed.text.endswith("Body text here.")
    [warning] = parsed.warnings
    assert warning.startswith("bad.md: the front matter is not valid YAML: ")
    assert warning.endswith("(line 3); its fields were read line by line")
    assert parse_file(write_file("good.md", "---\ntitle: Fine\n---\n\nBody.\n")).warnings == ()
    assert parse_file(write_file("bad.txt", "---\ntitle: Iran: What Next\n---\n\nBody.\n")).warnings != ()
