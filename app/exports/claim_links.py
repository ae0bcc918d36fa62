"""The claims an export's highlights are linked to, read once for the whole export.

Every format reads them from the ``ExportSet`` (``ExportSet.claims``): JSON-LD as ``lectern:claims``,
``.qdpx`` as notes with links, CSV/XLSX as a column, Markdown under each quote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotations.models import STANCES, Claim
from annotations.store import Store


@dataclass(frozen=True)
class LinkedClaim:
    """One claim a highlight bears on, with how (``supports``, ``contradicts`` or ``context``)."""

    claim: Claim
    stance: str


ClaimsByHighlight = Mapping[int, tuple[LinkedClaim, ...]]


def claims_of(store: Store, annotation_ids: Iterable[int]) -> dict[int, tuple[LinkedClaim, ...]]:
    """Each linked highlight's claims, by stance (supports, contradicts, context) then claim id."""
    links = store.claims.links_of_annotations(annotation_ids)
    if not links:
        return {}
    claims: dict[int, Claim | None] = {}
    found: dict[int, tuple[LinkedClaim, ...]] = {}
    for annotation_id, its_links in links.items():
        linked = []
        for link in its_links:
            if link.claim_id not in claims:
                claims[link.claim_id] = store.claims.get(link.claim_id)
            claim = claims[link.claim_id]
            if claim is not None:
                linked.append(LinkedClaim(claim, link.stance))
        linked.sort(key=lambda item: (STANCES.index(item.stance), item.claim.id))
        found[annotation_id] = tuple(linked)
    return found


def claims_in(claims: ClaimsByHighlight) -> list[Claim]:
    """Every claim linked to the export's highlights, once each, by id."""
    unique = {item.claim.id: item.claim for linked in claims.values() for item in linked}
    return [unique[claim_id] for claim_id in sorted(unique)]


def claims_text(linked: Sequence[LinkedClaim]) -> str:
    """One cell: "supports: <claim>; contradicts: <claim>"."""
    return "; ".join(f"{item.stance}: {item.claim.text}" for item in linked)
