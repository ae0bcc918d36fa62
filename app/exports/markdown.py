"""The Markdown digest: highlights for a memo, grouped by article or by tag.

Readable as plain text and clean when pasted or converted (pandoc, a Markdown editor, a word processor):

- each highlight is a block quote of the article's words, escaped so that they show as written;
- under it, a short list: where it is from (when grouped by tag), its tags, and its note — the note's own
  Markdown kept, indented into the list item, its headings moved below the digest's own;
- with a citation style, a note style (Chicago notes) gives each quote a footnote with its full note; an
  author-date style (Chicago author-date, APA, MLA) puts the in-text citation after the quote and lists
  the articles' entries at the end (References, Works Cited);
- with every mention of a query, each article lists them as keyword-in-context lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from annotations.models import Annotation, Document
from app.exports.atomic import atomic_file
from app.exports.citations import (
    BIBLIOGRAPHY_HEADINGS,
    NOTE_STYLES,
    Reference,
    escape_markdown,
    html_to_markdown,
    html_to_text,
)
from app.exports.options import ExportOptions
from app.exports.references import References, pause
from app.exports.scope import ExportItem, ExportSet, Progress

KWIC_CONTEXT = 60  # characters of text either side of a mention
# A list item whose content starts in column 4 (as pandoc writes them): a note indented by 4 spaces stays
# inside it for CommonMark (pandoc, GitHub, Obsidian) and for Python-Markdown alike.
_ITEM = "-   "
_STANCE_LABELS = {
    "supports": "Supports the claim",
    "contradicts": "Contradicts the claim",
    "context": "Context for the claim",
}
_HEADING_SHIFT = 3  # a note's "# Heading" becomes "#### Heading", below the digest's own levels
_BLOCK_START = re.compile(r"^ {0,3}(?:[#>|<]|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~)|^ {4}")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+=~|](?=[-+=~|\s]|$)|(\d{1,9})([.)]))")
_MARKERS = frozenset("#>-+=~|0123456789")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")


def write_markdown(export_set: ExportSet, path: Path, options: ExportOptions, progress: Progress | None = None) -> int:
    """Write the digest to ``path`` (atomically); returns how many mentions it lists."""
    documents = [item.document for item in export_set.items if item.annotations] if options.style else []
    with (
        References(options.style, documents, entry=options.style not in NOTE_STYLES) as references,
        atomic_file(path, "w", encoding="utf-8", newline="\n") as file,
    ):
        digest = _Digest(export_set, options, references)
        for chunk in digest.chunks(progress):
            file.write(chunk)
    return digest.mentions_written


@dataclass(frozen=True)
class _Cited:
    is_note: bool
    markdown: str


class _Digest:
    def __init__(self, export_set: ExportSet, options: ExportOptions, references: References) -> None:
        self.export_set = export_set
        self.book = references
        self.style = options.style
        self.group = options.group
        self.references: dict[int, Reference] = {}
        self.cited: dict[int, _Cited] = {}
        self.footnotes = 0
        self.mentions_written = 0

    # -- the document ----------------------------------------------------------------------------
    def chunks(self, progress: Progress | None) -> Iterator[str]:
        exported = self.export_set
        yield f"# {escape_markdown(exported.title)}\n\n{self._summary()}\n"
        total = len(exported.items)
        if self.group == "tag":
            yield from self._by_tag(progress)
        else:
            for number, item in enumerate(exported.items):
                if number % 20 == 0:
                    pause()
                    if progress is not None:
                        progress(number, total)
                yield self._article(item)
        yield from self._bibliography()
        if progress is not None:
            progress(total, total)

    def _summary(self) -> str:
        exported = self.export_set
        highlights = sum(len(item.annotations) for item in exported.items)
        parts = [_count(len(exported.items), "article"), _count(highlights, "highlight")]
        if any(item.mentions for item in exported.items):
            mentions = sum(len(item.mentions) for item in exported.items)
            parts.append(f"{_count(mentions, 'mention')} of “{escape_markdown(exported.query or '')}”")
        parts.append(f"exported from Lectern on {date.today().isoformat()}")
        return " · ".join(parts)

    def _article(self, item: ExportItem) -> str:
        document = item.document
        pieces = [f"\n## {escape_markdown(_one_line(document.title) or 'Untitled')}\n"]
        about = _about(document)
        if about:
            pieces.append(f"\n{about}\n")
        for annotation in item.annotations:
            pieces.append(self._highlight(annotation, document, source=False))
        if item.mentions:
            pieces.append(self._mentions(item))
        if not item.annotations and not item.mentions:
            pieces.append("\nNo highlights.\n")
        return "".join(pieces)

    def _by_tag(self, progress: Progress | None) -> Iterator[str]:
        sections: dict[str, list[tuple[Annotation, Document]]] = {}
        untagged: list[tuple[Annotation, Document]] = []
        for item in self.export_set.items:
            for annotation in item.annotations:
                for tag in annotation.tags or ():
                    sections.setdefault(tag, []).append((annotation, item.document))
                if not annotation.tags:
                    untagged.append((annotation, item.document))
        descriptions = {tag.name: tag.description for tag in self.export_set.tags}
        listed = [(tag, sections[tag]) for tag in sorted(sections, key=str.casefold)]
        if untagged:
            listed.append(("", untagged))
        articles, total, done = len(self.export_set.items), sum(len(section) for _, section in listed), 0
        for tag, highlights in listed:
            heading = f"\n## {escape_markdown(tag)}\n" if tag else "\n## Untagged\n"
            if descriptions.get(tag):
                heading += f"\n{escape_markdown(_one_line(descriptions[tag]))}\n"
            yield heading
            for annotation, document in highlights:
                if done % 200 == 0:
                    pause()
                    if progress is not None:
                        progress(done * articles // max(total, 1), articles)  # the bar counts articles
                done += 1
                yield self._highlight(annotation, document, source=True)
        with_mentions = [item for item in self.export_set.items if item.mentions]
        if with_mentions:
            query = escape_markdown(self.export_set.query or "")
            yield f"\n## Mentions of “{query}”\n"
            for item in with_mentions:
                title = escape_markdown(_one_line(item.document.title) or "Untitled")
                yield f"\n### {title} ({len(item.mentions)})\n" + self._mentions(item, heading=False)

    def _bibliography(self) -> Iterator[str]:
        if not self.style or not self.references or next(iter(self.references.values())).is_note:
            return
        entries = sorted(
            (ref.entry for ref in self.references.values() if ref.entry),
            key=lambda entry: html_to_text(entry).casefold(),
        )
        yield f"\n## {BIBLIOGRAPHY_HEADINGS[self.style]}\n\n"
        yield "\n\n".join(html_to_markdown(entry) for entry in entries) + "\n"

    # -- one highlight -----------------------------------------------------------------------------
    def _highlight(self, annotation: Annotation, document: Document, *, source: bool) -> str:
        mark, footnote = "", ""
        cited = self._citation(document)
        if cited is not None and cited.is_note:
            self.footnotes += 1
            mark = f"[^{self.footnotes}]"
            footnote = f"\n[^{self.footnotes}]: {cited.markdown}\n"
        elif cited is not None:
            mark = " " + cited.markdown
        details = []
        if source:
            details.append(f"{_ITEM}From: {_source_line(document)}")
        if annotation.orphaned:
            details.append(f"{_ITEM}Passage lost: not found in the article's current text")
        if annotation.tags:
            details.append(f"{_ITEM}Tags: {', '.join(escape_markdown(tag) for tag in annotation.tags)}")
        for linked in self.export_set.claims.get(annotation.id, ()):  # "Supports the claim: …", one line each
            claim = escape_markdown(_one_line(linked.claim.text))
            details.append(f"{_ITEM}{_STANCE_LABELS.get(linked.stance, linked.stance)}: {claim}")
        if annotation.note.strip():
            details.append(_note_item(annotation.note))
        listed = "\n" + "\n".join(details) + "\n" if details else ""
        return f"\n{block_quote(annotation.exact, mark)}\n{footnote}{listed}"

    def _citation(self, document: Document) -> _Cited | None:
        """The article's note (note styles) or in-text citation, as Markdown; worked out once per article."""
        if not self.style:
            return None
        found = self.cited.get(document.id)
        if found is None:
            ref = self.references[document.id] = self.book.get(document)
            found = self.cited[document.id] = _Cited(ref.is_note, html_to_markdown(ref.citation))
        return found

    def _mentions(self, item: ExportItem, *, heading: bool = True) -> str:
        text = item.document.text
        lines = [keyword_in_context(text, start, end) for start, end in item.mentions if end > start]
        self.mentions_written += len(lines)
        listed = "\n" + "\n".join(f"- {line}" for line in lines) + "\n"
        if not heading:
            return listed
        return f"\nMentions of “{escape_markdown(self.export_set.query or '')}” ({len(lines)}):\n{listed}"


