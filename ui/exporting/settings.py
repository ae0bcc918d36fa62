"""The export choices the window remembers between sessions (QSettings): format, citation style, grouping,
the "for Excel" mark and the folder last exported to. Copy as citation uses the last style chosen."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from app.exports.options import FORMATS, GROUPS, STYLES

DEFAULT_STYLE = "chicago-note"
_GROUP = "export"


@dataclass(frozen=True)
class ExportSettings:
    format: str = "markdown"
    style: str = DEFAULT_STYLE  # "" for no citations
    group: str = "article"
    excel: bool = False
    folder: str = ""  # "" until the first export: the Documents folder (or home)


def default_folder() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def load_settings() -> ExportSettings:
    settings = QSettings()
    settings.beginGroup(_GROUP)
    try:
        format_ = str(settings.value("format", "markdown"))
        style = str(settings.value("style", DEFAULT_STYLE) or "")
        group = str(settings.value("group", "article"))
        excel = str(settings.value("excel", "false")).lower() in ("true", "1")
        folder = str(settings.value("folder", "") or "")
    finally:
        settings.endGroup()
    return ExportSettings(
        format_ if format_ in FORMATS else "markdown",
        style if style == "" or style in STYLES else DEFAULT_STYLE,
        group if group in GROUPS else "article",
        excel,
        folder,
    )


def save_settings(chosen: ExportSettings) -> None:
    settings = QSettings()
    settings.beginGroup(_GROUP)
    settings.setValue("format", chosen.format)
    settings.setValue("style", chosen.style)
    settings.setValue("group", chosen.group)
    settings.setValue("excel", chosen.excel)
    settings.setValue("folder", chosen.folder)
    if chosen.style:  # "None" in the dialog keeps the last real style for Copy as citation
        settings.setValue("citation_style", chosen.style)
    settings.endGroup()


def remember_citation_style(style: str) -> None:
    """A style chosen in the dialog, even one closed without exporting, is the one Copy as citation uses."""
    if style in STYLES:
        QSettings().setValue(f"{_GROUP}/citation_style", style)


def citation_style() -> str:
    """The style Copy as citation uses: the last one chosen in the export dialog, Chicago notes by default."""
    style = str(QSettings().value(f"{_GROUP}/citation_style", DEFAULT_STYLE) or DEFAULT_STYLE)
    return style if style in STYLES else DEFAULT_STYLE


def forget_settings() -> None:
    """Back to the defaults (tests start from here)."""
    settings = QSettings()
    settings.remove(_GROUP)
