"""Settings of a test's own: QSettings written under the test's folder, put back to the usual place after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QSettings


@contextmanager
def own_settings(folder: Path) -> Iterator[None]:
    """While inside, every QSettings() reads and writes under ``folder``: runs side by side share nothing."""
    usual = Path(QSettings().fileName()).parent.parent
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    try:
        yield
    finally:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(usual))
