"""The application layer: the ``Library`` front object and its use cases, each returning ``Changes``.

Arrows point down: ``ui`` uses ``app``, which uses ``index`` (search) and ``annotations`` (the store,
importers, anchoring). Nothing here imports Qt.
"""

from __future__ import annotations

from app.changes import Applied, Changes
from app.importing import ImportOutcome
from app.library import Library

__all__ = ["Applied", "Changes", "ImportOutcome", "Library"]
