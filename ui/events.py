"""One small QObject that tells every view what changed, so each refreshes just that.

Only ``ui.operations.Operations`` emits ``changed``: it carries the ``Changes`` an app operation
returned, so no view or controller has to know (or announce) what another one shows.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    changed = Signal(object)  # app.changes.Changes of one finished operation (emitted on the GUI thread)
    index_committed = Signal()  # the search index caught up with a change (emitted from any thread)
    status_message = Signal(str)
