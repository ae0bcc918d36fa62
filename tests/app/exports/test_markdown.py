"""The Markdown digest, read as a person reads it: grouped by article or by tag, each quote with its tags,
note and (with a style) its reference; and, rendered as Markdown, it shows the article's words as written."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import markdown
import pytest
from file_writing import WriteFile

from annotations.models import DocumentMetadata
from app import Library
from app.exports.markdown import block_quote, keyword_in_context
from app.exports.options import ExportOptions
from app.exports.scope import ExportScope

ARTICLE = """\
---
title: Interceptors and Radars
author: Jane Doe
date: 2025-03-04
source: https://example.org/interceptors
---

Radar exports are visible. Interceptor stocks are finite, and air defense support is scarce.

Training is quiet. Radar maintenance creates dependency, and radar support lasts.
"""

NOTE = "Key point, see *annex*:\n\n# Why\n\n- radar\n- support\n\n```\n# not a heading\n```"


@pytest.fixture
def coded(library: Library, write_file: WriteFile) -> Library:
    first = library.documents.import_file(write_file("a.md", ARTICLE)).value.document
    second = library.documents.import_file(
        write_file("b.txt", "Sanctions memo\n\n# Sanctions *widened* in 2024.")
    ).value
    assert first is not None and second.document is not None
    library.documents.update_metadata(first.id, DocumentMetadata(site="Foreign Affairs"))
    library.annotations.add_quote(
        first.id, "Radar exports are visible.", tags=["air-defense", "region/iran"], note=NOTE
    )
    library.annotations.add_quote(first.id, "Interceptor stocks are finite", tags=["air-defense"])
    library.annotations.add_quote(second.document.id, "# Sanctions *widened* in 2024.", note="check the date")
    library.index.flush()
    return library


WHOLE_LIBRARY = ExportScope()


def digest(library: Library, tmp_path: Path, scope: ExportScope = WHOLE_LIBRARY, **options: object) -> str:
    path = tmp_path / "digest.md"
    library.exports.export(scope, ExportOptions(format="markdown", **options), path)  # type: ignore[arg-type]
    return path.read_text(encoding="utf-8")


def test_the_digest_by_article_with_chicago_notes(coded: Library, tmp_path: Path) -> None:
    today = date.today().isoformat()
    reference = "Jane Doe, “Interceptors and Radars,” Foreign Affairs, March 4, 2025, https://example.org/interceptors."
    assert (
        digest(coded, tmp_path)
        == f"""\
# Whole library

2 articles · 3 highlights · exported from Lectern on {today}

## Interceptors and Radars

Jane Doe · Foreign Affairs · 2025-03-04 · <https://example.org/interceptors>

> Radar exports are visible.[^1]

[^1]: {reference}

-   Tags: air-defense, region/iran
-   Note: Key point, see *annex*:

    #### Why

    - radar
    - support

    ```
    # not a heading
    ```

> Interceptor stocks are finite[^2]

[^2]: {reference}

-   Tags: air-defense

## Sanctions memo

> \\# Sanctions \\*widened\\* in 2024.[^3]

[^3]: “Sanctions Memo.”

-   Note: check the date
"""
    )


def test_by_tag_a_highlight_appears_under_each_of_its_tags(coded: Library, tmp_path: Path) -> None:
    coded.tags.set_details("region/iran", description="Iran and its neighbours")
    text = digest(coded, tmp_path, group="tag", style="")
    assert "\n## region/iran\n\nIran and its neighbours\n\n> Radar exports are visible.\n" in text
    sections = re.split(r"^## ", text, flags=re.MULTILINE)[1:]
    assert [section.split("\n", 1)[0] for section in sections] == ["air-defense", "region/iran", "Untagged"]
    air, iran, untagged = sections
    assert air.count("\n> ") == 2 and iran.count("\n> ") == 1 and untagged.count("\n> ") == 1
    assert "> Radar exports are visible.\n" in iran
    assert "-   From: Interceptors and Radars — Jane Doe · Foreign Affairs · 2025-03-04" in iran
    assert "[^" not in text  # no style, no references


def test_an_author_date_style_cites_in_text_and_lists_the_references(coded: Library, tmp_path: Path) -> None:
    text = digest(coded, tmp_path, scope=ExportScope(tag="air-defense"), style="apa")
    assert "> Radar exports are visible. (Doe, 2025)\n" in text
    assert "> Interceptor stocks are finite (Doe, 2025)\n" in text
    assert text.endswith(
        "\n## References\n\n"
        "Doe, J. (2025, March 4). *Interceptors and Radars*. Foreign Affairs. https://example.org/interceptors\n"
    )


def test_every_mention_of_a_query_as_keyword_in_context_lines(coded: Library, tmp_path: Path) -> None:
    path = tmp_path / "radar.md"
    report = coded.exports.export(
        ExportScope(query="radar", mentions=True), ExportOptions(format="markdown", style=""), path
    )
    text = path.read_text(encoding="utf-8")
    assert report.mentions == 3
    assert "Mentions of “radar” (3):\n\n- **Radar** exports are visible. Interceptor stocks" in text
    assert "- …nite, and air defense support is scarce. Training is quiet. **Radar** maintenance creates" in text
    assert "- …raining is quiet. Radar maintenance creates dependency, and **radar** support lasts.\n" in text


def test_the_digest_renders_as_markdown_that_shows_the_words_as_written(coded: Library, tmp_path: Path) -> None:
    html = markdown.markdown(digest(coded, tmp_path, style=""))
    assert "<blockquote>\n<p># Sanctions *widened* in 2024.</p>\n</blockquote>" in html
    assert "<h4>Why</h4>" in html  # the note's heading, below the digest's own
    assert "<li>radar</li>" in html and "<em>annex</em>" in html  # the note's own Markdown, kept


def test_quotes_and_contexts_are_escaped_line_by_line() -> None:
    assert block_quote("1. First\n\n- second *really*\n> third", "[^4]") == (
        "> 1\\. First\n>\n> \\- second \\*really\\*\n> \\> third[^4]"
    )
    assert block_quote("snake_case and _emphasis_ and <b>tags</b>") == (
        "> snake_case and \\_emphasis\\_ and \\<b>tags\\</b>"
    )
    text = "x" * 100 + " the radar " + "y" * 100
    line = keyword_in_context(text, 105, 110, context=10)
    assert line == "…xxxxx the **radar** yyyyyyyyy…"
