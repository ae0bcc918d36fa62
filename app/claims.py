"""``library.claims``: claims and the highlights weighed as their evidence, each write an undoable step.

A claim is a short statement with a note and tags; a highlight is linked to it as ``supports``,
``contradicts`` or ``context``. Reads are plain dataclasses a view can page through (``all``) or show
whole (``evidence``: each stance's highlights with their article's details, oldest first, undated last).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from annotations.errors import NotFound
from annotations.models import STANCES, Claim, ClaimLink
from annotations.store import Store
from annotations.store_claims import ClaimSummary, Evidence
from app.changes import Applied, Changes
from app.exports.claim_memo import MemoReport, write_claim_memo
from app.exports.options import STYLES, InvalidExport
from app.exports.part import check_destination
from app.undo import UndoHistory
from index.dates import parse_date

__all__ = ["ClaimEvidence", "ClaimSummary", "Claims", "Evidence", "MemoReport"]


@dataclass(frozen=True)
class ClaimEvidence:
    """A claim with its evidence: ``items`` by stance (supports, contradicts, context), each stance's
    oldest article first and the undated last."""

    claim: Claim
    items: tuple[Evidence, ...]

    def of(self, stance: str) -> tuple[Evidence, ...]:
        return tuple(item for item in self.items if item.stance == stance)

    @property
    def counts(self) -> dict[str, int]:
        return {stance: len(self.of(stance)) for stance in STANCES}


def evidence_order(item: Evidence) -> tuple[int, int, datetime, int, int]:
    """Stance, then publication date (undated after every dated one), then article and place in it."""
    published = parse_date(item.published)
    return (STANCES.index(item.stance), published is None, published or datetime.min, item.document_id, item.start)


class Claims:
    """Reading and writing claims and their links; every write is one undo step and says what it changed."""

    def __init__(self, store: Store, history: UndoHistory) -> None:
        self._store = store
        self._history = history

    # -- reading ---------------------------------------------------------------------------------
    def count(self) -> int:
        return self._store.claims.count()

    def all(self, offset: int = 0, limit: int | None = None) -> list[ClaimSummary]:
        """Claims in the order they were made, with their counts per stance; a page of ``limit`` from ``offset``."""
        return self._store.claims.summaries(offset, limit)

    def get(self, claim_id: int) -> Claim:
        """One claim; raises NotFound."""
        claim = self._store.claims.get(claim_id)
        if claim is None:
            raise NotFound(f"No claim #{claim_id}.")
        return claim

    def evidence(self, claim_id: int) -> ClaimEvidence:
        """The claim and every highlight linked to it, grouped by stance and ordered by date."""
        claim = self.get(claim_id)
        items = sorted(self._store.claims.evidence(claim_id), key=evidence_order)
        return ClaimEvidence(claim, tuple(items))

    def links_of(self, annotation_id: int) -> list[ClaimLink]:
        """The claims a highlight is linked to (for its editor and context menu)."""
        return self._store.claims.links_of_annotations([annotation_id]).get(annotation_id, [])

    # -- writing ---------------------------------------------------------------------------------
    def add(self, text: str, *, note: str = "", tags: Iterable[str] = ()) -> Applied[Claim]:
        """A new claim; raises InvalidClaim for an empty text."""
        tags = list(tags)
        return self._history.record("Add Claim", [], lambda: self._store.claims.add(text, note=note, tags=tags))

    def update(
        self,
        claim_id: int,
        *,
        text: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Applied[Claim]:
        """Change a claim's text, note or tags (None leaves one as it is)."""
        tags = None if tags is None else list(tags)
        return self._history.record(
            "Edit Claim",
            [],
            lambda: self._store.claims.update(claim_id, text=text, note=note, tags=tags),
            claim_ids=[claim_id],
        )

    def delete(self, claim_id: int) -> Changes:
        """Delete a claim with its tags and links (the highlights stay); undo brings all of it back."""
        self.get(claim_id)  # NotFound before anything is recorded
        return self._history.record(
            "Delete Claim", [], lambda: self._store.claims.delete(claim_id), claim_ids=[claim_id]
        ).changes

    def link(self, claim_id: int, annotation_id: int, stance: str) -> Applied[ClaimLink]:
        """Link a highlight to a claim with a stance; linking it again with another stance changes the stance."""
        return self._history.record(
            "Link to Claim",
            [],
            lambda: self._store.claims.link(claim_id, annotation_id, stance),
            claim_ids=[claim_id],
        )

    def unlink(self, claim_id: int, annotation_id: int) -> Changes:
        """Take a highlight out of a claim's evidence."""
        return self._history.record(
            "Unlink from Claim",
            [],
            lambda: self._store.claims.unlink(claim_id, annotation_id),
            claim_ids=[claim_id],
        ).changes

    # -- the memo --------------------------------------------------------------------------------
    def export_memo(self, claim_id: int, path: Path, style: str = "chicago-note") -> MemoReport:
        """Write the claim's evidence as a Markdown memo with citations in ``style`` ("" for none).

        Raises NotFound, or InvalidExport for an unknown style or a file that cannot be written."""
        if style and style not in STYLES:
            raise InvalidExport(f"unknown citation style “{style}” (choose one of {', '.join(STYLES)})")
        found = self.evidence(claim_id)
        path = Path(path).expanduser()
        check_destination(path)
        documents = {item.document_id: self._store.document(item.document_id) for item in found.items}
        try:
            return write_claim_memo(path, found.claim, found.items, documents, style)
        except OSError as error:
            raise InvalidExport(f"cannot write {path}: {error.strerror or error}") from error
