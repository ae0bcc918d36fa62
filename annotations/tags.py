"""Tag names: one spelling per tag, and ``/`` for hierarchy (``region/iran`` is a child of ``region``)."""

from __future__ import annotations

from collections.abc import Iterable

from annotations.metadata import plain_line


def normalize_tag(name: str) -> str:
    """Tags are lower case, without outer white space, inner white space as '-', no empty path parts, and no
    control or format characters (a bidi override or zero-width space would make two tags look alike);
    zero-width joiners stay inside words, where Persian and Indic scripts need them."""
    parts = ["-".join(plain_line(part).split()) for part in name.strip().lower().split("/")]
    return "/".join(part for part in parts if part)


def normalize_tags(names: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for name in names:
        tag = normalize_tag(name)
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def tag_and_ancestors(name: str) -> list[str]:
    """``region/iran`` -> ``["region", "region/iran"]``."""
    parts = name.split("/")
    return ["/".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
