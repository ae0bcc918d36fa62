"""Typographic punctuation for Markdown: quotes, apostrophes, dashes, ellipses; code left exactly as typed."""

from __future__ import annotations

from annotations.importers.markdown_format import render_markdown
from annotations.importers.typography import smarten


def test_quotes_dashes_and_ellipses_become_typographic() -> None:
    assert smarten("<p>He said \"hello\" -- and 'goodbye'... it's the '90s --- really.</p>") == (
        "<p>He said “hello” – and ‘goodbye’… it’s the ’90s — really.</p>"
    )


def test_quotes_around_inline_markup_open_and_close_correctly() -> None:
    html = render_markdown('They were "*emphatic*" and **"bold"**, said "[the memo](https://x.org/a--b "t")".')
    assert "“<em>emphatic</em>”" in html
    assert "<strong>“bold”</strong>" in html
    assert '“<a href="https://x.org/a--b" title="t">the memo</a>”' in html


def test_code_preformatted_text_and_attributes_keep_straight_quotes() -> None:
    source = 'Run `a--b "c"` now.\n\n```\nprint("x") -- ...\n```\n\n<span title="x--y">raw "html"</span>\n'
    html = render_markdown(source)
    assert '<code>a--b "c"</code>' in html
    assert "print(&quot;x&quot;) -- ..." in html
    assert 'title="x--y"' in html
    assert "raw “html”" in html


def test_a_new_paragraph_starts_with_an_opening_quote() -> None:
    assert smarten("<p>end.</p><p>\"Start\" here</p>") == "<p>end.</p><p>“Start” here</p>"


def test_consecutive_documents_do_not_share_footnotes_or_state() -> None:
    first = render_markdown("One[^a].\n\n[^a]: First note.\n")
    second = render_markdown("Two[^b].\n\n[^b]: Second note.\n")
    assert "First note" in first and "Second note" not in first
    assert "Second note" in second and "First note" not in second
