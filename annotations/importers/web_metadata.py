"""A saved page's title, byline, date, site name and address from its meta tags, JSON-LD and markup."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from annotations.importers.web_jsonld import JsonLdArticle, read_jsonld
from annotations.importers.web_page import element_text
from annotations.importers.web_title import choose_title

# Meta keys, lower-cased, most trusted first ("name", "property" and "itemprop" are read alike).
_TITLE_KEYS = ("dc:title", "dcterms:title", "dc.title", "dcterms.title", "og:title", "twitter:title", "title")
_AUTHOR_KEYS = (
    "dc:creator", "dcterms:creator", "dc.creator", "dcterms.creator", "author", "article:author_name", "byl",
    "parsely-author", "sailthru.author", "article:author", "og:article:author",
)  # fmt: skip
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date", "dc:date",
    "dcterms.date", "dcterms.created", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date",
)  # fmt: skip
_SITE_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_BY_PREFIX = re.compile(r"^\s*by\s+", re.IGNORECASE)
_BYLINE_HINT = re.compile(r"byline|author", re.IGNORECASE)
MAX_BYLINE_CHARS = 100


@dataclass(frozen=True)
class PageMetadata:
    """What a saved page says about its article."""

    title: str = ""
    byline: str = ""
    published: str = ""
    site_name: str = ""
    url: str = ""


def read_metadata(root: HtmlElement) -> PageMetadata:
    """Read the article's metadata: JSON-LD first, then meta tags and Open Graph, then the markup itself."""
    meta = _meta_values(root)
    article = read_jsonld([script.text or "" for script in root.iter("script") if _is_jsonld(script)])
    site_name = article.publisher or _first(meta, _SITE_KEYS)
    url = _canonical(root) or article.url or _web_address(meta.get("og:url", ""))
    head_title = _head_title(root)
    headings = [element_text(heading) for heading in root.iter("h1", "h2")]
    title = choose_title(
        [_jsonld_title(article, head_title, headings), *(meta.get(key, "") for key in _TITLE_KEYS), head_title],
        site_names=[name for name in (site_name, _host(url)) if name],
        headings=headings,
    )
    return PageMetadata(
        title=title,
        byline=_BY_PREFIX.sub("", ", ".join(article.authors) or _meta_byline(meta) or _markup_byline(root)),
        published=article.published or _first(meta, _DATE_KEYS) or _markup_date(root),
        site_name=site_name,
        url=url,
    )


def _jsonld_title(article: JsonLdArticle, head_title: str, headings: list[str]) -> str:
    """The JSON-LD headline, or its name where that is what the page shows (some sites put a summary in headline)."""
    if not (article.headline and article.name) or article.headline == article.name:
        return article.headline or article.name
    for value in (article.headline, article.name):
        if value in headings:
            return value
    for value in (article.headline, article.name):
        if head_title.startswith(value):
            return value
    return article.headline


def _meta_values(root: HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        for attribute in ("name", "property", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in values:
                values[key] = content
    return values


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def _meta_byline(meta: dict[str, str]) -> str:
    """An author meta value that names someone (not a profile address)."""
    for key in _AUTHOR_KEYS:
        value = meta.get(key, "")
        if value and not value.startswith(("http://", "https://", "@")):
            return value
    return ""


def _markup_byline(root: HtmlElement) -> str:
    """A short rel="author", itemprop="author" or class="byline" text in the page."""
    for element in root.iter("a", "span", "div", "p", "address"):
        if (
            "author" in (element.get("rel") or "").lower().split()
            or element.get("itemprop") == "author"
            or _BYLINE_HINT.search(element.get("class") or "")
        ):
            text = element_text(element)
            if 0 < len(text) <= MAX_BYLINE_CHARS:
                return text
    return ""


def _markup_date(root: HtmlElement) -> str:
    """The datetime of the first <time> in an <article>, or of one marked as the publication date."""
    for time in root.iter("time"):
        datetime = (time.get("datetime") or "").strip()
        if datetime and (time.get("pubdate") is not None or time.get("itemprop") == "datePublished"):
            return datetime
    for article in root.iter("article"):
        for time in article.iter("time"):
            if (time.get("datetime") or "").strip():
                return time.get("datetime").strip()
    return ""


def _head_title(root: HtmlElement) -> str:
    """The first <title> outside any SVG (icons carry titles of their own)."""
    for title in root.iter("title"):
        if not any(ancestor.tag == "svg" for ancestor in title.iterancestors()):
            return element_text(title)
    return ""


def _canonical(root: HtmlElement) -> str:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            return _web_address(link.get("href") or "")
    return ""


def _web_address(value: str) -> str:
    value = value.strip()
    return value if value.startswith(("http://", "https://")) else ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:  # e.g. "http://[not-an-address"
        return ""


def _is_jsonld(script: HtmlElement) -> bool:
    return (script.get("type") or "").strip().lower() == "application/ld+json"
