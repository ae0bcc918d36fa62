"""Preferences → Reading: theme, reading font, size, line width and spacing, with a live preview.

Every change applies at once through ``ReadingSettings`` (the reader, View → Theme and the zoom keys
follow it); a change made elsewhere while the page is open (Ctrl++) shows here too.
"""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.reader.measure import typography_for
from ui.reader.render import build_document
from ui.reading_settings import (
    LINE_SPACING_RANGE,
    LINE_WIDTH_RANGE,
    POINT_SIZES,
    SANS,
    SERIF,
    THEME_NAMES,
    THEMES,
    ReadingPrefs,
    ReadingSettings,
)

PREVIEW_HTML = (
    "<p>Analysts keep returning to one question: how much air defense support can one partner give another "
    "without weakening itself? The answer changes with every year of the war, and every source counts it "
    "differently.</p>"
)
_SKIPPED_WORDS = ("emoji", "symbol", "math", "dingbat", "webdings", "wingdings", "icons")


def reading_families() -> list[str]:
    """The installed families worth reading in: Latin text, not private, not symbols or emoji."""
    chosen = []
    for family in QFontDatabase.families(QFontDatabase.WritingSystem.Latin):
        lowered = family.lower()
        if QFontDatabase.isPrivateFamily(family) or family.startswith(".") or any(w in lowered for w in _SKIPPED_WORDS):
            continue
        chosen.append(family)
    return sorted(set(chosen), key=str.casefold)


class ReadingPage(QWidget):
    def __init__(self, settings: ReadingSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.theme_combo = QComboBox()
        self.theme_combo.setObjectName("themeCombo")
        for theme in THEMES:
            self.theme_combo.addItem(THEME_NAMES[theme], theme)
        self.font_combo = QComboBox()
        self.font_combo.setObjectName("fontCombo")
        self.font_combo.addItem("Serif", SERIF)
        self.font_combo.addItem("Sans Serif", SANS)
        self.font_combo.insertSeparator(2)
        for family in reading_families():
            self.font_combo.addItem(family, family)
        self.font_combo.setMaxVisibleItems(20)
        self.size_spin = QDoubleSpinBox()
        self.size_spin.setObjectName("sizeSpin")
        self.size_spin.setRange(POINT_SIZES[0], POINT_SIZES[-1])
        self.size_spin.setDecimals(1)
        self.size_spin.setSingleStep(0.5)
        self.size_spin.setSuffix(" pt")
        self.width_spin = QSpinBox()
        self.width_spin.setObjectName("lineWidthSpin")
        self.width_spin.setRange(*LINE_WIDTH_RANGE)
        self.width_spin.setSingleStep(5)
        self.width_spin.setSuffix(" characters")
        self.spacing_spin = QSpinBox()
        self.spacing_spin.setObjectName("lineSpacingSpin")
        self.spacing_spin.setRange(*LINE_SPACING_RANGE)
        self.spacing_spin.setSingleStep(10)
        self.spacing_spin.setSuffix(" %")
        for widget, name in ((self.theme_combo, "Theme"), (self.font_combo, "Reading font"),
                             (self.size_spin, "Text size"), (self.width_spin, "Line width"),
                             (self.spacing_spin, "Line spacing")):  # fmt: skip
            widget.setAccessibleName(name)
        self.preview = QTextBrowser()
        self.preview.setObjectName("readingPreview")
        self.preview.setAccessibleName("Preview of the reading text")
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.preview.setMinimumHeight(110)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Theme:", self.theme_combo)
        form.addRow("Reading &font:", self.font_combo)
        form.addRow("Text &size:", self.size_spin)
        form.addRow("Line &width:", self.width_spin)
        form.addRow("Line s&pacing:", self.spacing_spin)
        hint = QLabel("Ctrl++ and Ctrl+- change the text size while you read; Ctrl+0 goes back to the default.")
        hint.setObjectName("preferencesHint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Preview:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(hint)

        self.show_prefs(settings.prefs)
        self.theme_combo.currentIndexChanged.connect(lambda: self._update(theme=self.theme_combo.currentData()))
        self.font_combo.currentIndexChanged.connect(lambda: self._update(font=self.font_combo.currentData()))
        self.size_spin.valueChanged.connect(lambda value: self._update(point_size=value))
        self.width_spin.valueChanged.connect(lambda value: self._update(line_width=value))
        self.spacing_spin.valueChanged.connect(lambda value: self._update(line_spacing=value))
        settings.changed.connect(self.show_prefs)

    def _update(self, **changes: object) -> None:
        if all(value is not None for value in changes.values()):
            self.settings.update(**changes)

    def restore_defaults(self) -> None:
        """Every reading setting back to its default (theme, font, size, width, spacing)."""
        self.settings.update(**asdict(ReadingPrefs()))

    def show_prefs(self, prefs: ReadingPrefs) -> None:
        """Show ``prefs`` in the controls (without announcing it back) and in the preview."""
        widgets = (self.theme_combo, self.font_combo, self.size_spin, self.width_spin, self.spacing_spin)
        for widget in widgets:
            widget.blockSignals(True)
        self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(prefs.theme)))
        index = self.font_combo.findData(prefs.font)
        if index < 0:  # a family chosen before and not installed now: still shown, as the setting stands
            self.font_combo.addItem(prefs.font, prefs.font)
            index = self.font_combo.count() - 1
        self.font_combo.setCurrentIndex(index)
        self.size_spin.setValue(prefs.point_size)
        self.width_spin.setValue(prefs.line_width)
        self.spacing_spin.setValue(prefs.line_spacing)
        for widget in widgets:
            widget.blockSignals(False)
        build_document(PREVIEW_HTML, self.preview.document(), typography_for(prefs))
        self.preview.moveCursor(QTextCursor.MoveOperation.Start)  # shown from its start, not where the text ended
