"""One lxml parse of a saved web page, shared by metadata reading and article extraction."""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree
import lxml.html
from lxml.html import HtmlElement


@dataclass
class PageTree:
    """The parsed page. ``complete`` is False when libxml2 stopped early (e.g. past its nesting limit)."""

    root: HtmlElement
    complete: bool


def parse_page(text: str) -> PageTree | None:
    """Parse ``text`` leniently (unclosed and stray tags are repaired); None when nothing parses."""
    # Bytes, not str: lxml refuses str input that carries an XML encoding declaration.
    data = text.encode("utf-8", errors="replace")
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    complete = not any(error.level == lxml.etree.ErrorLevels.FATAL for error in parser.error_log)
    return PageTree(root=root, complete=complete)


def element_text(element: HtmlElement) -> str:
    """The text inside ``element`` with white space collapsed."""
    return " ".join(element.text_content().split())
