"""Claims and links brought by an annotation file (Lectern's JSON-LD or ``.qdpx``), stored by their uuid.

A claim whose uuid the library already has is the same claim: it is linked to, never duplicated (its text
there is kept). A new one is created with the file's uuid, so importing the same file again adds nothing.
Each highlight linked is enqueued for the index (``claim:``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.database import Database, enqueue, now
from annotations.models import STANCES
from annotations.store_claims import InvalidClaim, claim_note, claim_text
from annotations.tags import normalize_tags


@dataclass(frozen=True)
class GivenClaim:
    """A claim as a file states it."""

    uuid: str
    text: str
    note: str = ""
    tags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class GivenLink:
    """A stored highlight linked to a given claim (by the claim's uuid)."""

    claim_uuid: str
    annotation_id: int
    stance: str


def adopt_claims(db: Database, claims: Sequence[GivenClaim], links: Sequence[GivenLink]) -> list[int]:
    """Store the claims the library lacks and the links (one transaction); returns the ids of claims created.
    Texts are cleaned as the claims' own writes clean them; a claim whose text cannot be a claim (empty,
    too long), a link to it and a link with an unknown stance are left out; an existing link keeps its stance."""
    created: list[int] = []
    stamp = now()
    with db.transaction() as connection:
        ids: dict[str, int] = {}
        for claim in claims:
            if claim.uuid in ids:
                continue
            row = connection.execute("SELECT id FROM claims WHERE uuid = ?", (claim.uuid,)).fetchone()
            if row is not None:
                ids[claim.uuid] = int(row[0])
                continue
            try:
                text, note, tags = claim_text(claim.text), claim_note(claim.note), normalize_tags(claim.tags)
            except (InvalidClaim, ValueError):
                continue
            cursor = connection.execute(
                "INSERT INTO claims (uuid, text, note, created, modified) VALUES (?, ?, ?, ?, ?) RETURNING id",
                (claim.uuid, text, note, stamp, stamp),
            )
            ids[claim.uuid] = int(cursor.fetchone()[0])
            created.append(ids[claim.uuid])
            connection.executemany(
                "INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", [(ids[claim.uuid], tag) for tag in tags]
            )
        linked = [link for link in links if link.claim_uuid in ids and link.stance in STANCES]
        connection.executemany(
            "INSERT INTO claim_links (claim_id, annotation_id, stance, created) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            [(ids[link.claim_uuid], link.annotation_id, link.stance, stamp) for link in linked],
        )
        enqueue(connection, "annotation", dict.fromkeys(link.annotation_id for link in linked))
    return created
