"""The claims an imported annotation is linked to: read from a file, then stored beside its highlights.

Lectern's JSON-LD names them in ``lectern:claims`` (``app.exports.jsonld.claim_node``); ``.qdpx`` as notes
linked to selections (``app.annotation_import.qdpx``). A claim is matched by its uuid, so the same claim is
never made twice; a claim node Lectern cannot use (no uuid, no text, an unknown stance) is passed over, and
its highlight is imported without it.
"""

from __future__ import annotations

import re
import uuid as uuids
from collections.abc import Sequence

from annotations.models import STANCES, Annotation, Claim
from annotations.store import Store
from annotations.store_claim_import import GivenClaim, GivenLink, adopt_claims
from app.annotation_import.incoming import IncomingClaim

LECTERN_NS = "https://lectern.app/ns#"
MAX_CLAIMS = 1_000  # on one annotation
MAX_CLAIM_CHARS = 20_000
_UNSTORABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # lone surrogates, control characters


def claim_uuid(identifier: object) -> str | None:
    """The uuid in ``urn:uuid:<uuid>`` (or a bare uuid), lower case; None if it is not one."""
    if not isinstance(identifier, str):
        return None
    try:
        return str(uuids.UUID(identifier.strip().removeprefix("urn:uuid:")))
    except ValueError:
        return None


def read_claim_nodes(nodes: object) -> tuple[IncomingClaim, ...]:
    """The usable claims of a ``lectern:claims`` value (a node or a list of them)."""
    found: list[IncomingClaim] = []
    for node in (nodes if isinstance(nodes, list) else [nodes])[:MAX_CLAIMS]:
        if not isinstance(node, dict):
            continue
        identity = claim_uuid(node.get("id", node.get("@id")))
        text, stance = _term(node, "text"), _term(node, "stance")
        if identity is None or not isinstance(text, str) or not text.strip() or stance not in STANCES:
            continue
        note = _term(node, "note")
        tags = _term(node, "tags")
        found.append(
            IncomingClaim(
                uuid=identity,
                text=_clean(text.strip()[:MAX_CLAIM_CHARS]),
                stance=str(stance),
                note=_clean(note[:MAX_CLAIM_CHARS]) if isinstance(note, str) else "",
                tags=tuple(_clean(tag.strip()) for tag in tags[:100] if isinstance(tag, str) and tag.strip())
                if isinstance(tags, list)
                else (),
            )
        )
    return tuple(found)


def _clean(text: str) -> str:
    return _UNSTORABLE.sub("", text)


def _term(node: dict[str, object], term: str) -> object:
    return node.get(f"lectern:{term}", node.get(LECTERN_NS + term))


def store_claims(
    store: Store, created: Sequence[Annotation], claims_by_uuid: dict[str, tuple[IncomingClaim, ...]]
) -> list[Claim]:
    """Link the highlights just stored to their claims (made when the library lacks them); returns the claims
    made, so the import's undo step takes them away again."""
    claims: list[GivenClaim] = []
    links: list[GivenLink] = []
    for annotation in created:
        for claim in claims_by_uuid.get(annotation.uuid, ()):
            claims.append(GivenClaim(claim.uuid, claim.text, claim.note, claim.tags))
            links.append(GivenLink(claim.uuid, annotation.id, claim.stance))
    if not links:
        return []
    made = [store.claims.get(claim_id) for claim_id in adopt_claims(store.db, claims, links)]
    return [claim for claim in made if claim is not None]
