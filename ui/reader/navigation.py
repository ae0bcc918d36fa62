"""Back and Forward through reading places, as a browser goes back through pages.

Plain Python (no Qt), so the rules are tested on their own: following a search hit, a mention, a
highlight, an outline heading or choosing another article *pushes the place left*; Back returns to it
and keeps the place it came from for Forward; a new jump after going back drops what was ahead.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_PLACES = 100  # the oldest places are forgotten past this


@dataclass(frozen=True)
class Place:
    """Where the reader was: the article, the character at the top of the reader, and the selection if any."""

    document_id: int
    top: int
    selection: tuple[int, int] | None = None


class NavigationHistory:
    """Two stacks around the current place: ``back`` (older places) and ``forward`` (places gone back from)."""

    def __init__(self, limit: int = MAX_PLACES) -> None:
        self.limit = limit
        self._back: list[Place] = []
        self._forward: list[Place] = []

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    @property
    def back_places(self) -> list[Place]:
        """The places Back visits, the nearest last."""
        return list(self._back)

    @property
    def forward_places(self) -> list[Place]:
        """The places Forward visits, the nearest last."""
        return list(self._forward)

    def push(self, left: Place) -> None:
        """A jump left ``left``: remember it for Back; what was ahead is no longer reachable."""
        self._forward.clear()
        if self._back and self._back[-1] == left:
            return  # the same place twice in a row (a heading clicked twice) is one step back
        self._back.append(left)
        del self._back[: -self.limit]

    def back(self, current: Place | None) -> Place | None:
        """The place to return to (``current``, if any, is kept for Forward), or None when there is nowhere to go."""
        if not self._back:
            return None
        if current is not None:
            self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Place | None) -> Place | None:
        """The place Back came from (``current``, if any, is kept for Back), or None."""
        if not self._forward:
            return None
        if current is not None:
            self._back.append(current)
            del self._back[: -self.limit]
        return self._forward.pop()

    def forget(self, document_id: int) -> None:
        """Drop every place in a deleted article, so Back never lands on nothing."""
        self._back = [place for place in self._back if place.document_id != document_id]
        self._forward = [place for place in self._forward if place.document_id != document_id]
