"""The body of a Word document as HTML: headings, paragraphs, lists, tables, emphasis and links.

The body is walked in document order, element by element, rather than through python-docx's
``iter_inner_content``: that skips text inside content controls (``w:sdt``, common on title pages),
tracked insertions (``w:ins``) and smart tags, which a reader would see in Word. Deleted text
(``w:del``) is left out, as Word shows it when changes are accepted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml.etree import _Element

from annotations.errors import ImportRefused
from annotations.importers.docx_runs import TRANSPARENT_TAGS, InlineWriter, run_text, xpath

MAX_TEXT_CHARS = 5_000_000  # as for PDFs: about 2,500 pages of text
MAX_SECONDS = 10.0  # the size limits keep a real document well inside this; a safety net, not a budget
MAX_LIST_DEPTH = 8
_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^list\s*(bullet|number)(?:\s*(\d))?$", re.IGNORECASE)
_DELETED = {qn("w:del"), qn("w:moveFrom")}
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_CHECK_EVERY = 200


@dataclass(frozen=True)
class ParagraphRole:
    """What a paragraph style makes of its paragraphs: a heading (level), a list item, or body text."""

    heading: int = 0
    is_title: bool = False
    list_ordered: bool | None = None  # None: not a list item
    list_level: int = 0


@dataclass
class RenderedBody:
    html: str
    title: str  # the first paragraph in the Title style, "" without one


def render_body(document: Document, name: str, *, clock: Callable[[], float] = time.monotonic) -> RenderedBody:
    """The document body as (unsanitised) HTML; ImportRefused if it takes unreasonably long."""
    writer = _BodyWriter(document, name, clock)
    writer.write_children(document.element.body)
    writer.lists.close_all()
    return RenderedBody("\n".join(writer.out), writer.title)


@dataclass
class _OpenList:
    tag: str
    item_open: bool = False


@dataclass
class _ListWriter:
    """Open <ul>/<ol> elements; an item one level deeper nests inside the open <li> above it."""

    out: list[str]
    stack: list[_OpenList] = field(default_factory=list)

    def item(self, level: int, ordered: bool, content: str) -> None:
        tag = "ol" if ordered else "ul"
        level = min(level, len(self.stack), MAX_LIST_DEPTH)  # one level deeper at most: no empty bullets
        while len(self.stack) > level + 1:
            self._close()
        if len(self.stack) == level + 1 and self.stack[-1].tag != tag:
            self._close()
        if len(self.stack) == level + 1 and self.stack[-1].item_open:
            self.out.append("</li>")
            self.stack[-1].item_open = False
        while len(self.stack) < level + 1:
            self.out.append(f"<{tag}>")
            self.stack.append(_OpenList(tag))
        self.out.append(f"<li>{content}")
        self.stack[-1].item_open = True

    def close_all(self) -> None:
        while self.stack:
            self._close()

    def _close(self) -> None:
        closed = self.stack.pop()
        self.out.append(f"{'</li>' if closed.item_open else ''}</{closed.tag}>")


class _BodyWriter:
    def __init__(self, document: Document, name: str, clock: Callable[[], float]) -> None:
        self.document = document
        self.name = name
        self.out: list[str] = []
        self.lists = _ListWriter(self.out)
        self.title = ""
        self._inline = InlineWriter(document)
        self._clock = clock
        self._deadline = clock() + MAX_SECONDS
        self._count = 0
        self._roles: dict[str, ParagraphRole] = {}
        self._numbering = _numbering_formats(document)

    # -- blocks ------------------------------------------------------------------------------------
    def write_children(self, parent: _Element) -> None:
        for child in parent.iterchildren():
            self._tick()
            if child.tag == _P:
                self._write_paragraph(child)
            elif child.tag == _TBL:
                self.lists.close_all()
                self._write_table(child)
            elif child.tag == _SDT:
                for content in child.iterchildren(_SDT_CONTENT):
                    self.write_children(content)
            elif child.tag in TRANSPARENT_TAGS:
                self.write_children(child)

    def _write_paragraph(self, p: _Element) -> None:
        content = self._inline.html(p)
        if not content.strip():
            return
        role = self._role(p)
        if role.list_ordered is not None:
            self.lists.item(role.list_level, role.list_ordered, content)
            return
        self.lists.close_all()
        if role.is_title and not self.title:
            self.title = " ".join("".join(run_text(run) for run in p.iter(qn("w:r"))).split())
        if role.heading:
            self.out.append(f"<h{role.heading}>{content}</h{role.heading}>")
        else:
            self.out.append(f"<p>{content}</p>")

    def _write_table(self, table: _Element) -> None:
        self.out.append("<table>")
        for tr in table.iterchildren(_TR):
            self._tick()
            cell_tag = "th" if xpath(tr, "./w:trPr/w:tblHeader") else "td"
            cells = [self._cell_html(tc) for tc in tr.iterchildren(_TC)]
            self.out.append("<tr>" + "".join(f"<{cell_tag}>{cell}</{cell_tag}>" for cell in cells) + "</tr>")
        self.out.append("</table>")

    def _cell_html(self, tc: _Element) -> str:
        """A cell's paragraphs joined by line breaks; tables nested in it give their text."""
        parts = []
        for p in tc.iter(_P):
            if not _is_deleted(p, stop=tc):
                content = self._inline.html(p)
                if content.strip():
                    parts.append(content)
        return "<br>".join(parts)

    # -- styles ------------------------------------------------------------------------------------
    def _role(self, p: _Element) -> ParagraphRole:
        style_ids = xpath(p, "./w:pPr/w:pStyle/@w:val")
        style_id = str(style_ids[0]) if style_ids else ""
        role = self._roles.get(style_id)
        if role is None:
            role = self._roles[style_id] = self._style_role(Paragraph(p, self.document))
        numbering = self._direct_numbering(p)
        if numbering is None:
            return role
        num_id, level = numbering
        if num_id == "0":  # numbering switched off for this paragraph
            return ParagraphRole(heading=role.heading, is_title=role.is_title)
        if role.heading:
            return role  # a numbered heading ("2.1 Methods") stays a heading
        ordered = self._numbering.get((num_id, level), role.list_ordered or False)
        return ParagraphRole(list_ordered=ordered, list_level=level)

    def _style_role(self, paragraph: Paragraph) -> ParagraphRole:
        try:
            style = paragraph.style
        except (KeyError, ValueError, AttributeError):
            return ParagraphRole()
        name = (style.name or "") if style is not None else ""
        if name.lower() == "title":
            return ParagraphRole(heading=1, is_title=True)
        heading = _HEADING_STYLE.match(name)
        if heading:
            return ParagraphRole(heading=min(int(heading.group(1)), 6))
        listed = _LIST_STYLE.match(name)
        style_numbering = _style_numbering(style)
        if listed or style_numbering:
            ordered = listed.group(1).lower() == "number" if listed else False
            level = int(listed.group(2)) - 1 if listed and listed.group(2) else 0
            if style_numbering:
                num_id, style_level = style_numbering
                level = max(level, style_level)
                ordered = self._numbering.get((num_id, style_level), ordered)
            return ParagraphRole(list_ordered=ordered, list_level=level)
        outline = _style_outline_level(style)
        if outline is not None and outline < 6:
            return ParagraphRole(heading=outline + 1)
        return ParagraphRole()

    @staticmethod
    def _direct_numbering(p: _Element) -> tuple[str, int] | None:
        num_ids = xpath(p, "./w:pPr/w:numPr/w:numId/@w:val")
        if not num_ids:
            return None
        levels = xpath(p, "./w:pPr/w:numPr/w:ilvl/@w:val")
        return str(num_ids[0]), _int(levels[0] if levels else "0")

    def _tick(self) -> None:
        self._count += 1
        if self._inline.chars > MAX_TEXT_CHARS:
            raise ImportRefused(f"{self.name}: more than {MAX_TEXT_CHARS:,} characters of text (Lectern's limit)")
        if self._count % _CHECK_EVERY == 0 and self._clock() > self._deadline:
            raise ImportRefused(f"{self.name}: reading the document took over {MAX_SECONDS:.0f} s; it is too complex")


