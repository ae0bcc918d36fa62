"""Claims in the window: the Claims tab, linking highlights (their menu, a drop), the memo export.

Every write goes through ``Operations`` (one undo step each); the tab reads again when a ``Changes``
names claims, highlights or the history, so an undo shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget
from shiboken6 import isValid

from annotations.errors import LecternError
from annotations.models import Claim
from app import Changes, Library
from app.claims import ClaimSummary, Evidence
from app.exports.claim_memo import MemoReport
from ui.claims.dialog import ClaimDialog
from ui.claims.editor_links import ClaimLinksEditor, LinkPlan
from ui.claims.highlight_lines import HighlightClaimLines
from ui.claims.link_menu import RECENT_CLAIMS, add_link_menu
from ui.claims.panel import ClaimsPanel
from ui.controller import Controller
from ui.exporting.settings import citation_style, default_folder
from ui.highlights.editor import AnnotationEditor
from ui.highlights.panel import HighlightPanel
from ui.operations import Operations

OpenPassage = Callable[[int, int, int, int], None]  # document id, start, end, highlight id


class ClaimsController(Controller):
    """Owns ``panel`` (the Claims tab) and adds "Link to Claim ▸" to the Highlights panel's menu."""

    def __init__(
        self,
        library: Library,
        operations: Operations,
        highlights: HighlightPanel,
        open_passage: OpenPassage,
        window: QWidget,
    ) -> None:
        super().__init__(library, operations, window)
        self.window = window
        self.open_passage = open_passage
        self.panel = ClaimsPanel(lambda offset, limit: library.claims.all(offset, limit))
        self.dialog: ClaimDialog | None = None  # the open New / Edit Claim dialog, if any
        self.drop_menu: QMenu | None = None  # the stance asked after a drop, while it is open
        panel = self.panel
        panel.new_requested.connect(lambda: self.ask_new())
        panel.edit_requested.connect(self.ask_edit)
        panel.delete_requested.connect(self.delete)
        panel.claim_opened.connect(self.open_claim)
        panel.evidence_activated.connect(self.open_evidence)
        panel.unlink_requested.connect(self.unlink)
        panel.stance_requested.connect(self.link)
        panel.memo_requested.connect(self.ask_memo)
        panel.model.links_dropped.connect(self.ask_drop_stance)
        highlights.menu_extensions.append(self._extend_highlight_menu)
        self.highlight_lines = HighlightClaimLines(library, highlights, self.events)  # "⚖ supports #3 …"
        self.events.changed.connect(self._on_changed)
        panel.model.reload()

    # -- reading -------------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.claims or changes.annotations or changes.history or changes.documents:
            self.refresh()

    def refresh(self) -> None:
        """Read the list again, and the open claim's page (back to the list if it was deleted)."""
        self.panel.model.reload()
        if self.panel.claim_id is not None:
            try:
                self.panel.show_claim(self.library.claims.evidence(self.panel.claim_id))
            except LecternError:
                self.panel.show_list()

    def open_claim(self, claim_id: int) -> None:
        try:
            self.panel.show_claim(self.library.claims.evidence(claim_id))
        except LecternError as error:
            self.say(str(error))
            return
        self.panel.focus_evidence()

    def open_evidence(self, item: Evidence) -> None:
        if item.orphaned:
            self.say("This highlight is orphaned: its passage is no longer found, so there is nowhere to go.")
            return
        self.open_passage(item.document_id, item.start, item.end, item.annotation_id)

    # -- claims ----------------------------------------------------------------------------------------
    def ask_new(self, then: Callable[[int], None] | None = None) -> None:
        """New Claim…: the dialog, then the claim (and ``then(claim id)``, e.g. a link, once it is saved)."""
        dialog = self._dialog(None)

        def save() -> None:
            text, note, tags = dialog.text, dialog.note, dialog.tags
            self.operations.run(
                lambda: self.library.claims.add(text, note=note, tags=tags),
                success=lambda claim: self._added(claim.id, then),
                what="Adding the claim",
            )

        dialog.accepted.connect(save)
        dialog.open()

    def _added(self, claim_id: int, then: Callable[[int], None] | None) -> None:
        self.panel.select_claim(claim_id)
        self.say("Claim added. Link highlights to it from their menu, or drag them onto it.")
        if then is not None:
            then(claim_id)

    def ask_edit(self, claim_id: int) -> None:
        try:
            claim = self.library.claims.get(claim_id)
        except LecternError as error:
            self.say(str(error))
            return
        dialog = self._dialog(claim)

        def save() -> None:
            text, note, tags = dialog.text, dialog.note, dialog.tags
            self.operations.run(
                lambda: self.library.claims.update(claim_id, text=text, note=note, tags=tags),
                success=lambda _claim: self.say("Claim saved."),
                what="Saving the claim",
            )

        dialog.accepted.connect(save)
        dialog.open()

    def _dialog(self, claim: Claim | None) -> ClaimDialog:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()  # one claim dialog at a time
        dialog = ClaimDialog(self.window, claim)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        return dialog

    def delete(self, claim_id: int) -> None:
        self.operations.run(
            lambda: self.library.claims.delete(claim_id),
            success=lambda _value: self.say("Claim deleted (its highlights stay). Undo with Ctrl+Z."),
            what="Deleting the claim",
        )

    # -- links -----------------------------------------------------------------------------------------
    def link(self, claim_id: int, annotation_id: int, stance: str) -> None:
        self.link_all(claim_id, [annotation_id], stance)

    def link_all(self, claim_id: int, annotation_ids: list[int], stance: str) -> None:
        """Link highlights to a claim with a stance (one undo step per highlight)."""
        count = len(annotation_ids)
        what = "the highlight" if count == 1 else f"{count} highlights"
        for number, annotation_id in enumerate(annotation_ids, 1):
            self.operations.run(
                lambda a=annotation_id: self.library.claims.link(claim_id, a, stance),
                success=(lambda _link: self.say(f"Linked {what} to claim #{claim_id} as {stance}.")) if number == count else None,
                what="Linking to the claim",
            )

    def unlink(self, claim_id: int, annotation_id: int) -> None:
        self.operations.run(
            lambda: self.library.claims.unlink(claim_id, annotation_id),
            success=lambda _value: self.say("Unlinked from the claim. Undo with Ctrl+Z."),
            what="Unlinking from the claim",
        )

    def recent_claims(self) -> list[ClaimSummary]:
        """The most recent claims first, as many as the highlight menu offers."""
        count = self.library.claims.count()
        return list(reversed(self.library.claims.all(max(0, count - RECENT_CLAIMS), RECENT_CLAIMS)))

    def _extend_highlight_menu(self, menu: QMenu, annotation_ids: list[int]) -> None:
        """"Link to Claim ▸": the recent claims, each with its stances, and "New Claim… ▸" (also before the first)."""
        claims = self.recent_claims()
        if not annotation_ids:
            return
        stances_of = [
            {(link.claim_id, link.stance) for link in self.library.claims.links_of(annotation_id)}
            for annotation_id in annotation_ids
        ]
        shared = set.intersection(*stances_of)  # a stance is checked when every chosen highlight has it
        linked: dict[int, set[str]] = {}
        for claim_id, stance in shared:
            linked.setdefault(claim_id, set()).add(stance)

        def choose(claim_id: int | None, stance: str, is_linked: bool) -> None:
            if claim_id is None:
                self.ask_new(lambda new_id: self.link_all(new_id, annotation_ids, stance))
            elif is_linked:
                for annotation_id in annotation_ids:
                    self.unlink(claim_id, annotation_id)
            else:
                self.link_all(claim_id, annotation_ids, stance)

        add_link_menu(menu, claims, linked, choose)

    # -- a drop ----------------------------------------------------------------------------------------
    def ask_drop_stance(self, claim_id: int, annotation_ids: list[int]) -> None:
        """Highlights dropped on a claim: ask the stance at the drop point (Escape or a click away links nothing)."""
        stances = {
            next((link.stance for link in self.library.claims.links_of(a) if link.claim_id == claim_id), None)
            for a in annotation_ids
        }
        current = stances.pop() if len(stances) == 1 else None  # checked only when every highlight has it
        if self.drop_menu is not None and isValid(self.drop_menu):
            self.drop_menu.close()
        menu = self.panel.stance_menu(current)
        menu.triggered.connect(lambda action: self._drop_chosen(claim_id, annotation_ids, action, current))
        self.drop_menu = menu
        point = self.panel.drop_point(claim_id)
        QTimer.singleShot(0, menu, lambda: menu.popup(point))  # once the drag has finished

    def _drop_chosen(self, claim_id: int, annotation_ids: list[int], action: QAction, current: str | None) -> None:
        stance = str(action.data())
        if stance == current:
            self.say(f"Already linked to claim #{claim_id} as {stance}.")
            return
        self.link_all(claim_id, annotation_ids, stance)

    # -- the highlight editor's Claims row -------------------------------------------------------------
    def attach_editor(self, editor: AnnotationEditor) -> None:
        """Add the Claims row to a highlight editor; its changes are written when the editor saves."""
        links = [(link.claim_id, link.stance) for link in self.library.claims.links_of(editor.annotation_id)]
        row = ClaimLinksEditor(self.library.claims.all(), links, editor)
        editor.add_row("Claims", row)

        def saved(annotation_id: int, *_rest: object) -> None:
            row.finish_typing()
            self.save_links(annotation_id, row.plan())

        editor.saved.connect(saved)

    def save_links(self, annotation_id: int, plan: LinkPlan) -> None:
        """Carry out an editor's plan: each link, stance change, unlink and new claim its own undo step."""
        if plan.empty:
            return
        left = [len(plan.link) + len(plan.unlink) + len(plan.new)]

        def done(_value: object = None) -> None:
            left[0] -= 1
            if left[0] == 0:
                self.say("Highlight saved with its claims. Undo each change with Ctrl+Z.")

        for claim_id, stance in plan.link:
            self.operations.run(
                lambda c=claim_id, s=stance: self.library.claims.link(c, annotation_id, s),
                success=done,
                what="Linking to the claim",
            )
        for claim_id in plan.unlink:
            self.operations.run(
                lambda c=claim_id: self.library.claims.unlink(c, annotation_id),
                success=done,
                what="Unlinking from the claim",
            )
        for text, stance in plan.new:
            self.operations.run(
                lambda t=text: self.library.claims.add(t),
                success=lambda claim, s=stance: self.operations.run(
                    lambda: self.library.claims.link(claim.id, annotation_id, s), success=done, what="Linking to the claim"
                ),
                what="Adding the claim",
            )

    # -- the memo ----------------------------------------------------------------------------------------
    def ask_memo(self, claim_id: int) -> None:
        """Export Memo…: a Markdown file of the claim's evidence, cited in the remembered style."""
        suggested = str(default_folder() / f"claim-{claim_id}.md")
        path, _filter = QFileDialog.getSaveFileName(self.window, "Export Memo", suggested, "Markdown (*.md)")
        if path:
            self.export_memo(claim_id, Path(path))

    def export_memo(self, claim_id: int, path: Path) -> None:
        style = citation_style()
        self.operations.run(
            lambda: self.library.claims.export_memo(claim_id, path, style),
            success=lambda report: self._memo_written(report),
            what="Exporting the memo",
        )

    def _memo_written(self, report: MemoReport) -> None:
        pieces = sum(report.counts.values())
        self.say(f"Memo written to {report.path} ({pieces} piece{'s' if pieces != 1 else ''} of evidence).")
