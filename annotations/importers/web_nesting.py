"""Bounding how deeply a page's elements nest, for pages nested past what the HTML parsers handle well.

libxml2 stops building the tree at a fixed depth, and tree-building sanitisers slow down quadratically with
depth (ten thousand nested <li> take seconds, forty thousand nested <div> take minutes). Real pages never
nest that deeply; for those that do, elements beyond ``MAX_NESTING`` are unwrapped: their tags are dropped
and their text stays in place. One flat pass with the standard library's event parser, no recursion.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

MAX_NESTING = 512
_END_TAG_LOOKBACK = 64  # an end tag matching nothing this close to the top of the stack is a stray one

_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


def limit_nesting(html: str, max_depth: int = MAX_NESTING) -> str:
    """``html`` with every element nested deeper than ``max_depth`` unwrapped (its content kept)."""
    limiter = _NestingLimiter(max_depth)
    limiter.feed(html)
    limiter.close()
    return "".join(limiter.out)


class _NestingLimiter(HTMLParser):
    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self._open: list[str] = []  # tags written out and not yet closed
        self._unwrapped: Counter[str] = Counter()  # tags dropped for depth and not yet closed
        self._max_depth = max_depth

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self.out.append(self.get_starttag_text() or "")
        elif len(self._open) >= self._max_depth:
            self._unwrapped[tag] += 1
        else:
            self._open.append(tag)
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self._unwrapped[tag]:
            self._unwrapped[tag] -= 1
            return
        lookback = self._open[-_END_TAG_LOOKBACK:]
        if tag not in lookback:
            return  # stray end tag: drop it
        closing = len(lookback) - lookback[::-1].index(tag) - 1
        for open_tag in reversed(lookback[closing:]):
            self.out.append(f"</{open_tag}>")
        del self._open[len(self._open) - len(lookback) + closing :]

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def close(self) -> None:
        super().close()
        self.out.extend(f"</{tag}>" for tag in reversed(self._open))
        self._open.clear()
