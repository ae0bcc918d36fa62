"""The article of a saved web page, found by readability-lxml; and the page body without its obvious furniture."""

from __future__ import annotations

import logging
import re
from itertools import islice

import lxml.etree
import lxml.html
from lxml.html import HtmlElement
from readability import Document
from readability.readability import Unparseable

from annotations.importers.web_page import PageTree

# readability logs a traceback before raising Unparseable; the importer handles that case by falling back.
logging.getLogger("readability").setLevel(logging.CRITICAL)

# ARIA roles and class/id words of page parts that are never the article.
_FURNITURE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar"}
)
_FURNITURE_WORDS = frozenset(
    {
        "cookie", "cookies", "consent", "gdpr", "newsletter", "share", "sharing", "social", "advert",
        "advertisement", "ad", "ads", "promo", "sponsored", "skip", "breadcrumb", "breadcrumbs", "menu",
        "navbar", "sidebar", "comments", "popup", "modal",
    }
)  # fmt: skip
_MAX_FURNITURE_PARAGRAPHS = 3
_NEVER_FURNITURE = frozenset({"html", "body", "main", "article"})
_FIRST_WORD = re.compile(r"[a-z]*")


def extract_article(tree: PageTree) -> str:
    """The article's HTML (unsanitised) as readability-lxml finds it, or "" when it finds none.

    Readability edits the tree it is given; read anything else from the page first.
    """
    try:
        return Document(tree.root).summary(html_partial=True) or ""
    except (Unparseable, ValueError, RecursionError, lxml.etree.LxmlError):
        return ""


def drop_furniture(tree: PageTree) -> None:
    """Remove navigation, banners, dialogs and sharing/ad/cookie blocks from the page, in place."""
    for element in list(tree.root.iter(lxml.etree.Element)):
        if element.getparent() is not None and _is_furniture(element):
            element.drop_tree()


def page_markup(tree: PageTree) -> str:
    """The (unsanitised) markup of the whole page as parsed."""
    return lxml.html.tostring(tree.root, encoding="unicode")


def _is_furniture(element: HtmlElement) -> bool:
    """Navigation, banners and dialogs by role; sharing, ad and cookie blocks by a class or id that starts so.

    Nothing that looks like content counts: an element holding an <article>, <main> or <h1>, or more than
    a few paragraphs (section ids made from headings, such as "sharing-with-a-team", look like furniture).
    """
    if element.tag in _NEVER_FURNITURE:
        return False
    role = (element.get("role") or "").strip().lower()
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower().split()
    hidden = element.get("aria-hidden") == "true" or element.get("hidden") is not None
    marked = role in _FURNITURE_ROLES or any(_FIRST_WORD.match(name).group() in _FURNITURE_WORDS for name in names)
    if not (hidden or marked):
        return False
    if next(element.iter("article", "main", "h1"), None) is not None:
        return False
    return len(list(islice(element.iter("p"), _MAX_FURNITURE_PARAGRAPHS + 1))) <= _MAX_FURNITURE_PARAGRAPHS
