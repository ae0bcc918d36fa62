"""Markdown shapes that made Python-Markdown quadratic are read in bounded time, their text kept;
ordinary Markdown is parsed exactly as written."""

from __future__ import annotations

import time
from pathlib import Path

import markdown
import pytest

from annotations.importers import parse_file
from annotations.importers.markdown_format import MARKDOWN_EXTENSIONS, render_markdown_guarded
from annotations.importers.markdown_guard import guard_markdown
from annotations.importers.typography import smarten

ORDINARY = """# A report

Some *emphasis*, __strong__ text, a [link](https://example.org "title") and ![an image](pic.png).
A reference [link][ref], a footnote[^1], `code` and <span>inline HTML</span> (with parentheses).

> A quotation
> > nested once

1. first
2. second
    - nested item with [brackets] and (parens)

```python
x = "[" * 20000  # code is never touched
```

| a | b |
|---|---|
| 1 | 2 |

[ref]: https://example.org/ref
[^1]: The footnote.
"""

PATHOLOGICAL = {
    "open brackets": "[" * 20_000,
    "images": "![" * 10_000,
    "footnote references": "[^" * 10_000,
    "links without end": "[a](" * 5_000,
    "image links without end": "![](" * 5_000,
    "nested brackets": "[" * 10_000 + "a" + "]" * 10_000,
    "emphasis": "*a" * 10_000,
    "tags without end": "<a " * 6_666,
    "tags with open quotes": '<a x="' * 3_333,
    "autolinks without end": "<http://" * 2_857,
    "nested list markers": "1. " * 6_666,
    "one paragraph per tag": "<a b\n\n" * 4_000,
}


def _plain_render(text: str) -> str:
    return smarten(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))


def test_ordinary_markdown_is_parsed_exactly_as_written() -> None:
    guarded = guard_markdown(ORDINARY)
    assert guarded.text == ORDINARY
    assert guarded.changed == 0
    assert render_markdown_guarded(ORDINARY) == (_plain_render(ORDINARY), 0)


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_a_shape_that_defeats_the_parser_is_read_quickly_with_its_text_kept(text: str) -> None:
    started = time.perf_counter()
    rendered, neutralised = render_markdown_guarded(text)
    assert time.perf_counter() - started < 1.5
    assert neutralised > 0
    assert len(rendered) >= len(text.replace("\n", "")) // 2  # the characters are shown, not dropped


def test_a_tangled_block_becomes_plain_text_and_its_neighbours_stay_markdown() -> None:
    text = "# Title\n\nBefore *emphasis*.\n\n<script>alert(1)</script> " + "[" * 5_000 + "\n\nAfter **strong**.\n"
    rendered, neutralised = render_markdown_guarded(text)
    assert neutralised == 1
    assert "<em>emphasis</em>" in rendered and "<strong>strong</strong>" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt; " + "[" * 5_000 in rendered
    assert "<script>" not in rendered


def test_closed_fenced_code_is_never_touched_but_an_unclosed_fence_is_no_hiding_place() -> None:
    fenced = "```\n" + "[" * 20_000 + "\n```\n"
    assert guard_markdown(fenced).changed == 0
    unclosed = "```\n" + "[" * 20_000 + "\n"
    started = time.perf_counter()
    _, neutralised = render_markdown_guarded(unclosed)
    assert neutralised == 1
    assert time.perf_counter() - started < 1.5


def test_an_imported_file_says_what_was_kept_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "brackets.md"
    path.write_text("---\ntitle: Brackets\n---\n\n" + "[" * 20_000, encoding="utf-8")
    started = time.perf_counter()
    parsed = parse_file(path)
    assert time.perf_counter() - started < 2
    assert parsed.title == "Brackets"
    assert parsed.text.count("[") == 20_000
    assert parsed.warnings == ("brackets.md: Markdown too tangled to read quickly was kept as plain text (1 place)",)
