"""Claims in a REFI-QDA project: a ``Link`` named by a stance (supports, contradicts, context) from a
``PlainTextSelection`` to a ``Note`` makes the note a claim and the selection its evidence.

That is how Lectern's ``.qdpx`` export writes claims (``app.exports.qdpx``); the note's GUID is the claim's
uuid, so importing the project into a library that has the claim links to it instead of making a copy.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from annotations.models import STANCES
from app.annotation_import.claims import MAX_CLAIM_CHARS, claim_uuid
from app.annotation_import.incoming import IncomingClaim


def read_claim_links(root: etree._Element, q: Callable[[str], str]) -> dict[str, tuple[IncomingClaim, ...]]:
    """Each selection GUID's claims (with stances); ``q`` gives a local name in the project's namespace."""
    notes: dict[str, tuple[str, str]] = {}
    for note in root.iterfind(f"{q('Notes')}/{q('Note')}"):
        identity = claim_uuid((note.get("guid") or "").strip().strip("{}"))
        text = _text_of(note.find(q("PlainTextContent"))).strip()
        if identity is not None and text:
            notes[identity] = (text[:MAX_CLAIM_CHARS], _text_of(note.find(q("Description"))).strip()[:MAX_CLAIM_CHARS])
    found: dict[str, list[IncomingClaim]] = {}
    for link in root.iterfind(f"{q('Links')}/{q('Link')}"):
        stance = (link.get("name") or "").strip().lower()
        target = claim_uuid((link.get("targetGUID") or "").strip().strip("{}"))
        origin = (link.get("originGUID") or "").strip()
        if stance not in STANCES or target not in notes or not origin:
            continue
        text, note = notes[target]
        found.setdefault(origin.lower().strip("{}"), []).append(IncomingClaim(target, text, stance, note))
    return {selection: tuple(claims) for selection, claims in found.items()}


def _text_of(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""
