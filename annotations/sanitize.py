"""The HTML allow-list: what imported markup may keep before it is stored or shown (DESIGN §6)."""

from __future__ import annotations

import nh3

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
    "a": {"href", "title", "id"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
}

SAFE_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str, *, drop_page_furniture: bool = False) -> str:
    """Return ``html`` reduced to the allow-list: no scripts, styles, images, forms or unsafe links."""
    dropped = set(DROPPED_WITH_CONTENT)
    if drop_page_furniture:
        dropped |= WEB_PAGE_FURNITURE
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=dropped,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(SAFE_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def is_safe_link(href: str) -> bool:
    """True for links the reader may open: http(s), mailto, or an anchor inside the article."""
    if href.startswith("#"):
        return True
    scheme, sep, _ = href.partition(":")
    return bool(sep) and scheme.lower() in SAFE_URL_SCHEMES
