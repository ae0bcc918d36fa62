"""The canonical text of a page: what the reader shows and what every stored offset points into."""

from __future__ import annotations

import pytest

from annotations.blocks import MAX_SHOWN_DEPTH, Block, canonical_text, html_to_blocks, html_to_text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a   b\n c</p>", "a b c"),
        ("<p>  leading\n\ttab\r\nand trailing  </p>", "leading tab and trailing"),
        ("<p>a <b> b</b> <i>c </i> d</p>", "a b c d"),
        ("<p>split<b>in</b>side a <em>word</em></p>", "splitinside a word"),
        ("\n  <p>x</p>\n\n  <p>y</p>  \n", "x\ny"),
        ("<p>a\tb\nc\rd\xa0e\u200bf</p>", "a b c d e f"),  # a lone white-space character of any kind
        ("<p>a \xa0\t b  c \n</p>", "a b c"),
        ("<p>one two three</p>", "one two three"),
    ],
)
def test_whitespace_collapses_like_a_browser(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


def test_empty_paragraphs_and_whitespace_between_blocks_add_no_lines() -> None:
    assert html_to_text("<p></p><p>   </p><div> <p>only</p> </div><p>\n</p>") == "only"


def test_blocks_are_joined_by_one_newline() -> None:
    blocks = html_to_blocks("<p>first</p><div>second</div><section>third</section>")
    assert [block.text for block in blocks] == ["first", "second", "third"]
    assert canonical_text(blocks) == "first\nsecond\nthird"


def test_headings_are_blocks_of_their_own_with_their_level() -> None:
    blocks = html_to_blocks("<h1>Title</h1><p>Intro</p><h3>Sub <em>part</em></h3>")
    assert [(block.kind, block.level, block.text) for block in blocks] == [
        ("heading", 1, "Title"),
        ("paragraph", 0, "Intro"),
        ("heading", 3, "Sub part"),
    ]


def test_list_items_are_blocks_with_numbers_and_nesting() -> None:
    blocks = html_to_blocks(
        '<ol start="4"><li>four</li><li>five<ul><li>nested</li></ul></li></ol><ul><li>dot</li></ul>'
    )
    assert [(b.kind, b.text, b.level, b.list_ordered, b.list_number) for b in blocks] == [
        ("list_item", "four", 1, True, 4),
        ("list_item", "five", 1, True, 5),
        ("list_item", "nested", 2, False, 1),
        ("list_item", "dot", 1, False, 1),
    ]
    assert html_to_text("<ul><li>a</li><li>b</li></ul>") == "a\nb"


def test_pre_keeps_each_line_with_its_indentation_and_empty_lines() -> None:
    blocks = html_to_blocks("<p>before</p><pre>  indented\n\n\tTabbed  line\n</pre><p>after</p>")
    assert canonical_text(blocks) == "before\n  indented\n\n\tTabbed  line\nafter"
    assert [block.kind for block in blocks] == ["paragraph", "code", "code", "code", "paragraph"]


def test_pre_normalises_line_endings_and_no_break_spaces() -> None:
    assert html_to_text("<pre>a\r\nb\rc\xa0d</pre>") == "a\nb\nc d"


def test_tables_become_one_tab_separated_row_per_line() -> None:
    html = (
        "<table><thead><tr><th>Name</th><th> Value </th></tr></thead>"
        "<tbody><tr><td> x  y </td><td></td><td>z</td></tr>"
        "<tr><td></td><td></td></tr>"  # an empty row adds no line
        "<tr><td>1<br>2</td><td><b>bold</b> cell</td></tr></tbody></table><p>after</p>"
    )
    blocks = html_to_blocks(html)
    assert canonical_text(blocks) == "Name\tValue\nx y\t\tz\n1 2\tbold cell\nafter"
    rows = [block for block in blocks if block.kind == "table_row"]
    assert [row.header_row for row in rows] == [True, False, False]
    assert len({row.table_id for row in rows}) == 1


def test_separate_tables_get_separate_ids() -> None:
    blocks = html_to_blocks("<table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>")
    assert [block.text for block in blocks] == ["a", "b"]
    assert blocks[0].table_id != blocks[1].table_id


def test_br_starts_a_new_line_outside_tables() -> None:
    assert html_to_text("<p>one<br>two<br/>three</p>") == "one\ntwo\nthree"


def test_entities_are_decoded() -> None:
    assert html_to_text("<p>&lt;tag&gt; &amp; &quot;q&quot; &#8212; &eacute; &hellip; &#x263A;</p>") == (
        '<tag> & "q" — é … ☺'
    )


def test_no_break_spaces_become_ordinary_collapsed_spaces() -> None:
    assert html_to_text("<p>a&nbsp;b</p>") == "a b"
    assert html_to_text("<p>a&nbsp;&nbsp; \xa0b</p>") == "a b"
    assert "\xa0" not in html_to_text("<p>price:\xa010\xa0€</p>")


def test_invisible_and_control_characters_are_removed() -> None:
    text = html_to_text("<p>a\x01b\x07c\x7fd\ufeffe\ufffcf\ufdd0g\x0bh</p>")
    assert text == "abcdefgh"


def test_line_and_paragraph_separators_are_white_space() -> None:
    assert html_to_text("<p>a\u2028b\u2029c</p>") == "a b c"


def test_blockquotes_and_rules_keep_their_place_in_the_text() -> None:
    blocks = html_to_blocks("<blockquote><p>quoted</p></blockquote><hr><p>after</p>")
    assert [(block.kind, block.quote_depth) for block in blocks] == [("paragraph", 1), ("rule", 0), ("paragraph", 0)]
    assert canonical_text(blocks) == "quoted\n\nafter"


def test_inline_styles_are_kept_on_runs_without_changing_the_text() -> None:
    [block] = html_to_blocks('<p>plain <b>bold</b> <a href="https://example.org">link</a> <code>x()</code></p>')
    assert block.text == "plain bold link x()"
    styled = {run.text: run.style for run in block.runs}
    assert styled["bold"].bold
    assert styled["link"].href == "https://example.org"
    assert styled["x()"].code


def test_canonical_text_of_no_blocks_is_empty() -> None:
    assert canonical_text([]) == ""
    assert canonical_text([Block()]) == ""
    assert html_to_blocks("") == []


def test_deep_nesting_is_read_without_recursion_and_shown_at_a_bounded_depth() -> None:
    depth = 10_000
    [quoted] = html_to_blocks("<blockquote>" * depth + "<p>deep quote</p>" + "</blockquote>" * depth)
    assert (quoted.text, quoted.quote_depth) == ("deep quote", MAX_SHOWN_DEPTH)
    items = html_to_blocks("<ul><li>" * depth + "deep item" + "</li></ul>" * depth)
    assert canonical_text(items) == "deep item"
    assert items[0].kind == "list_item" and items[0].level == MAX_SHOWN_DEPTH
    [bold] = html_to_blocks("<p>" + "<b>" * depth + "deep bold" + "</b>" * depth + " plain</p>")
    assert bold.text == "deep bold plain"
    assert [(run.text, run.style.bold) for run in bold.runs] == [("deep bold", True), (" plain", False)]


def test_quote_depth_below_the_bound_is_kept_exactly() -> None:
    blocks = html_to_blocks("<blockquote><blockquote><p>two</p></blockquote><p>one</p></blockquote><p>none</p>")
    assert [(block.text, block.quote_depth) for block in blocks] == [("two", 2), ("one", 1), ("none", 0)]