# -- pieces ------------------------------------------------------------------------------------------
def block_quote(text: str, mark: str = "") -> str:
    """The article's words as a block quote that shows them as written; ``mark`` ends its last line."""
    lines = [escape_line(line.strip()) for line in text.strip().split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        lines = [""]
    lines[-1] += mark
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def escape_line(line: str) -> str:
    """One line of text for Markdown: inline characters escaped, and a start that would make it a
    heading, a quote, a list item or a rule escaped too."""
    escaped = escape_markdown(line)
    if escaped[:1] in _MARKERS or escaped[:1].isspace():
        return _LINE_START.sub(_escape_start, escaped, count=1)
    return escaped


def _escape_start(match: re.Match[str]) -> str:
    space, marker, number, closer = match.group(1), match.group(2), match.group(3), match.group(4)
    if number is not None:
        return f"{space}{number}\\{closer}"
    return f"{space}\\{marker}"


def keyword_in_context(text: str, start: int, end: int, context: int = KWIC_CONTEXT) -> str:
    """``text[start:end]`` in bold with about ``context`` characters either side, on one line."""
    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    lead = "…" if start - context > 0 else ""
    trail = "…" if end + context < len(text) else ""
    return (
        f"{lead}{escape_markdown(_one_line(before, keep_edges=True)).lstrip()}"
        f"**{escape_markdown(_one_line(text[start:end]))}**"
        f"{escape_markdown(_one_line(after, keep_edges=True)).rstrip()}{trail}"
    )


def _note_item(note: str) -> str:
    """``-   Note: …`` with the note's Markdown indented into the list item (and its headings demoted)."""
    lines = _demote_headings(note.strip("\n")).split("\n")
    if _BLOCK_START.match(lines[0]):  # a note that starts with a list, a heading, a table or code
        head, rest = f"{_ITEM}Note:", ["", *lines]
    else:
        head, rest = f"{_ITEM}Note: {lines[0].strip()}", lines[1:]
    indent = " " * len(_ITEM)
    return "\n".join([head, *(f"{indent}{line}" if line.strip() else "" for line in rest)])


def _demote_headings(note: str) -> str:
    lines, fenced = [], False
    for line in note.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _ATX.sub(lambda match: match.group(1) + "#" * min(6, len(match.group(2)) + _HEADING_SHIFT), line)
        lines.append(line.rstrip("\r"))
    return "\n".join(lines)


def _about(document: Document) -> str:
    """Author · site · date · <link>: what a reader of the memo needs to find the article."""
    parts = [escape_markdown(_one_line(value)) for value in (document.byline, document.site, document.published)]
    link = _link(document.source)
    return " · ".join([part for part in parts if part] + ([link] if link else []))


def _source_line(document: Document) -> str:
    title = escape_markdown(_one_line(document.title) or "Untitled")
    about = _about(document)
    return f"{title} — {about}" if about else title


def _link(source: str) -> str:
    source = source.strip()
    if re.match(r"https?://[^\s<>]+$", source, re.IGNORECASE):
        return f"<{source}>"
    return ""


def _one_line(text: str, *, keep_edges: bool = False) -> str:
    joined = " ".join(text.split())
    if keep_edges and joined:
        joined = (" " if text[:1].isspace() else "") + joined + (" " if text[-1:].isspace() else "")
    return joined


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
