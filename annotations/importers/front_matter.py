"""A leading ``---`` YAML block at the top of a Markdown (or plain text) file: the article's metadata.

The block is read by PyYAML's safe loader, except that numbers and yes/no words stay as written (YAML 1.1
would turn ``title: 1984`` into an int, ``title: Yes`` into True and ``time: 12:30`` into 750). Values
become strings: dates in ISO form, lists joined with ", " (a list of ``{name: ...}`` mappings gives the
names). A block that is not valid YAML is read line by
line as ``key: value`` instead (an unquoted ``title: Iran: what next`` is the usual culprit), and the
YAML error is kept under ``FRONT_MATTER_ERROR``. A block that is not a mapping at all (a list, a bare
line between two rules) is not front matter, and the text is left as it is.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

FRONT_MATTER_ERROR = "front_matter_error"
MAX_FRONT_MATTER_CHARS = 64 * 1024  # metadata, not an article: a bigger block is left in the text

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_LINE = re.compile(r"^([A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_LITERAL_TAGS = frozenset({"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _MetadataLoader(yaml.SafeLoader):
    """The safe loader without implicit bool, int and float scalars: metadata values stay as written."""


_MetadataLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in _LITERAL_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Return (metadata with lower-case keys and string values, the rest of the text).

    Without a front matter block the result is ``({}, text)``: nothing of the text is lost.
    """
    match = _BLOCK.match(text)
    if not match or len(match.group(1)) > MAX_FRONT_MATTER_CHARS:
        return {}, text
    block = match.group(1)
    try:
        loaded = yaml.load(block, Loader=_MetadataLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, RecursionError) as error:
        metadata = _read_lines(block)
        if not metadata:
            return {}, text
        metadata[FRONT_MATTER_ERROR] = _one_line_error(error)
        return metadata, text[match.end() :]
    if loaded is None:  # an empty block: front matter without fields
        return {}, text[match.end() :]
    if not isinstance(loaded, dict):
        return {}, text
    return _strings(loaded), text[match.end() :]


def document_fields(metadata: dict[str, str]) -> dict[str, str]:
    """Front matter -> build_document's title, byline, source and published (the first key present wins)."""
    return {
        "title": _first(metadata, "title"),
        "byline": _first(metadata, "author", "authors", "byline"),
        "source": _first(metadata, "source", "url", "link"),
        "published": _first(metadata, "date", "published"),
    }


def front_matter_warnings(path: Path, metadata: dict[str, str]) -> tuple[str, ...]:
    """What to tell the user about ``path``'s front matter: why it was read line by line, if it was."""
    error = metadata.get(FRONT_MATTER_ERROR)
    return (f"{path.name}: {error}; its fields were read line by line",) if error else ()


def _first(metadata: dict[str, str], *keys: str) -> str:
    return next((metadata[key] for key in keys if metadata.get(key)), "")


def _strings(mapping: dict[object, object]) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for key, value in mapping.items():
        if key is None:
            continue
        text = _as_text(value)
        if text:
            metadata[str(key).strip().lower()] = text
    return metadata


def _as_text(value: object) -> str:
    """A YAML value as one string; nested structures other than a flat list are dropped."""
    if isinstance(value, list):
        return ", ".join(part for part in (_scalar_or_name(item) for item in value) if part)
    return _scalar_or_name(value)


def _scalar_or_name(value: object) -> str:
    if isinstance(value, dict):
        value = value.get("name", "")  # authors: [{name: Ann, affiliation: ...}]
    if value is None or isinstance(value, list | dict):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_lines(block: str) -> dict[str, str]:
    """The lenient reading of a block that is not valid YAML: one ``key: value`` per line."""
    metadata: dict[str, str] = {}
    for line in block.splitlines():
        field = _LINE.match(line)
        if field:
            metadata[field.group(1).lower()] = _unquote(field.group(2))
    return metadata


def _unquote(value: str) -> str:
    """A value without its quotation marks, even a quote left open (``"Unclosed``, the usual YAML error)."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value[:1] in ("'", '"') and value[0] not in value[1:]:
        return value[1:].strip()
    return value


def _one_line_error(error: Exception) -> str:
    problem = getattr(error, "problem", None) or (str(error).splitlines() or [type(error).__name__])[0]
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + 2})" if mark is not None else ""  # +1 for 1-based, +1 for the opening ---
    return f"the front matter is not valid YAML: {problem}{where}"
