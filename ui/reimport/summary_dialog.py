"""After replacing articles with newer versions: per article, which highlights stayed, moved, changed or were lost."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.plain_text import plain_label
from ui.reader.marks import color_swatch
from ui.reimport.report import ArticleReport, HighlightFate
from ui.theme import Theme, composite, current_theme
from ui.theme_watch import ThemeWatch

QUOTE_CHARS = 180
SWATCH = 12  # px
MAX_LISTED = 25  # per status and article; the rest are counted
# The order lists are shown in: what needs attention first.
SECTIONS = (
    ("orphaned", "Orphaned", "the passage is gone: re-attach or delete them in the Orphans tab"),
    ("fuzzy", "Changed", "the text differs a little: worth a look"),
    ("moved", "Moved", "same text, elsewhere in the article"),
    ("kept", "Stayed", "same text, same place"),
)
COUNT_WORDS = (("kept", "stayed"), ("moved", "moved"), ("fuzzy", "changed"), ("orphaned", "orphaned"))


def report_css(theme: Theme | None = None) -> str:
    """The report's colours from a theme (the one shown now by default); inserted words wear the green highlight."""
    theme = theme or current_theme()
    return f"""
h3 {{ margin: 14px 0 2px 0; color: {theme.ink}; }}
p.counts {{ margin: 0 0 6px 0; color: {theme.header_ink}; }}
p.error {{ color: {theme.error}; }}
p.section {{ margin: 10px 0 2px 0; font-weight: 600; color: {theme.ink_soft}; }}
span.why {{ font-weight: normal; color: {theme.muted}; }}
table.fates {{ margin: 0 0 0 10px; }}
td.mark {{ padding: 3px 6px 0 0; }}
td.quote {{ padding: 1px 0; color: {theme.ink}; }}
span.old {{ color: {theme.muted}; }}
span.del {{ color: {theme.error}; text-decoration: line-through; }}
span.ins {{ background-color: {_painted_green(theme)}; color: {theme.ink}; }}
span.arrow {{ color: {theme.muted}; }}
span.n0 {{ color: {theme.muted}; }}  /* a zero, softer than the counts, still readable */
span.orphaned {{ color: {theme.error}; font-weight: 600; }}
span.fuzzy {{ color: {theme.warning}; font-weight: 600; }}
"""


def _painted_green(theme: Theme) -> str:
    """The green highlight as that theme's page shows it (the themes keep the ink readable over it)."""
    green = QColor(theme.highlights["green"])
    green.setAlpha(theme.highlight_alpha)
    return composite(green, theme.color("page")).name()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


def _mark(fate: HighlightFate) -> str:
    """The highlight's swatch (a filled square, or a bar for an underline), served by ``ReportBrowser``."""
    return f"<img src='swatch:{fate.color}/{fate.style}' width='{SWATCH}' height='{SWATCH}'>"


def word_diff_html(old: str, new: str) -> tuple[str, str]:
    """Both quotes as HTML, with the words only in the old one struck out and those only in the new one marked."""
    old_words, new_words = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        before, after = html.escape("".join(old_words[i1:i2])), html.escape("".join(new_words[j1:j2]))
        if tag == "equal":
            old_html.append(before)
            new_html.append(after)
            continue
        if before.strip():
            old_html.append(f"<span class='del'>{before}</span>")
        if after.strip():
            new_html.append(f"<span class='ins'>{after}</span>")
    return "".join(old_html), "".join(new_html)


def _fate_html(fate: HighlightFate) -> str:
    quote = f"“{html.escape(_short(fate.old_quote))}”"
    if fate.status == "fuzzy" and fate.new_quote != fate.old_quote:
        old, new = word_diff_html(_short(fate.old_quote), _short(fate.new_quote))
        quote = f"<span class='old'>“{old}”</span> <span class='arrow'>→</span> “{new}”"
    tags = " ".join(f"#{html.escape(tag)}" for tag in fate.tags)
    if tags:
        quote += f"&nbsp; <span class='why'>{tags}</span>"
    return f"<tr><td class='mark' width='{SWATCH + 6}'>{_mark(fate)}</td><td class='quote'>{quote}</td></tr>"