def _style_numbering(style: object) -> tuple[str, int] | None:
    """The numbering a paragraph style (or the style it is based on) applies: (numId, level)."""
    seen = 0
    while style is not None and seen < 10:
        element = getattr(style, "element", None)
        if element is not None:
            num_ids = xpath(element, "./w:pPr/w:numPr/w:numId/@w:val")
            if num_ids:
                levels = xpath(element, "./w:pPr/w:numPr/w:ilvl/@w:val")
                return None if str(num_ids[0]) == "0" else (str(num_ids[0]), _int(levels[0] if levels else "0"))
        style = getattr(style, "base_style", None)
        seen += 1
    return None


def _style_outline_level(style: object) -> int | None:
    element = getattr(style, "element", None)
    if element is None:
        return None
    levels = xpath(element, "./w:pPr/w:outlineLvl/@w:val")
    return _int(levels[0]) if levels else None


def _numbering_formats(document: Document) -> dict[tuple[str, int], bool]:
    """(numId, level) -> whether that list level is numbered (True) or bulleted (False)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, ValueError, AttributeError):
        return {}
    abstract: dict[str, dict[int, bool]] = {}
    for definition in xpath(numbering, "./w:abstractNum"):
        levels = {}
        for lvl in xpath(definition, "./w:lvl"):
            formats = xpath(lvl, "./w:numFmt/@w:val")
            levels[_int(lvl.get(qn("w:ilvl"), "0"))] = bool(formats) and str(formats[0]) not in ("bullet", "none")
        abstract[str(definition.get(qn("w:abstractNumId"), ""))] = levels
    formats: dict[tuple[str, int], bool] = {}
    for num in xpath(numbering, "./w:num"):
        abstract_ids = xpath(num, "./w:abstractNumId/@w:val")
        levels = abstract.get(str(abstract_ids[0]), {}) if abstract_ids else {}
        for level, ordered in levels.items():
            formats[(str(num.get(qn("w:numId"), "")), level)] = ordered
    return formats


def _is_deleted(element: _Element, *, stop: _Element) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _DELETED:
            return True
        parent = parent.getparent()
    return False


def _int(value: object) -> int:
    try:
        return max(0, int(str(value)))
    except ValueError:
        return 0
