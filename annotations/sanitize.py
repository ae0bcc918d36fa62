"""The HTML allow-list: what imported markup may keep before it is stored or shown (DESIGN §6).

Attributes are kept only where the reader uses them (link targets, footnote ids, list starts, table spans):
a ``title`` on every tag once stored a 5 MB attribute. Text the page hid with inline CSS or the ``hidden``
attribute is dropped before the allow-list removes the styles that hid it, so it is not revealed.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import nh3
from lxml.html import HtmlElement

from annotations.metadata import is_web_address

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "address", "article", "b", "blockquote", "br", "caption", "cite", "code", "dd",
        "del", "details", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "i", "ins", "kbd", "li", "main", "mark", "ol", "p", "pre", "q", "s",
        "samp", "section", "small", "span", "strike", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip

# Tags removed together with everything inside them: active content and page furniture.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "form", "button", "select", "textarea", "canvas", "video", "audio", "nav", "head", "title",
    }
)  # fmt: skip

# Page furniture around the article body of a saved web page.
WEB_PAGE_FURNITURE: frozenset[str] = frozenset({"header", "footer", "aside"})

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
MAX_ATTRIBUTE_CHARS = 2048  # a link target or an id; anything longer is dropped with its attribute

SAFE_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str, *, drop_page_furniture: bool = False) -> str:
    """Return ``html`` reduced to the allow-list: no scripts, styles, images, forms or unsafe links."""
    dropped = set(DROPPED_WITH_CONTENT)
    if drop_page_furniture:
        dropped |= WEB_PAGE_FURNITURE
    return nh3.clean(
        drop_hidden(html),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=dropped,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_kept_attribute,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def _kept_attribute(tag: str, name: str, value: str) -> str | None:
    """The attribute's value if the reader needs it, else None (ammonia keeps ``title`` and ``lang`` on every tag)."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, ()) or len(value) > MAX_ATTRIBUTE_CHARS or (name == "href" and not is_safe_link(value)):
        return None
    return value


# -- text hidden by the page ------------------------------------------------------------------------------
_MAY_HIDE = re.compile(r"hidden|display|visibility|font-size|font:", re.IGNORECASE)
_HIDING_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)|font-size\s*:\s*0+(?:\.0*)?(?:[a-z%]+)?\s*(?:!important\s*)?(?:;|$))",
    re.IGNORECASE,
)


def is_hidden(element: HtmlElement) -> bool:
    """True for an element the page does not show: the ``hidden`` attribute or an inline style that hides it
    (``display:none``, ``visibility:hidden``, ``font-size:0``). ``aria-hidden`` text is shown on screen, so it stays."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDING_STYLE.search(" ".join(style.split())) is not None


def drop_hidden_elements(root: HtmlElement) -> None:
    """Remove every hidden element (with its content, keeping the text after it) from ``root``, in place."""
    for element in list(root.iter(lxml.etree.Element)):
        if element.getparent() is not None and is_hidden(element):
            element.drop_tree()


def drop_hidden(html: str) -> str:
    """``html`` without the elements it hides; unchanged when nothing could hide anything or it will not parse."""
    if not _MAY_HIDE.search(html):
        return html
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return html
    if any(error.level == lxml.etree.ErrorLevels.FATAL for error in parser.error_log):
        return html  # parsed only in part (e.g. nested past libxml2's limit): keep every word rather than lose some
    hidden = [element for element in root.iter(lxml.etree.Element) if is_hidden(element)]
    if not hidden:
        return html
    drop_hidden_elements(root)
    return lxml.html.tostring(root, encoding="unicode")


# -- links --------------------------------------------------------------------------------------------------
_FRAGMENT = re.compile(r"^#[\w.:-]*$")


def is_safe_link(href: str) -> bool:
    """True for links the reader may open: an http(s) address with a real host and no tricks (no backslashes,
    no credentials, no scheme inside a scheme such as ``https:file:///etc/passwd``), a plain ``mailto:``
    address, or an anchor inside the article."""
    if href.startswith("#"):
        return _FRAGMENT.match(href) is not None
    if href[:7].lower() == "mailto:":
        address = href[7:].split("?", 1)[0]
        return (
            address.count("@") == 1
            and all(part for part in address.split("@"))
            and not any(char.isspace() or char in "\\/:<>\"" for char in address)
        )
    return is_web_address(href)
