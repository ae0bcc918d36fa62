"""The SQL that finds highlights carrying a tag together with a tag below it (``region`` and ``region/iran``),
for the reports (``app.reports.implied``): such a highlight is filed under the same index terms as one
carrying ``region/iran`` alone, so the reports count it as that. Read-only; usually it finds none."""

from __future__ import annotations

from collections.abc import Collection

from annotations.database import Database
from annotations.store_reports import _TAGGED, _scoped


class LayeredTags:
    def __init__(self, db: Database) -> None:
        self._db = db

    def layered(self, within: Collection[int] | None) -> list[tuple[int, int, str]]:
        """(highlight id, article id, tag) for every tag of each highlight ``within`` that carries a tag and
        one below it; nothing for the others."""
        scope, condition, parameters = _scoped(within, "x.annotation_id")
        found = (
            "SELECT DISTINCT x.annotation_id FROM annotation_tags x JOIN tags tx ON tx.id = x.tag_id"
            " JOIN annotation_tags y ON y.annotation_id = x.annotation_id JOIN tags ty ON ty.id = y.tag_id"
            f" WHERE substr(ty.name, 1, length(tx.name) + 1) = tx.name || '/' AND {condition}"
        )
        rows = self._db.connection().execute(
            f"{scope}SELECT a.id, a.document_id, t.name FROM {_TAGGED} WHERE a.id IN ({found}) ORDER BY a.id",
            parameters,
        )
        return [(row[0], row[1], row[2]) for row in rows]
