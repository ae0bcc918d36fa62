"""The Highlights panel's "Link to Claim ▸" submenu: recent claims, each with its stances, the links checked.

It only builds actions; what a choice does (link, unlink, a new claim) is the caller's ``choose``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QMenu

from annotations.models import STANCES
from app.claims import ClaimSummary

RECENT_CLAIMS = 15  # claims offered in the menu, the most recent first
TITLE_CHARS = 48

# choose(claim_id or None for a new claim, stance, currently linked with that stance)
Choose = Callable[[int | None, str, bool], None]


def short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1].rstrip() + "…"


def add_link_menu(menu: QMenu, claims: Sequence[ClaimSummary], linked: dict[int, set[str]], choose: Choose) -> QMenu:
    """Append "Link to Claim ▸" to ``menu``; ``linked`` maps claim id -> stances every chosen highlight has."""
    menu.addSeparator()
    submenu = menu.addMenu("Link to Claim")
    submenu.setObjectName("linkToClaimMenu")
    for claim in claims:
        stances = linked.get(claim.id, set())
        title = f"#{claim.id} {short(claim.text)}"
        claim_menu = submenu.addMenu(f"✓ {title}" if stances else title)
        for stance in STANCES:
            action = claim_menu.addAction(stance.capitalize())
            action.setCheckable(True)
            action.setChecked(stance in stances)
            action.triggered.connect(
                lambda _checked=False, c=claim.id, s=stance, on=stance in stances: choose(c, s, on)
            )
    if claims:
        submenu.addSeparator()
    new_menu = submenu.addMenu("New Claim…")
    for stance in STANCES:
        new_menu.addAction(stance.capitalize()).triggered.connect(lambda _checked=False, s=stance: choose(None, s, False))
    return submenu