def counts_html(report: ArticleReport) -> str:
    total = len(report.fates)
    parts = []
    for status, word in COUNT_WORDS:
        count = report.count(status)
        css = status if count and status in ("orphaned", "fuzzy") else "" if count else "n0"
        parts.append(f"<span class='{css}'>{count} {word}</span>")
    return f"{total} highlight{'s' if total != 1 else ''}: " + " · ".join(parts)


def report_html(reports: Sequence[ArticleReport]) -> str:
    """The whole summary as HTML for a QTextBrowser (escaped; no links or resources)."""
    chunks = []
    for report in reports:
        chunks.append(f"<h3>{html.escape(report.title or report.path.name)}</h3>")
        if report.error:
            chunks.append(f"<p class='error'>Not replaced: {html.escape(report.error)}</p>")
            continue
        if not report.fates:
            chunks.append("<p class='counts'>Replaced; it had no highlights.</p>")
            continue
        chunks.append(f"<p class='counts'>{counts_html(report)}</p>")
        for status, title, why in SECTIONS:
            fates = report.with_status(status)
            if not fates:
                continue
            chunks.append(f"<p class='section'>{title} ({len(fates)}) <span class='why'>— {why}</span></p>")
            rows = [_fate_html(fate) for fate in fates[:MAX_LISTED]]
            if len(fates) > MAX_LISTED:
                rows.append(f"<tr><td></td><td><span class='why'>… and {len(fates) - MAX_LISTED} more</span></td></tr>")
            chunks.append(f"<table class='fates' cellspacing='0' cellpadding='0'>{''.join(rows)}</table>")
    return "".join(chunks)


def summary_headline(reports: Sequence[ArticleReport]) -> str:
    replaced = [report for report in reports if not report.error]
    orphans = sum(report.count("orphaned") for report in replaced)
    text = f"Replaced {len(replaced)} article{'s' if len(replaced) != 1 else ''} with the newer version"
    text += "s." if len(replaced) != 1 else "."
    if orphans:
        text += f" {orphans} highlight{'s' if orphans != 1 else ''} lost {'their' if orphans != 1 else 'its'} passage."
    failed = len(reports) - len(replaced)
    if failed:
        text += f" {failed} could not be replaced."
    return text


class ReportBrowser(QTextBrowser):
    """Shows the report; its only resources are the colour swatches it draws itself (nothing is loaded)."""

    def loadResource(self, kind: int, name: QUrl) -> object:
        if name.scheme() == "swatch":
            color, _, style = name.path().partition("/")
            return color_swatch(color, SWATCH, style=style).pixmap(SWATCH, SWATCH).toImage()
        return None


class ReanchorSummaryDialog(QDialog):
    """Read-only report; "Review Orphans" (shown when there are any) asks the window to show them."""

    review_orphans_requested = Signal()

    def __init__(self, reports: Sequence[ArticleReport], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reanchorSummary")
        self.setWindowTitle("Re-import summary")
        self.reports = list(reports)
        self.resize(640, 520)
        self.headline = plain_label(QLabel(summary_headline(self.reports)))
        self.headline.setObjectName("dialogHeadline")
        self.headline.setWordWrap(True)
        self.browser = ReportBrowser()
        self.browser.setObjectName("reanchorReport")
        self.browser.setOpenLinks(False)
        self.browser.document().setDocumentMargin(12)
        self._show_report()
        self._theme_watch = ThemeWatch(self.browser, self._show_report)

        buttons = QDialogButtonBox()
        self.orphans_button = QPushButton("Review Orphans")
        self.orphans_button.clicked.connect(self._on_review_orphans)
        close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close_button.clicked.connect(self.accept)
        buttons.addButton(self.orphans_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.orphans_button.setVisible(any(report.count("orphaned") for report in self.reports))  # after addButton

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.headline)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def _show_report(self) -> None:
        """The report in the theme's colours; again after a theme switch (the colours are in its style sheet)."""
        self.browser.document().setDefaultStyleSheet(report_css())
        self.browser.setHtml(report_html(self.reports))

    def _on_review_orphans(self) -> None:
        self.accept()
        self.review_orphans_requested.emit()
