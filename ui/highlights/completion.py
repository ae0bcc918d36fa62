"""Which tags the tag editor offers for what has been typed: most used first, any path segment matches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MAX_SUGGESTIONS = 12
_BOUNDARIES = "/-"  # a path segment, or a word inside one (tags write spaces as "-")


def suggest_tags(
    known: Sequence[str], fragment: str, *, exclude: Iterable[str] = (), limit: int = MAX_SUGGESTIONS
) -> list[str]:
    """Tags in ``known`` (ordered most used first) with a path segment or word starting with ``fragment``.

    ``iran`` offers ``region/iran`` and ``def`` offers ``air-defense``; a fragment with a ``/``
    (``region/ir``) matches across segments. The order of ``known`` is kept: most used first."""
    wanted = "-".join(fragment.lower().split())  # as tags are stored: lower case, spaces as "-"
    if not wanted:
        return []
    skip = {name.strip().lower() for name in exclude}
    matches = [name for name in known if name not in skip and _matches(name.lower(), wanted)]
    return matches[:limit]


def _matches(name: str, wanted: str) -> bool:
    if name.startswith(wanted):
        return True
    return any(name.startswith(wanted, index + 1) for index, char in enumerate(name) if char in _BOUNDARIES)
