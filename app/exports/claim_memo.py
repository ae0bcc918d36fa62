"""A claim's evidence as a Markdown memo skeleton: the claim, its note, then each stance's quotes, cited.

The researcher writes the memo around it: the claim is the heading, its note follows, and the sections
"Supports", "Contradicts" and "Context" hold each linked highlight as a block quote with its citation in
the chosen style (a footnote for Chicago notes, the in-text citation for the author-date styles), oldest
first. A "References" list in the same style closes it. Written whole or not at all (``atomic``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from annotations.models import STANCES, Claim, Document
from annotations.store_claims import Evidence
from app.exports.atomic import atomic_file
from app.exports.citations import escape_markdown, html_to_markdown, html_to_text
from app.exports.markdown import block_quote
from app.exports.references import References

SECTION_TITLES = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context"}
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class MemoReport:
    """What a memo export wrote."""

    claim_id: int
    path: Path
    style: str
    counts: dict[str, int]
    articles: int
    bytes: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.claim_id,
            "path": str(self.path),
            "style": self.style,
            **self.counts,
            "articles": self.articles,
            "bytes": self.bytes,
        }


def write_claim_memo(
    path: Path, claim: Claim, evidence: Sequence[Evidence], documents: Mapping[int, Document], style: str
) -> MemoReport:
    """Write the memo of ``claim`` to ``path``; ``evidence`` in the order the memo lists it, ``style`` one of
    the citation styles or "" (then each quote names its article instead)."""
    cited = [documents[item.document_id] for item in evidence]
    with (
        References(style, cited, entry=True) if style else nullcontext() as references,
        atomic_file(path, "w", encoding="utf-8", newline="\n") as file,
    ):
        for chunk in _Memo(claim, evidence, documents, style, references).chunks():
            file.write(chunk)
    counts = {stance: sum(1 for item in evidence if item.stance == stance) for stance in STANCES}
    return MemoReport(claim.id, path, style, counts, len(set(documents)), path.stat().st_size)


class _Memo:
    def __init__(
        self,
        claim: Claim,
        evidence: Sequence[Evidence],
        documents: Mapping[int, Document],
        style: str,
        references: References | None,
    ) -> None:
        self.claim = claim
        self.evidence = evidence
        self.documents = documents
        self.style = style
        self.references = references
        self.footnotes = 0

    def chunks(self) -> Iterator[str]:
        claim = self.claim
        counts = " · ".join(
            f"{sum(1 for item in self.evidence if item.stance == stance)} {stance}" for stance in STANCES
        )
        yield f"# {escape_markdown(claim.text)}\n\nClaim #{claim.id} · {counts} · from Lectern on {date.today()}\n"
        if claim.tags:
            yield f"\nTags: {', '.join(escape_markdown(tag) for tag in claim.tags)}\n"
        if claim.note.strip():
            yield f"\n{_demoted(claim.note.strip())}\n"
        for stance in STANCES:
            yield f"\n## {SECTION_TITLES[stance]}\n"
            items = [item for item in self.evidence if item.stance == stance]
            if not items:
                yield "\nNo evidence yet.\n"
            for item in items:
                yield self._item(item)
        yield from self._bibliography()

    def _item(self, item: Evidence) -> str:
        document = self.documents[item.document_id]
        mark, footnote, details = "", "", []
        if self.references is None:
            details.append(f"-   From: {_source_line(document)}")
        else:
            reference = self.references.get(document)
            if reference.is_note:
                self.footnotes += 1
                mark = f"[^{self.footnotes}]"
                footnote = f"\n[^{self.footnotes}]: {html_to_markdown(reference.citation)}\n"
            else:
                mark = " " + html_to_markdown(reference.citation)
        if item.orphaned:
            details.append("-   Passage lost: not found in the article's current text")
        if item.note.strip():
            note = "\n".join(f"    {line}" if line.strip() else "" for line in item.note.strip().split("\n"))
            details.append(f"-   Note: {note.lstrip()}")
        listed = "\n" + "\n".join(details) + "\n" if details else ""
        return f"\n{block_quote(item.exact, mark)}\n{footnote}{listed}"

    def _bibliography(self) -> Iterator[str]:
        if self.references is None or not self.evidence:
            return
        entries = {item.document_id: self.references.get(self.documents[item.document_id]).entry for item in self.evidence}
        ordered = sorted((entry for entry in entries.values() if entry), key=lambda entry: html_to_text(entry).casefold())
        yield "\n## References\n\n" + "\n\n".join(html_to_markdown(entry) for entry in ordered) + "\n"


def _source_line(document: Document) -> str:
    """Title — author · site · date: enough to find the article when the memo cites in no style."""
    about = " · ".join(" ".join(value.split()) for value in (document.byline, document.site, document.published) if value.strip())
    title = escape_markdown(" ".join(document.title.split()) or "Untitled")
    return f"{title} — {escape_markdown(about)}" if about else title


def _demoted(note: str) -> str:
    """The claim's note with its headings moved below the memo's sections (``# x`` becomes ``### x``)."""
    return _HEADING.sub(lambda match: match.group(1) + "#" * min(6, len(match.group(2)) + 2), note)
