"""The tag tree built from flat tag names: ``/`` makes the hierarchy, parents exist even if only children do.

Plain Python (no Qt), so the shape of the tree is easy to test and reuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from annotations.models import TagCount


@dataclass(eq=False)
class TagNode:
    """One node of the tag tree; ``name`` is the full path (``region/iran``), ``""`` for the root."""

    name: str
    own: int = 0  # highlights tagged exactly this
    total: int = 0  # distinct highlights tagged this or any tag below it
    color: str = ""
    description: str = ""
    stored: bool = False  # a tag of its own, not only implied by a child's name
    parent: TagNode | None = field(default=None, repr=False)
    children: list[TagNode] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        """The last path segment, as the tree shows it."""
        return self.name.rsplit("/", 1)[-1]

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent is not None else 0

    def walk(self) -> Iterable[TagNode]:
        """This node's descendants, depth first (the root itself is not included)."""
        for child in self.children:
            yield child
            yield from child.walk()


def build_tag_tree(tags: Iterable[TagCount], branch_total: Callable[[str], int] | None = None) -> TagNode:
    """A tree of every tag and every implied parent, children sorted by name.

    ``branch_total(name)`` counts the distinct highlights of a whole branch (a highlight tagged both
    ``region`` and ``region/iran`` counts once); without it a branch adds up its tags' counts."""
    root = TagNode("")
    nodes: dict[str, TagNode] = {"": root}

    def node_for(name: str) -> TagNode:
        found = nodes.get(name)
        if found is None:
            parent = node_for(name.rsplit("/", 1)[0] if "/" in name else "")
            found = nodes[name] = TagNode(name, parent=parent)
            parent.children.append(found)
        return found

    for tag in tags:
        node = node_for(tag.name)
        node.own, node.color, node.description, node.stored = tag.count, tag.color, tag.description, True
    for node in nodes.values():
        node.children.sort(key=lambda child: child.label)
    _fill_totals(root, branch_total)
    return root


def _fill_totals(node: TagNode, branch_total: Callable[[str], int] | None) -> int:
    summed = node.own + sum(_fill_totals(child, branch_total) for child in node.children)
    node.total = branch_total(node.name) if branch_total is not None and node.children and node.name else summed
    return summed


def find_node(root: TagNode, name: str) -> TagNode | None:
    """The node called ``name`` (a full path), or None."""
    node = root
    parts = name.split("/")
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        match = next((child for child in node.children if child.name == prefix), None)
        if match is None:
            return None
        node = match
    return node


def inherited_color(name: str, colors: dict[str, str]) -> str:
    """The colour of a tag, or of its nearest ancestor that has one ("" when none does)."""
    parts = name.split("/")
    for depth in range(len(parts), 0, -1):
        color = colors.get("/".join(parts[:depth]), "")
        if color:
            return color
    return ""
