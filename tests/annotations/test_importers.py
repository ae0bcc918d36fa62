"""Importing files: metadata, rendering, sanitising, encodings, and clear refusals."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.blocks import html_to_text
from annotations.errors import ImportRefused
from annotations.importers import SUPPORTED_SUFFIXES, expand_paths, is_supported, parse_file
from annotations.importers.source_file import MAX_IMPORT_BYTES
from app import Library

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLES = REPO_ROOT / "resources" / "samples"

WriteFile = Callable[[str, str | bytes], Path]

ARTICLE_MD = """\
---
title: "Radars: A Primer"
author: Jane Doe
date: 2024-05-06
source: https://example.org/radars
---

# Heading in the body

He said "hello" -- and 'goodbye'... it's fine.

| Column A | Column B |
|----------|----------|
| a1       | b1       |

A claim that needs a source.[^1]

[^1]: The footnote text.
"""

WEB_PAGE = """\
<!doctype html>
<html>
<head>
  <title>  The Page
    Title </title>
  <meta name="author" content="Ann Author">
  <meta property="article:published_time" content="2024-01-02">
  <link rel="canonical" href="https://example.com/article">
  <style>.secret-style { color: red }</style>
  <script>var secretScript = 1;</script>
</head>
<body>
  <nav>Home | About | Contact</nav>
  <header>Site masthead</header>
  <article>
    <h1>Article heading</h1>
    <p>Real text with a <a href="javascript:alert(1)">bad link</a> and a <a href="https://ok.example/">good one</a>.</p>
    <img src="https://tracker.example/pixel.png" alt="pixel">
    <iframe src="https://evil.example/">frame fallback text</iframe>
    <script>document.write("injected by script")</script>
    <form><input name="q"><button>Search button</button></form>
  </article>
  <footer>Site footer</footer>
