"""A fixture that puts the application's look back after a test that switches theme.

Every GUI test shares one QApplication: a theme left applied would change the next test's colours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from ui.theme import current_theme, set_current_theme
from ui.themes import THEME_PROPERTY


@pytest.fixture(autouse=True)
def pristine_look(qapp: QApplication) -> Iterator[None]:
    application = qapp
    assert isinstance(application, QApplication)
    palette, sheet = QPalette(application.palette()), application.styleSheet()
    applied, theme = application.property(THEME_PROPERTY), current_theme()
    yield
    application.setStyleSheet(sheet)
    application.setPalette(palette)
    application.setProperty(THEME_PROPERTY, applied)
    set_current_theme(theme)
