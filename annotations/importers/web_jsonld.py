"""Article facts from a page's JSON-LD (schema.org) blocks: headline, authors, date, publisher, URL."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_JSONLD_CHARS = 1_000_000  # a bigger block is not article metadata; skip it rather than parse it
_MAX_NODES = 10_000
# Old-style wrappers around script text: <!-- -->, <![CDATA[ ]]>, also behind // or inside /* */.
_WRAPPER_START = re.compile(r"^\s*(?://|/\*)?\s*(?:<!\[CDATA\[|<!--)\s*(?:\*/)?")
_WRAPPER_END = re.compile(r"(?://|/\*)?\s*(?:\]\]>|-->)\s*(?:\*/)?\s*$")

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "liveblogposting", "report", "scholarlyarticle",
        "techarticle", "socialmediaposting", "discussionforumposting", "opinionnewsarticle",
        "reportagenewsarticle", "analysisnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
        "satiricalarticle", "medicalscholarlyarticle", "advertisercontentarticle", "askpublicnewsarticle",
    }
)  # fmt: skip


@dataclass(frozen=True)
class JsonLdArticle:
    headline: str = ""
    name: str = ""
    authors: tuple[str, ...] = ()
    published: str = ""
    publisher: str = ""
    url: str = ""


def read_jsonld(blocks: list[str]) -> JsonLdArticle:
    """The first article-like object in ``blocks`` (script texts); an empty result when there is none."""
    for block in blocks:
        data = _load(block)
        if data is None:
            continue
        for node in _objects(data):
            if _is_article(node):
                return _article(node)
    return JsonLdArticle()


def _load(block: str) -> object | None:
    text = _WRAPPER_START.sub("", block.strip(), count=1)
    wrapper_end = _WRAPPER_END.search(text, max(0, len(text) - 24))  # look at the tail only: keeps it linear
    if wrapper_end:
        text = text[: wrapper_end.start()]
    text = text.strip()
    if not text or len(text) > MAX_JSONLD_CHARS:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):  # invalid JSON, or nested past the parser's limit
        return None


def _objects(data: object) -> Iterator[dict]:
    """Every JSON object in ``data``, breadth first without recursion (lists and @graph included)."""
    queue: list[object] = [data]
    for position in range(_MAX_NODES):
        if position >= len(queue):
            return
        item = queue[position]
        if isinstance(item, dict):
            yield item
            queue.extend(value for value in item.values() if isinstance(value, dict | list))
        elif isinstance(item, list):
            queue.extend(value for value in item if isinstance(value, dict | list))


def _is_article(node: dict) -> bool:
    types = node.get("@type", ())
    if isinstance(types, str):
        types = (types,)
    return isinstance(types, list | tuple) and any(
        isinstance(kind, str) and kind.rsplit("/", 1)[-1].lower() in _ARTICLE_TYPES for kind in types
    )


def _article(node: dict) -> JsonLdArticle:
    return JsonLdArticle(
        headline=_text(node.get("headline")),
        name=_text(node.get("name")),
        authors=tuple(_names(node.get("author") or node.get("creator"))),
        published=_text(node.get("datePublished")) or _text(node.get("dateCreated")),
        publisher=next(iter(_names(node.get("publisher"))), ""),
        url=_web_address(node.get("url")) or _web_address(node.get("mainEntityOfPage")),
    )


def _names(value: object) -> list[str]:
    """Names of a person, an organisation, or a list of them (strings or objects with a name)."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _text(item.get("name")) if isinstance(item, dict) else _text(item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def _text(value: object) -> str:
    if isinstance(value, list) and value:
        value = value[0]
    return " ".join(value.split()) if isinstance(value, str) else ""


def _web_address(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    text = _text(value)
    return text if text.startswith(("http://", "https://")) else ""
