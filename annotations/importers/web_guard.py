"""Saved pages whose shape would make libxml2 or readability slow, found and tamed in linear time.

libxml2 checks each new attribute of an element against all the earlier ones (50,000 attributes on one
``<p>`` took 11 s), so attributes past ``MAX_ATTRIBUTES`` in one start tag are dropped before parsing
(the sanitiser keeps none of them anyway). A page of more than ``MAX_ELEMENTS`` elements (200,000 ``<p>``
took 12 s and 390 MB in readability and block building) is imported as its text, in paragraphs, without
readability; ordinary pages are far below both limits and are left byte for byte as they are.
"""

from __future__ import annotations

import html
import re

import lxml.etree
from lxml.html import HtmlElement

MAX_ATTRIBUTES = 1_000
MAX_ELEMENTS = 50_000
# Paragraphs of the text-only import: consecutive ones are joined past this many.
MAX_PARAGRAPHS = 2_000

# One attribute: a name, then optionally ``=`` and a value. Atomic groups and no ``<`` in names or
# unquoted values keep each attempt bounded, so the whole scan stays linear.
_ATTRIBUTE = r"""(?>\s+[^\s"'<>/=]+(?>\s*=\s*(?>"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)"""
_CROWDED_TAG = re.compile(rf"(<[A-Za-z][^\s/<>]*{_ATTRIBUTE}{{{MAX_ATTRIBUTES}}})(?>{_ATTRIBUTE}+)")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main nav ol p pre section table td th tr ul".split()
)


def limit_attributes(text: str) -> tuple[str, int]:
    """``text`` without the attributes past ``MAX_ATTRIBUTES`` in each start tag, and how many tags lost some."""
    if text.count("=") <= MAX_ATTRIBUTES:  # cheap: no tag can be crowded
        return text, 0
    return _CROWDED_TAG.subn(r"\1", text)


def unnest_links(root: HtmlElement) -> int:
    """Unwrap every link inside another link, keeping its text; returns how many.

    A link cannot contain a link in HTML, but libxml2 nests unclosed ``<a>`` tags: 170 links nested
    250 deep in a 43 KB page made readability's link density quadratic (19 s). One walk, so linear."""
    nested: list[HtmlElement] = []
    depth = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end"), tag="a"):
        if event == "start":
            if depth:
                nested.append(element)
            depth += 1
        else:
            depth -= 1
    for element in nested:
        element.drop_tag()
    return len(nested)


def too_many_elements(root: HtmlElement) -> bool:
    """Whether the parsed page has more elements than readability and block building handle quickly."""
    for count, _ in enumerate(root.iter(), start=1):
        if count > MAX_ELEMENTS:
            return True
    return False


def text_only_markup(root: HtmlElement) -> str:
    """The page body's text as ``<p>`` paragraphs (one per block element, at most ``MAX_PARAGRAPHS``)."""
    body = root.find("body")
    pieces: list[str] = []
    for event, element in lxml.etree.iterwalk(body if body is not None else root, events=("start", "end")):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
            if event == "end" and element.tail:
                pieces.append(element.tail)
            continue
        if element.tag in _BLOCK_TAGS:
            pieces.append("\n")
        if event == "start":
            pieces.append(element.text or "")
        else:
            pieces.append(element.tail or "")
    paragraphs = [" ".join(line.split()) for line in "".join(pieces).split("\n")]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    per_group = -(-len(paragraphs) // MAX_PARAGRAPHS) or 1
    groups = (" ".join(paragraphs[at : at + per_group]) for at in range(0, len(paragraphs), per_group))
    return "".join(f"<p>{html.escape(group, quote=False)}</p>" for group in groups)
