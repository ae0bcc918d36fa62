"""One small QObject that tells every view what changed, so each refreshes just that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    documents_changed = Signal()  # imported or deleted articles
    annotations_changed = Signal(int)  # document id whose highlights changed
    tags_changed = Signal()  # tags renamed, merged, moved, deleted or given a colour/description
    index_committed = Signal()  # the search index caught up with a change (emitted from any thread)
    status_message = Signal(str)
