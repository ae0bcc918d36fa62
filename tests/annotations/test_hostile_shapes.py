"""The last shapes the fuzzer found over 5 s of CPU (issue 13) import quickly with their text and a warning;
tag names lose hidden control characters."""

from __future__ import annotations

import time
from pathlib import Path

import markdown

from annotations.importers import parse_file
from annotations.importers.markdown_format import MARKDOWN_EXTENSIONS, render_markdown_guarded
from annotations.importers.markdown_guard import CHUNK_BLOCKS, MAX_BLOCKS, MAX_FOOTNOTE_MARKS, guard_markdown
from annotations.importers.typography import smarten
from annotations.importers.web_guard import MAX_ATTRIBUTES, limit_attributes
from annotations.tags import normalize_tag

PAGE = (
    "<!DOCTYPE html><html><head><title>Crowded</title></head>"
    "<body><article><h1>Crowded</h1>{}</article></body></html>"
)


def _cpu(action):  # type: ignore[no-untyped-def]
    started = time.process_time()
    result = action()
    return result, time.process_time() - started


def test_a_tag_with_tens_of_thousands_of_attributes_imports_quickly(tmp_path: Path) -> None:
    attributes = "".join(f' a{number}="{number}"' for number in range(30_000))
    page = PAGE.format(f'<p data-x="{"&quot;" * 50_000}"{attributes}>The words survive.</p>')
    path = tmp_path / "crowded.html"
    path.write_text(page, encoding="utf-8")
    document, seconds = _cpu(lambda: parse_file(path))
    assert "The words survive." in document.text
    assert any("attributes past the first thousand" in warning for warning in document.warnings)
    assert seconds < 2.0  # 30,000 attributes took ~4 s in libxml2 before


def test_ordinary_attributes_are_left_byte_for_byte() -> None:
    attributes = "".join(f' a{number}="{number}"' for number in range(MAX_ATTRIBUTES - 1))
    page = PAGE.format(f'<p class="x" {attributes}>text</p>' * 3 + "<p title='a=b' a=b c>x = y</p>")
    assert limit_attributes(page) == (page, 0)
    crowded, count = limit_attributes(page.replace("<p title", "<p z=1 " + attributes + " title"))
    assert count == 1 and f'a{MAX_ATTRIBUTES - 2}="' in crowded and "title='a=b'" not in crowded
    assert crowded.count("<p ") == 4 and "x = y" in crowded


def test_a_page_of_too_many_elements_imports_its_text_without_readability(tmp_path: Path) -> None:
    path = tmp_path / "many.html"
    path.write_text(PAGE.format("<p>word</p>" * 60_000 + "<p>The last paragraph.</p>"), encoding="utf-8")
    document, seconds = _cpu(lambda: parse_file(path))
    assert document.text.count("word") == 60_000
    assert "The last paragraph." in document.text
    assert any("too many elements" in warning for warning in document.warnings)
    assert seconds < 4.0


def test_links_left_open_hundreds_deep_are_unnested_and_the_page_imports_quickly(tmp_path: Path) -> None:
    """Found by benchmarks/fuzz.py: libxml2 nests unclosed <a> tags, and readability's link density
    over 170 links nested 250 deep took 19 s of CPU for a 43 KB page."""
    opened = "".join(f"<p>Paragraph {number} on export controls, <a href='https://example.org/{number}'>see {number}"
                     for number in range(250))  # fmt: skip
    path = tmp_path / "open-links.html"
    path.write_text(PAGE.format(opened + "<p>The closing paragraph.</p>"), encoding="utf-8")
    document, seconds = _cpu(lambda: parse_file(path))
    assert "see 249" in document.text and "Paragraph 1 on export controls" in document.text
    assert seconds < 4.0


def _plain_render(text: str) -> str:
    return smarten(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html"))


def test_a_list_nested_hundreds_of_levels_deep_is_kept_as_plain_text() -> None:
    text = "Intro.\n\n" + "".join("    " * level + f"- item {level}\n" for level in range(400)) + "\nAfter *it*.\n"
    (rendered, changed), seconds = _cpu(lambda: render_markdown_guarded(text))
    assert changed == 1
    assert "item 399" in rendered and "<em>it</em>" in rendered and "<li>" not in rendered
    assert seconds < 2.0


def test_a_table_thousands_of_columns_wide_is_kept_as_plain_text() -> None:
    text = "|" + "a|" * 2_000 + "\n|" + "---|" * 2_000 + "\n" + ("|" + "1|" * 2_000 + "\n") * 3
    rendered, changed = render_markdown_guarded(text + "\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert changed == 1
    assert rendered.count("<td>") == 2  # the narrow table is still a table


def test_a_paragraph_of_thousands_of_escapes_is_kept_as_plain_text() -> None:
    (rendered, changed), seconds = _cpu(lambda: render_markdown_guarded("\\" * 40_000 + "\n\n*kept*\n"))
    assert changed == 1 and "\\" * 40_000 in rendered and "<em>kept</em>" in rendered
    assert seconds < 2.0


def test_a_long_text_is_parsed_in_chunks_with_the_same_result() -> None:
    text = "".join(f"P{number}\n\n" for number in range(CHUNK_BLOCKS + 500)) + "*last*\n"
    guarded = guard_markdown(text)
    assert len(guarded.chunks) == 2 and guarded.changed == 0
    assert render_markdown_guarded(text)[0].split() == _plain_render(text).split()


def test_blocks_past_the_limit_are_kept_as_plain_text() -> None:
    text = "x\n\n" * (MAX_BLOCKS + 10)
    guarded = guard_markdown(text)
    assert guarded.plain_count == 10
    assert "".join(guarded.plain_blocks).count("x") == 10


def test_tag_names_lose_bidi_and_zero_width_controls_but_keep_joiners_in_words() -> None:
    assert normalize_tag("Ev\u202eil/A\u200bB") == "evil/ab"
    assert normalize_tag("\ufeffregion /\u2066iran\u2069") == "region/iran"
    assert normalize_tag("\u200c/\u202e") == ""
    assert normalize_tag("می\u200cخواهم") == "می\u200cخواهم"


def test_a_table_of_tens_of_thousands_of_cells_is_kept_as_plain_text() -> None:
    text = "| a | b |\n|---|---|\n" + "| x | y |\n" * 8_000 + "\n| c | d |\n|---|---|\n| 1 | 2 |\n"
    (rendered, changed), seconds = _cpu(lambda: render_markdown_guarded(text))
    assert changed == 1 and rendered.count("<td>") == 2 and rendered.count("| x | y |") == 8_000
    assert seconds < 2.0


def test_footnotes_past_the_limit_are_kept_as_plain_text_and_the_first_stay_notes() -> None:
    text = "".join(f"x[^{k}]\n\n[^{k}]: note {k}\n\n" for k in range(MAX_FOOTNOTE_MARKS))
    (rendered, changed), seconds = _cpu(lambda: render_markdown_guarded(text))
    assert changed == MAX_FOOTNOTE_MARKS
    assert 'href="#fn:1"' in rendered and f"[^{MAX_FOOTNOTE_MARKS - 1}]: note" in rendered
    assert seconds < 3.0


def test_a_quote_nested_thousands_of_levels_without_spaces_is_kept_as_plain_text() -> None:
    (rendered, changed), seconds = _cpu(lambda: render_markdown_guarded(">" * 50_000 + " deep\n\n> shallow\n"))
    assert changed == 1 and "&gt;" * 100 in rendered and "<blockquote>\n<p>shallow</p>" in rendered
    assert seconds < 1.0
