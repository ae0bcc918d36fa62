"""Switching the whole window between Light, Sepia and Dark (View → Theme, Preferences, the system's scheme).

A theme is three things applied together: the QApplication's palette (Fusion draws menus, scroll bars,
check boxes and tooltips from it), the stylesheet made from ``resources/style.qss`` and the theme's colours,
and ``ui.theme.current_theme()``, which the reader's text, its highlights and the list painters read. The
open article is laid out again in the new colours, keeping the reading place and the selection.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QMenu

from ui.reader.marks import underline_icon
from ui.reading_settings import THEME_NAMES, THEMES, ReadingPrefs
from ui.theme import DARK, LIGHT, THEMES_BY_NAME, Theme, current_theme, set_current_theme, stylesheet

if TYPE_CHECKING:
    from ui.main_window import MainWindow

THEME_PROPERTY = "lecternTheme"  # on the QApplication: the name of the theme it shows, unset until one is applied
_Role, _Group = QPalette.ColorRole, QPalette.ColorGroup


def system_theme(scheme: Qt.ColorScheme) -> Theme:
    """"Follow System": Dark when the platform says its scheme is dark, else Light."""
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def resolve(choice: str, scheme: Qt.ColorScheme | None = None) -> Theme:
    """The theme a setting names; ``"system"`` asks Qt's colour-scheme hint (or takes ``scheme``)."""
    if choice in THEMES_BY_NAME:
        return THEMES_BY_NAME[choice]
    return system_theme(QGuiApplication.styleHints().colorScheme() if scheme is None else scheme)


def palette_for(theme: Theme) -> QPalette:
    """The application palette of a theme, disabled text included, for Fusion and palette() in the stylesheet."""
    palette = QPalette()
    color = theme.color
    roles = {
        _Role.Window: color("paper"), _Role.WindowText: color("ink"), _Role.Base: color("page"),
        _Role.AlternateBase: color("alt_row"), _Role.Text: color("ink"), _Role.Button: color("button"),
        _Role.ButtonText: color("ink"), _Role.BrightText: color("error"), _Role.Highlight: color("selection"),
        _Role.HighlightedText: color("selection_ink"), _Role.Link: color("link"), _Role.LinkVisited: color("link"),
        _Role.ToolTipBase: color("input"), _Role.ToolTipText: color("ink"), _Role.PlaceholderText: color("muted"),
        _Role.Accent: color("accent"), _Role.Light: color("input").lighter(115 if theme.dark else 100),
        _Role.Midlight: color("border"), _Role.Mid: color("border_strong"), _Role.Dark: color("scroll_hover"),
        _Role.Shadow: QColor("#0e0e0d") if theme.dark else color("muted"),
    }  # fmt: skip
    for role, value in roles.items():
        palette.setColor(role, value)
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        palette.setColor(_Group.Disabled, role, color("faint"))
    palette.setColor(_Group.Disabled, _Role.Highlight, color("border_strong"))
    return palette


def apply_theme(application: QApplication, theme: Theme) -> None:
    """Show ``theme`` everywhere: palette, stylesheet, and the colours painters read."""
    set_current_theme(theme)
    application.setPalette(palette_for(theme))
    application.setStyleSheet(stylesheet(theme))
    application.setProperty(THEME_PROPERTY, theme.name)


def applied_theme(application: QApplication) -> str | None:
    value = application.property(THEME_PROPERTY)
    return str(value) if value else None


class ThemeController(QObject):
    """View → Theme, kept in step with ``window.reading_settings`` and, for "Follow System", the platform."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.reading_settings
        self.menu = QMenu("T&heme", window)
        self.menu.setObjectName("themeMenu")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for choice in THEMES:
            action = QAction("&" + THEME_NAMES[choice], self, checkable=True)  # F, L, S, D: one letter each
            action.setObjectName(f"theme_{choice}")
            action.setData(choice)
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[choice] = action
        self.actions["system"].setToolTip("Light or Dark, as the system is set")
        self.group.triggered.connect(lambda action: self.settings.update(theme=str(action.data())))
        self.settings.changed.connect(self._on_settings_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_scheme_changed)
        self._choice = self.settings.prefs.theme  # "system", "light", ...: what the menu shows checked
        self._check(self._choice)
        self._start()

    @property
    def theme(self) -> Theme:
        """The theme the window shows."""
        return current_theme()

    def _start(self) -> None:
        """Show the settings' theme unless the application already does. An application no theme was ever
        applied to (the tests' own) is left as it is for Light: restyling every widget costs time."""
        application = QApplication.instance()
        wanted = resolve(self.settings.prefs.theme)
        applied = applied_theme(application) if isinstance(application, QApplication) else None
        if applied == wanted.name or (applied is None and wanted is LIGHT):
            set_current_theme(wanted)
        else:
            self.show_theme(wanted)

    def show_theme(self, theme: Theme) -> None:
        """Apply ``theme`` and lay the open article out again in its colours."""
        application = QApplication.instance()
        if isinstance(application, QApplication):
            apply_theme(application, theme)
        else:
            set_current_theme(theme)
        pane = self.window.reader_pane
        pane.set_underline_mode(pane.view.underline_mode)  # the colour swatches in the new colours
        pane.underline_button.setIcon(underline_icon())
        meta = pane.meta_label.text()
        pane.meta_label.clear()
        pane.meta_label.setText(meta)  # a label colours its links when its text is set
        view = pane.view
        view.apply_typography(view.typography, view.reading_width)  # same typography, the theme's colours

    def _on_settings_changed(self, prefs: ReadingPrefs) -> None:
        if prefs.theme == self._choice:
            return  # the font, size or measure changed: ui.reader.measure lays the article out
        self._choice = prefs.theme
        self._check(prefs.theme)
        self.show_theme(resolve(prefs.theme))

    def _on_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        if self.settings.prefs.theme == "system" and system_theme(scheme) is not current_theme():
            self.show_theme(system_theme(scheme))

    def _check(self, choice: str) -> None:
        action = self.actions.get(choice)
        if action is not None and not action.isChecked():
            action.setChecked(True)
