"""Articles long enough to scroll, for the outline and navigation tests: nested headings (#, ##, ###) and a
word found once, deep in a second article."""

from __future__ import annotations

from pathlib import Path

RARE_WORD = "zeppelin"


def _paragraph(topic: str, number: int) -> str:
    return (
        f"Paragraph {number} about {topic}. Harbour masters keep long ledgers of every vessel that passes, "
        "noting cargo, draught, crew and the hour of the tide, because a port lives by its records as much "
        "as by its cranes. The ledgers are read again each winter, when the quays are quiet."
    )


def _section(marks: str, title: str, paragraphs: int) -> str:
    body = "\n\n".join(_paragraph(title.lower(), number) for number in range(1, paragraphs + 1))
    return f"{marks} {title}\n\n{body}\n"


OUTLINE = [("#", "Harbours"), ("##", "Upstream"), ("###", "Locks"), ("###", "Bridges"), ("##", "Downstream"),
           ("#", "Trade"), ("##", "Grain"), ("###", "Storage"), ("##", "Timber")]  # fmt: skip


def river_ports() -> str:
    sections = "\n".join(_section(marks, title, 4) for marks, title in OUTLINE)
    return f"---\ntitle: Field Notes on River Ports\n---\nAn opening paragraph before any heading.\n\n{sections}"


def lighthouses() -> str:
    paragraphs = [_paragraph("lighthouses", number) for number in range(1, 25)]
    paragraphs[15] = f"Once a {RARE_WORD} was seen from the lamp room, drifting north over the bay at dawn."
    return "---\ntitle: Lighthouses of the North\n---\n" + "\n\n".join(paragraphs) + "\n"


def plain_note() -> str:
    return "---\ntitle: A Note Without Headings\n---\nJust one paragraph, and no headings at all.\n"


def write_articles(folder: Path) -> list[Path]:
    """The three articles as Markdown files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in (("river-ports.md", river_ports()), ("lighthouses.md", lighthouses()),
                       ("plain-note.md", plain_note())):  # fmt: skip
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
