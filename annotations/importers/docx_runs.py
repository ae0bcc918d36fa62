"""The inline content of a Word paragraph as HTML: runs with bold, italic, super/subscript, and web links.

Runs are read straight from the XML (python-docx's ``Run`` objects cost tens of microseconds each,
which a long report multiplies into seconds). What counts as text follows Word: ``w:t`` text, tabs,
line breaks and non-breaking hyphens; deleted text (``w:delText``), field codes and page breaks are
not text. Content controls, tracked insertions and smart tags are read through as if absent.
"""

from __future__ import annotations

import functools
import html
import re

from docx.document import Document
from docx.oxml.ns import qn
from lxml.etree import XPath, _Element

W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TRANSPARENT_TAGS = frozenset(
    qn(tag) for tag in ("w:ins", "w:smartTag", "w:customXml", "w:fldSimple", "w:moveTo", "w:dir", "w:bdo")
)
_R, _HYPERLINK, _SDT, _SDT_CONTENT = qn("w:r"), qn("w:hyperlink"), qn("w:sdt"), qn("w:sdtContent")
_TEXT = qn("w:t")
_CHARACTERS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_BREAK = qn("w:br")
_VAL = qn("w:val")
_FALSE = frozenset({"0", "false", "off", "none"})
_WEB_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


@functools.cache
def _compiled(expression: str) -> XPath:
    return XPath(expression, namespaces={"w": W_NAMESPACE})


def xpath(element: _Element, expression: str) -> list:
    """``element.xpath`` with the w: prefix bound, for python-docx's elements and plain lxml ones alike."""
    return _compiled(expression)(element)


class InlineWriter:
    """Renders paragraph content of one document; counts the characters of text it has written."""

    def __init__(self, document: Document) -> None:
        self._relationships = document.part.rels
        self._character_styles = _CharacterStyles(document)
        self.chars = 0

    def html(self, element: _Element) -> str:
        """The runs and links directly in ``element`` (and inside transparent wrappers) as inline HTML."""
        parts: list[str] = []
        for child in element.iterchildren():
            if child.tag == _R:
                parts.append(self._run(child))
            elif child.tag == _HYPERLINK:
                parts.append(self._link(child))
            elif child.tag == _SDT:
                parts.extend(self.html(content) for content in child.iterchildren(_SDT_CONTENT))
            elif child.tag in TRANSPARENT_TAGS:
                parts.append(self.html(child))
        return "".join(parts)

    def _run(self, run: _Element) -> str:
        text = run_text(run)
        if not text:
            return ""
        self.chars += len(text)
        markup = html.escape(text).replace("\n", "<br>").replace("\t", " ")
        properties = run.find(qn("w:rPr"))
        if properties is None:
            return markup
        style_bold, style_italic = self._character_styles.flags(_value(properties, "w:rStyle"))
        vertical = _value(properties, "w:vertAlign")
        if vertical == "superscript":
            markup = f"<sup>{markup}</sup>"
        elif vertical == "subscript":
            markup = f"<sub>{markup}</sub>"
        if _toggle(properties, "w:i", style_italic):
            markup = f"<em>{markup}</em>"
        if _toggle(properties, "w:b", style_bold):
            markup = f"<strong>{markup}</strong>"
        return markup

    def _link(self, link: _Element) -> str:
        content = self.html(link)
        relationship = self._relationships.get(link.get(qn("r:id"), ""))
        url = relationship.target_ref if relationship is not None and relationship.is_external else ""
        if not _WEB_LINK.match(url):
            return content  # an internal jump (table of contents), a file, or an unsafe scheme
        return f'<a href="{html.escape(url, quote=True)}">{content}</a>'


def run_text(run: _Element) -> str:
    """The text a run shows."""
    parts = []
    for child in run.iterchildren():
        if child.tag == _TEXT:
            parts.append(child.text or "")
        elif child.tag == _BREAK:
            if child.get(qn("w:type"), "textWrapping") == "textWrapping":
                parts.append("\n")
        else:
            parts.append(_CHARACTERS.get(child.tag, ""))
    return "".join(parts)


class _CharacterStyles:
    """Bold and italic of character styles ("Strong", "Emphasis"), following ``basedOn``."""

    def __init__(self, document: Document) -> None:
        try:
            styles = xpath(document.styles.element, "./w:style[@w:type='character']")
        except (KeyError, ValueError, AttributeError):
            styles = []
        self._styles = {style.get(qn("w:styleId"), ""): style for style in styles}
        self._flags: dict[str, tuple[bool, bool]] = {}

    def flags(self, style_id: str | None) -> tuple[bool, bool]:
        if not style_id:
            return False, False
        if style_id not in self._flags:
            self._flags[style_id] = self._resolve(style_id, depth=0)
        return self._flags[style_id]

    def _resolve(self, style_id: str, depth: int) -> tuple[bool, bool]:
        style = self._styles.get(style_id)
        if style is None or depth > 10:
            return False, False
        based_on = _value(style, "w:basedOn")
        inherited = self._resolve(based_on, depth + 1) if based_on else (False, False)
        properties = style.find(qn("w:rPr"))
        if properties is None:
            return inherited
        return _toggle(properties, "w:b", inherited[0]), _toggle(properties, "w:i", inherited[1])


def _toggle(properties: _Element, tag: str, default: bool) -> bool:
    """A bold/italic switch: absent -> ``default``; present -> on unless its value says off."""
    element = properties.find(qn(tag))
    if element is None:
        return default
    return element.get(_VAL, "true").lower() not in _FALSE


def _value(parent: _Element, tag: str) -> str | None:
    element = parent.find(qn(tag))
    return element.get(_VAL) if element is not None else None