</body>
</html>
"""


# -- Markdown ----------------------------------------------------------------------------------------
def test_markdown_front_matter_fills_the_metadata(write_file: WriteFile) -> None:
    document = parse_file(write_file("article.md", ARTICLE_MD))
    assert document.title == "Radars: A Primer"
    assert document.byline == "Jane Doe"
    assert document.published == "2024-05-06"
    assert document.source == "https://example.org/radars"
    assert document.format == "markdown"
    assert "title:" not in document.text and "---" not in document.text


def test_markdown_with_windows_line_endings_keeps_its_front_matter(write_file: WriteFile) -> None:
    path = write_file("crlf.md", ARTICLE_MD.replace("\n", "\r\n").encode("utf-8"))
    document = parse_file(path)
    assert (document.title, document.byline) == ("Radars: A Primer", "Jane Doe")


def test_markdown_renders_tables_footnotes_and_smart_quotes(write_file: WriteFile) -> None:
    document = parse_file(write_file("article.md", ARTICLE_MD))
    lines = document.text.split("\n")
    assert lines[0] == "Heading in the body"
    assert "He said “hello” – and ‘goodbye’… it’s fine." in lines
    assert "Column A\tColumn B" in lines
    assert "a1\tb1" in lines
    assert any(line.startswith("The footnote text.") for line in lines)
    assert "<table>" in document.html and "<sup" in document.html
    assert "|" not in document.text and "[^1]" not in document.text


def test_markdown_without_front_matter_takes_the_first_heading_as_title(write_file: WriteFile) -> None:
    document = parse_file(write_file("notes.md", "Intro paragraph.\n\n## The Real Title\n\nBody."))
    assert document.title == "The Real Title"
    assert document.byline == ""
    assert document.source == str(Path(document.source).resolve())
    assert document.source.endswith("notes.md")


def test_markdown_without_heading_takes_its_title_from_the_file_name(write_file: WriteFile) -> None:
    assert parse_file(write_file("field_notes-draft.md", "Just a paragraph.")).title == "field notes draft"


def test_raw_html_inside_markdown_is_sanitised(write_file: WriteFile) -> None:
    document = parse_file(write_file("raw.md", 'Text.\n\n<script>alert("x")</script>\n\n<img src="x.png">\n\nMore.'))
    assert "alert" not in document.text and "<script" not in document.html and "<img" not in document.html
    assert document.text == "Text.\nMore."


# -- HTML --------------------------------------------------------------------------------------------
def test_html_metadata_comes_from_the_head(write_file: WriteFile) -> None:
    document = parse_file(write_file("page.html", WEB_PAGE))
    assert document.title == "The Page Title"
    assert document.byline == "Ann Author"
    assert document.published == "2024-01-02"
    assert document.source == "https://example.com/article"
    assert document.format == "html"


def test_html_keeps_the_article_and_drops_active_content_and_furniture(write_file: WriteFile) -> None:
    document = parse_file(write_file("page.html", WEB_PAGE))
    assert document.text == "Article heading\nReal text with a bad link and a good one."
    for gone in ("secretScript", "secret-style", "injected", "Home", "masthead", "footer", "frame fallback", "pixel"):
        assert gone not in document.text
        assert gone not in document.html
    for tag in ("<script", "<style", "<nav", "<iframe", "<img", "<form", "<button", "<input"):
        assert tag not in document.html
    assert "javascript:" not in document.html
    assert 'href="https://ok.example/"' in document.html


def test_the_stored_html_spells_the_same_text(write_file: WriteFile) -> None:
    """The reader renders the stored HTML; its text must be the text offsets point into."""
    for path in (write_file("page.html", WEB_PAGE), write_file("article.md", ARTICLE_MD)):
        document = parse_file(path)
        assert html_to_text(document.html) == document.text


def test_html_canonical_link_that_is_not_a_web_address_is_ignored(write_file: WriteFile) -> None:
    page = '<html><head><link rel="canonical" href="file:///etc/passwd"></head><body><p>Body text.</p></body></html>'
    path = write_file("local.html", page)
    document = parse_file(path)
    assert document.source == str(path.resolve())
    assert document.title == "local"


def test_html_title_falls_back_to_open_graph(write_file: WriteFile) -> None:
    page = '<html><head><meta property="og:title" content="OG Title"></head><body><p>Body.</p></body></html>'
    assert parse_file(write_file("og.htm", page)).title == "OG Title"


def test_html_declared_charset_is_honoured(write_file: WriteFile) -> None:
    page = '<html><head><meta charset="windows-1252"><title>Café</title></head><body><p>déjà vu</p></body></html>'
    document = parse_file(write_file("legacy.html", page.encode("cp1252")))
    assert document.title == "Café"
    assert document.text == "déjà vu"


# -- plain text and encodings ------------------------------------------------------------------------
TEXT = "Café déjà vu\n\nThe naïve garçon ordered crème brûlée.\nHe paid 5 €.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(TEXT.encode("utf-8"), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + TEXT.encode("utf-8"), id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), id="utf-16-bom"),
        pytest.param(b"\xfe\xff" + TEXT.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(TEXT.encode("cp1252"), id="cp1252"),
    ],
)
def test_text_files_are_decoded_right(write_file: WriteFile, data: bytes) -> None:
    document = parse_file(write_file("cafe.txt", data))
    assert document.title == "Café déjà vu"
    assert document.text == "Café déjà vu\nThe naïve garçon ordered crème brûlée. He paid 5 €."


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_short_western_european_text_is_decoded_right(write_file: WriteFile, encoding: str) -> None:
    document = parse_file(write_file("short.txt", "Café déjà vu".encode(encoding)))
    assert document.text == "Café déjà vu"


def test_text_paragraphs_are_split_on_blank_lines(write_file: WriteFile) -> None:
    content = "A Short Title\r\n\r\nFirst paragraph,\r\nwrapped here.\n \t \nSecond   paragraph.\n\n\n\nThird.\n"
    document = parse_file(write_file("paras.txt", content))
    assert document.title == "A Short Title"
    assert document.text == "A Short Title\nFirst paragraph, wrapped here.\nSecond paragraph.\nThird."
    assert document.format == "text"


def test_text_markup_is_shown_as_text_not_run(write_file: WriteFile) -> None:
    document = parse_file(write_file("markup.txt", "Title\n\n<script>alert(1)</script> & <b>not bold</b>"))
    assert document.text == "Title\n<script>alert(1)</script> & <b>not bold</b>"
    assert "<script" not in document.html and "<b>" not in document.html


def test_a_single_paragraph_text_takes_its_title_from_the_file_name(write_file: WriteFile) -> None:
    assert parse_file(write_file("one_para.txt", "Only one paragraph here.")).title == "one para"


# -- refusals ----------------------------------------------------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa" * 20


def _oversize(folder: Path) -> Path:
    path = folder / "huge.txt"
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(21 * 1024 * 1024)  # sparse: fast to make, still over the limit
    assert path.stat().st_size > MAX_IMPORT_BYTES
    return path


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.md", b"", "empty"),
        ("binary.txt", b"PK\x03\x04\x00\x00\x00\x00binary\x00data", "binary"),
        ("slides.pptx", b"PK\x03\x04 slides", "unsupported"),
        ("picture.md", PNG, "looks like a binary file"),
        ("picture.txt", PNG, "looks like a binary file"),
        ("picture.html", PNG, "looks like a binary file"),
        ("blank.txt", b"   \n\n \t \n", "no readable text"),
        ("furniture.html", b"<html><head><title>T</title><script>x()</script></head><body><nav>menu</nav>"
         b"<img src='a.png'><iframe>frame</iframe></body></html>", "no readable text"),
    ],
)  # fmt: skip
def test_refusals_name_the_file_and_the_reason(write_file: WriteFile, name: str, content: bytes, reason: str) -> None:
    path = write_file(name, content)
    with pytest.raises(ImportRefused) as refused:
        parse_file(path)
    assert name in str(refused.value)
    assert reason in str(refused.value)


def test_oversize_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = _oversize(tmp_path / "incoming")
    with pytest.raises(ImportRefused, match=r"huge\.txt: .*20 MB import limit"):
        parse_file(path)


@pytest.mark.parametrize(("name", "limit"), [("huge.md", "20 MB"), ("huge.pdf", "100 MB"), ("huge.docx", "50 MB")])
def test_a_200_mb_file_is_refused_at_once_without_reading_it(tmp_path: Path, name: str, limit: str) -> None:
    path = tmp_path / name
    with path.open("wb") as file:
        file.truncate(200 * 1024 * 1024)  # sparse: takes no disk space, and reading it would take seconds
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as refused:
        parse_file(path)
    assert time.perf_counter() - started < 0.5
    assert str(refused.value) == f"{name}: 200.0 MB is over the {limit} import limit"


def test_pdfs_may_be_larger_than_text_files(write_file: WriteFile) -> None:
    """A report with images can pass 20 MB; only its text layer is read, so PDFs get a higher limit."""
    path = write_file("annexes.pdf", b"")
    with path.open("wb") as file:
        file.truncate(30 * 1024 * 1024)
    with pytest.raises(ImportRefused) as refused:
        parse_file(path)
    assert "import limit" not in str(refused.value)  # read, and refused for what it holds (nothing)


def test_missing_file_is_refused_with_its_name(tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match=r"gone\.md: cannot be read"):
        parse_file(tmp_path / "gone.md")


def test_refused_files_store_nothing_and_the_rest_still_import(
    library: Library, write_file: WriteFile, tmp_path: Path
) -> None:
    good = write_file("good.md", "# Good\n\nFine text.")
    binary = write_file("binary.txt", b"abc\x00def")
    huge = _oversize(tmp_path / "incoming")
    outcomes = library.documents.import_paths([binary, good, huge]).value
    assert [outcome.imported for outcome in outcomes] == [False, True, False]
    assert "binary.txt" in outcomes[0].error and "huge.txt" in outcomes[2].error
    assert [summary.title for summary in library.documents.summaries()] == ["Good"]


def test_folders_expand_to_their_supported_files_recursively(write_file: WriteFile, tmp_path: Path) -> None:
    expected = [write_file("b.md", "b"), write_file("sub/a.html", "<p>a</p>"), write_file("sub/c.TXT", "c")]
    expected += [write_file("sub/report.PDF", b"%PDF"), write_file("notes.docx", b"PK")]
    write_file("image.png", b"\x89PNG")
    write_file("sub/slides.pptx", b"PK")
    found = list(expand_paths([tmp_path / "incoming"]))
    assert sorted(found) == sorted(expected)


def test_the_supported_suffixes_include_pdf_and_docx() -> None:
    assert {".md", ".txt", ".html", ".pdf", ".docx"} <= set(SUPPORTED_SUFFIXES)
    assert is_supported(Path("Report.PDF")) and not is_supported(Path("slides.pptx"))


# -- the bundled samples -----------------------------------------------------------------------------
def _front_matter_title(path: Path) -> str:
    match = re.search(r'^title:\s*"?(.*?)"?\s*$', path.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, f"{path.name} has no title line"
    return match.group(1)


def test_samples_import_with_their_front_matter_titles(library: Library) -> None:
    samples = sorted(SAMPLES.glob("*.md"))
    assert samples, "resources/samples/ holds no sample articles"
    outcomes = library.documents.import_paths([SAMPLES]).value
    assert [outcome.path for outcome in outcomes] == samples
    assert all(outcome.imported for outcome in outcomes), [outcome.error for outcome in outcomes]
    assert [outcome.document.title for outcome in outcomes if outcome.document] == [
        _front_matter_title(path) for path in samples
    ]
    for summary in library.documents.summaries():
        assert summary.byline and summary.published and summary.source.startswith("https://")
        assert summary.chars > 1000
