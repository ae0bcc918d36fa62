"""The claims of the highlights being indexed, read in batches (a rebuild indexes 100,000 highlights).

The keeper asks for the links of a batch of highlights at once (``store.claims.links_of_annotations``
reads 500 ids a query) and each claim's text once per batch, then fills each highlight's claim fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.models import ClaimLink
from annotations.store import Store
from index.schema import ClaimFields, claim_fields


class ClaimLookup:
    """The claim fields of the highlights of one batch."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._links: dict[int, list[ClaimLink]] = {}
        self._texts: dict[int, str] = {}

    def load(self, annotation_ids: Iterable[int]) -> None:
        """Read the links of these highlights (forgetting the previous batch's)."""
        self._links = self._store.claims.links_of_annotations(annotation_ids)

    def fields(self, annotation_id: int) -> ClaimFields | None:
        """The highlight's claim fields; None when it is linked to no claim (or was not loaded)."""
        links = self._links.get(annotation_id)
        if not links:
            return None
        return claim_fields([(link.claim_id, link.stance, self._text(link.claim_id)) for link in links])

    def _text(self, claim_id: int) -> str:
        if claim_id not in self._texts:
            claim = self._store.claims.get(claim_id)
            self._texts[claim_id] = claim.text if claim is not None else ""
        return self._texts[claim_id]
