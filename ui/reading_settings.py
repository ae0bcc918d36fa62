"""The reader's settings (theme, font, size, line width and spacing): one object the window, the reader,
View → Theme, the zoom keys and Preferences all read and change, kept in QSettings between sessions.

A window made with ``remember_layout=False`` (tests, the screenshot) starts from the defaults and writes
nothing, so no run leaks its zoom or theme into the next.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from PySide6.QtCore import QObject, QSettings, Signal

THEMES = ("system", "light", "sepia", "dark")  # "system": Qt's colour-scheme hint decides light or dark
THEME_NAMES = {"system": "Follow System", "light": "Light", "sepia": "Sepia", "dark": "Dark"}
SERIF, SANS = "serif", "sans"  # the reading font's kind; any other value is a family the user chose
POINT_SIZES = (9.0, 10.0, 11.0, 12.0, 12.5, 13.5, 15.0, 16.5, 18.0, 20.0, 22.0, 25.0, 28.0, 32.0)
DEFAULT_POINT_SIZE = 12.5
LINE_WIDTH_RANGE = (40, 120)  # characters per line
LINE_SPACING_RANGE = (100, 220)  # per cent of the font's height
_GROUP = "reading"


@dataclass(frozen=True)
class ReadingPrefs:
    theme: str = "system"
    font: str = SERIF
    point_size: float = DEFAULT_POINT_SIZE
    line_width: int = 70
    line_spacing: int = 150

    def checked(self) -> ReadingPrefs:
        """The same settings within their ranges (a hand-edited settings file cannot break the reader)."""
        return replace(
            self,
            theme=self.theme if self.theme in THEMES else "system",
            font=self.font or SERIF,
            point_size=min(POINT_SIZES[-1], max(POINT_SIZES[0], float(self.point_size))),
            line_width=min(LINE_WIDTH_RANGE[1], max(LINE_WIDTH_RANGE[0], int(self.line_width))),
            line_spacing=min(LINE_SPACING_RANGE[1], max(LINE_SPACING_RANGE[0], int(self.line_spacing))),
        )


class ReadingSettings(QObject):
    """The current ``ReadingPrefs``; ``changed`` carries the new value after every change."""

    changed = Signal(object)  # ReadingPrefs

    def __init__(self, parent: QObject | None = None, *, persist: bool = True) -> None:
        super().__init__(parent)
        self.persist = persist
        self.prefs = _load() if persist else ReadingPrefs()

    def update(self, **changes: object) -> ReadingPrefs:
        """Change some settings (``theme="dark"``, ``point_size=15``); saved and announced when they differ."""
        new = replace(self.prefs, **changes).checked()  # type: ignore[arg-type]
        if new != self.prefs:
            self.prefs = new
            if self.persist:
                _save(new)
            self.changed.emit(new)
        return self.prefs

    def zoom(self, steps: int) -> ReadingPrefs:
        """One step bigger (+1) or smaller (-1) along ``POINT_SIZES``; 0 goes back to the default size."""
        if steps == 0:
            return self.update(point_size=DEFAULT_POINT_SIZE)
        size = self.prefs.point_size
        if steps > 0:
            bigger = [candidate for candidate in POINT_SIZES if candidate > size]
            return self.update(point_size=bigger[0] if bigger else POINT_SIZES[-1])
        smaller = [candidate for candidate in POINT_SIZES if candidate < size]
        return self.update(point_size=smaller[-1] if smaller else POINT_SIZES[0])


def _load() -> ReadingPrefs:
    settings = QSettings()
    defaults = ReadingPrefs()
    values: dict[str, object] = {}
    for field in fields(ReadingPrefs):
        default = getattr(defaults, field.name)
        raw = settings.value(f"{_GROUP}/{field.name}", default)
        try:
            values[field.name] = type(default)(raw)
        except (TypeError, ValueError):
            values[field.name] = default
    return ReadingPrefs(**values).checked()  # type: ignore[arg-type]


def _save(prefs: ReadingPrefs) -> None:
    settings = QSettings()
    for field in fields(ReadingPrefs):
        settings.setValue(f"{_GROUP}/{field.name}", getattr(prefs, field.name))
