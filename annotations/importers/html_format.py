"""Saved web pages: the page's body without its furniture, with title, author, date and URL from the head."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from annotations.importers.document_builder import build_document
from annotations.models import ParsedDocument

_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
_DATE_KEYS = ("article:published_time", "date", "dc.date", "pubdate", "publish-date", "parsely-pub-date")
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title")


class _PageMetadata(HTMLParser):
    """Collects <title>, <meta> and canonical-link facts; stops caring once the body starts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title_parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self._in_title = False
        self._title_done = False  # only the document's first <title>: SVG icons carry titles of their own

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key.lower(): (value or "") for key, value in attrs}
        if tag == "title" and not self._title_done:
            self._in_title = True
        elif tag == "meta":
            key = (values.get("name") or values.get("property") or values.get("itemprop") or "").lower()
            if key and values.get("content") and key not in self.meta:
                self.meta[key] = values["content"].strip()
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href", "").strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self._title_done = True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title_parts.append(data)

    def first(self, keys: tuple[str, ...]) -> str:
        return next((self.meta[key] for key in keys if self.meta.get(key)), "")


def parse_html(path: Path, text: str) -> ParsedDocument:
    page = _PageMetadata()
    page.feed(text)
    page.close()
    title = " ".join("".join(page.title_parts).split()) or page.first(_TITLE_KEYS)
    source = page.canonical if page.canonical.startswith(("http://", "https://")) else page.first(("og:url",))
    return build_document(
        path,
        text,
        format="html",
        title=title,
        byline=page.first(_AUTHOR_KEYS),
        source=source,
        published=page.first(_DATE_KEYS),
        web_page=True,
    )
