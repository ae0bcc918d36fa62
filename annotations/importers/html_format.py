"""Saved web pages: the article found in the page (not the page around it), with its metadata."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotations.importers.document_builder import Rendered, document_from, render_html
from annotations.importers.web_extract import drop_furniture, extract_article, page_markup
from annotations.importers.web_guard import limit_attributes, text_only_markup, too_many_elements, unnest_links
from annotations.importers.web_metadata import PageMetadata, read_metadata
from annotations.importers.web_nesting import limit_nesting
from annotations.importers.web_page import PageTree, parse_page
from annotations.models import ParsedDocument
from annotations.sanitize import drop_hidden_elements

# An extracted article shorter than this many characters, and than this share of the page's own text,
# is taken for a failed extraction: the whole page body is imported instead, so nothing readable is refused.
MIN_ARTICLE_CHARS = 500
MIN_ARTICLE_SHARE = 0.5

Extractor = Callable[[PageTree], str]


def parse_html(path: Path, text: str, *, extract: Extractor = extract_article) -> ParsedDocument:
    """Import the article of the saved page ``text``; ``extract`` finds its HTML (readability-lxml by default)."""
    text, crowded = limit_attributes(text)
    warnings = (f"{path.name}: attributes past the first thousand of an element were left out",) if crowded else ()
    tree = parse_page(text)
    if tree is not None and not tree.complete:  # nested past libxml2's limit: unwrap the deepest elements
        text = limit_nesting(text)
        tree = parse_page(text)
    metadata = read_metadata(tree.root) if tree is not None else PageMetadata()
    article = None
    if tree is not None and tree.complete and too_many_elements(tree.root):
        drop_hidden_elements(tree.root)
        too_many = f"{path.name}: the page has too many elements to find its article; all its text was imported"
        warnings = (*warnings, too_many)
        return _document(path, render_html(text_only_markup(tree.root)), metadata, warnings)
    if tree is not None and tree.complete:
        drop_hidden_elements(tree.root)  # readability strips the styles that hid them
        drop_furniture(tree)
        unnest_links(tree.root)
        article = render_html(extract(tree))
    if article is None or len(article.text) < MIN_ARTICLE_CHARS:
        body = _body(text, tree)
        if article is None or len(article.text) < MIN_ARTICLE_SHARE * len(body.text):
            article = body
    return _document(path, article, metadata, warnings)


def _document(path: Path, article: Rendered, metadata: PageMetadata, warnings: tuple[str, ...]) -> ParsedDocument:
    return document_from(
        path,
        article,
        format="html",
        title=metadata.title,
        byline=metadata.byline,
        source=metadata.url,
        published=metadata.published,
        site=metadata.site_name,
        warnings=warnings,
    )


def _body(text: str, tree: PageTree | None) -> Rendered:
    """The whole page, sanitised; from the parsed tree unless the parser gave up part-way."""
    markup = page_markup(tree) if tree is not None and tree.complete else text
    return render_html(markup, drop_page_furniture=True)
