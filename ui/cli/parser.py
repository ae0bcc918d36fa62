"""The command line's grammar: every command, option and choice; parsing argv loads nothing heavy."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.models import HIGHLIGHT_COLORS, STANCES
from ui.cli.report_parser import add_report_commands
from ui.cli.team import add_team_commands

if TYPE_CHECKING:
    from argparse import _SubParsersAction

    Subparsers = _SubParsersAction[argparse.ArgumentParser]

# app.exports.options.FORMATS, STYLES and GROUPS, spelled out so that parsing argv loads no more than it needs
EXPORT_FORMATS = ("markdown", "csv", "xlsx", "jsonld", "qdpx")
CITATION_STYLES = ("chicago-note", "chicago-author-date", "apa", "mla")
EXPORT_GROUPS = ("article", "tag")


def build_parser() -> argparse.ArgumentParser:
    """Every command and option, in the order ``--help`` lists them; a group of commands per function below."""
    parser = argparse.ArgumentParser(prog="lectern", description="Read, highlight, tag and search articles.")
    parser.add_argument(
        "--data-dir", help="folder holding the library (default: $LECTERN_DATA_DIR or the user data dir)"
    )
    parser.add_argument(
        "--library",
        metavar="URL",
        default=os.environ.get("LECTERN_LIBRARY") or None,
        help="work on a team library on a PostgreSQL server, postgresql://user@host/dbname (default:"
        " $LECTERN_LIBRARY; '' for your own library). The password comes from ~/.pgpass, a service file or"
        " the system keyring; --data-dir then holds this desktop's copy of the team library's index",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_commands in (
        _importing, _reading, _articles, _annotating, _tags, _claims, _searching, add_report_commands, _exporting,
        _backups, add_team_commands,
    ):  # fmt: skip
        add_commands(commands)
    return parser


def _importing(commands: Subparsers) -> None:
    importing = commands.add_parser(
        "import", help="import files or folders (.html, .pdf, .docx, .md, .txt; folders recursively)"
    )
    importing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    importing.add_argument(
        "--replace",
        action="store_true",
        help="a file whose source is already in the library becomes a new version of that article (same id);"
        " its highlights are re-anchored in the new text",
    )
    importing.add_argument("--json", action="store_true", help="print one JSON document")


def _reading(commands: Subparsers) -> None:
    listing = commands.add_parser("list", help="list the articles in the library")
    listing.add_argument("--json", action="store_true")
    listing.add_argument(
        "--hide-copies", action="store_true", help="leave out syndicated copies (each story's earliest article stays)"
    )

    show = commands.add_parser("show", help="print an article's text and highlights")
    show.add_argument("document_id", type=int, metavar="DOC_ID")
    show.add_argument("--json", action="store_true")


def _articles(commands: Subparsers) -> None:
    article = commands.add_parser("article", help="correct an article's details")
    article_commands = article.add_subparsers(dest="article_command", metavar="ACTION", required=True)
    edit = article_commands.add_parser(
        "edit", help="change an article's title, author, date, source, publication or language"
    )
    edit.add_argument("document_id", type=int, metavar="ID")
    edit.add_argument("--title")
    edit.add_argument("--byline", help="the author(s)")
    edit.add_argument("--published", help="the publication date: 2024, 2024-05 or 2024-05-17")
    edit.add_argument("--source", help="a web address (http:// or https://) or a file path")
    edit.add_argument("--site", help="the publication or website")
    edit.add_argument(
        "--language", help="an ISO 639 code (fa, ar, ru …) or a name (Persian); '' when not known"
    )
    edit.add_argument("--json", action="store_true", help="print the article as show --json does, without its text")
    delete = article_commands.add_parser("delete", help="delete an article with its highlights")
    delete.add_argument("document_id", type=int, metavar="ID")
    delete.add_argument(
        "--yes", "--force", action="store_true",
        help="delete it even when other members of a team library have highlighted it",
    )  # fmt: skip
    delete.add_argument("--json", action="store_true")


def _annotating(commands: Subparsers) -> None:
    annotate = commands.add_parser("annotate", help="highlight a quote in an article")
    annotate.add_argument("document_id", type=int, metavar="DOC_ID")
    annotate.add_argument("--quote", required=True, help="exact, case-sensitive text to highlight")
    annotate.add_argument("--all", action="store_true", help="highlight every occurrence, not just the first")
    annotate.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    annotate.add_argument("--note", default="", help="a note on the highlight")
    annotate.add_argument("--color", default=HIGHLIGHT_COLORS[0], choices=HIGHLIGHT_COLORS)
    annotate.add_argument("--underline", action="store_true", help="underline instead of a background colour")
    annotate.add_argument(
        "--private", action="store_true", help="in a team library, a highlight only you see (default: the team's)"
    )
    annotate.add_argument("--json", action="store_true")

    annotation = commands.add_parser("annotation", help="edit or delete a highlight")
    annotation_commands = annotation.add_subparsers(dest="annotation_command", metavar="ACTION", required=True)
    edit = annotation_commands.add_parser("edit", help="change a highlight's colour, style, tags or note")
    edit.add_argument("annotation_id", type=int, metavar="ID")
    edit.add_argument("--color", choices=HIGHLIGHT_COLORS)
    tagging = edit.add_mutually_exclusive_group()
    tagging.add_argument("--tag", action="append", help="the highlight's tags become these (repeat for more)")
    tagging.add_argument("--no-tags", action="store_true", help="remove every tag from the highlight")
    edit.add_argument("--note", help="the new note ('' removes it)")
    styling = edit.add_mutually_exclusive_group()
    styling.add_argument("--underline", dest="style", action="store_const", const="underline")
    styling.add_argument("--highlight", dest="style", action="store_const", const="highlight")
    seen_by = edit.add_mutually_exclusive_group()
    seen_by.add_argument("--private", dest="visibility", action="store_const", const="private", help="only you see it")
    seen_by.add_argument("--team", dest="visibility", action="store_const", const="team", help="the team sees it")
    edit.add_argument("--json", action="store_true")
    delete = annotation_commands.add_parser("delete", help="delete a highlight")
    delete.add_argument("annotation_id", type=int, metavar="ID")
    delete.add_argument("--json", action="store_true")
    history = annotation_commands.add_parser(
        "history", help="who changed what in a highlight, and when, newest first (a team library keeps it)"
    )
    history.add_argument("annotation_id", type=int, metavar="ID")
    history.add_argument("--json", action="store_true", help='rows of {"field", "old", "new", "by", "at"}')


def _tags(commands: Subparsers) -> None:
    tags = commands.add_parser("tags", help="list tags with their counts; rename, merge, move or delete them")
    tags.add_argument("--json", action="store_true")
    tag_commands = tags.add_subparsers(dest="tags_command", metavar="ACTION")
    for name, help_text, arguments in (
        ("rename", "rename a tag and its children everywhere", ("OLD", "NEW")),
        ("merge", "fold tag A (and its children) into tag B", ("A", "B")),
        ("move", "move a tag (and its children) under PARENT ('' for the top level)", ("TAG", "PARENT")),
        ("delete", "remove a tag (and its children) from every highlight; the highlights stay", ("TAG",)),
    ):
        action = tag_commands.add_parser(name, help=help_text)
        for argument in arguments:
            action.add_argument(argument.lower())
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    details = tag_commands.add_parser("set", help="give a tag a colour and/or a description")
    details.add_argument("tag")
    details.add_argument("--color", choices=("none", *HIGHLIGHT_COLORS), help="'none' removes the colour")
    details.add_argument("--description", help="('' removes it)")
    details.add_argument("--json", action="store_true", default=argparse.SUPPRESS)


def _claims(commands: Subparsers) -> None:
    claims = commands.add_parser("claims", help="list the claims with how many highlights support, contradict or give context")
    claims.add_argument("--json", action="store_true", help='print rows {"id", "text", "supports", "contradicts", "context", "tags"}')

    claim = commands.add_parser("claim", help="add, edit, delete, show or export a claim; link highlights to it as evidence")
    claim_commands = claim.add_subparsers(dest="claim_command", metavar="ACTION", required=True)
    add = claim_commands.add_parser("add", help="add a claim: a short statement to weigh evidence against")
    add.add_argument("text", metavar="TEXT")
    add.add_argument("--note", default="", help="a note on the claim (Markdown)")
    add.add_argument("--tag", action="append", default=[], help="a tag (repeat for more)")
    add.add_argument("--json", action="store_true")
    edit = claim_commands.add_parser("edit", help="change a claim's text, note or tags")
    edit.add_argument("claim_id", type=int, metavar="ID")
    edit.add_argument("--text", help="the new statement")
    edit.add_argument("--note", help="the new note ('' removes it)")
    tagging = edit.add_mutually_exclusive_group()
    tagging.add_argument("--tag", action="append", help="the claim's tags become these (repeat for more)")
    tagging.add_argument("--no-tags", action="store_true", help="remove every tag from the claim")
    edit.add_argument("--json", action="store_true")
    delete = claim_commands.add_parser("delete", help="delete a claim and its links (the highlights stay)")
    delete.add_argument("claim_id", type=int, metavar="ID")
    delete.add_argument("--json", action="store_true")
    link = claim_commands.add_parser(
        "link", help="link a highlight to a claim as evidence (again with another stance: changes the stance)"
    )
    link.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    link.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    link.add_argument("--stance", required=True, choices=STANCES, help="how the highlight bears on the claim")
    link.add_argument("--json", action="store_true")
    unlink = claim_commands.add_parser("unlink", help="take a highlight out of a claim's evidence")
    unlink.add_argument("claim_id", type=int, metavar="CLAIM_ID")
    unlink.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    unlink.add_argument("--json", action="store_true")
    show = claim_commands.add_parser("show", help="print a claim with its evidence by stance, oldest first")
    show.add_argument("claim_id", type=int, metavar="ID")
    show.add_argument("--json", action="store_true")
    export = claim_commands.add_parser(
        "export", help="write a claim's evidence as a Markdown memo with citations and references"
    )
    export.add_argument("claim_id", type=int, metavar="ID")
    export.add_argument(
        "--style", choices=(*CITATION_STYLES, "none"), default="chicago-note", help="(default chicago-note)"
    )
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.md")
    export.add_argument("--json", action="store_true", help="print the report as one JSON document")


def _searching(commands: Subparsers) -> None:
    search = commands.add_parser("search", help="search articles, highlights, notes, tags and titles")
    search.add_argument("query")
    search.add_argument(
        "--limit", type=int, default=50, help="most hits (with --mentions: mentions) to print (default 50)"
    )
    search.add_argument("--offset", type=int, default=0, help="skip this many hits (or mentions) first (paging)")
    search.add_argument(
        "--sort",
        choices=("relevance", "date", "title"),
        default="relevance",
        help="relevance (default), date (article published, newest first) or title (A to Z)",
    )
    search.add_argument(
        "--mentions",
        action="store_true",
        help="list each occurrence in an article's text (document_id, title, start, end, match, context);"
        " --json prints {query, total, mentions}, else one JSON object per line",
    )
    search.add_argument("--facets", action="store_true", help="also count the hits by tag, colour, article and year")
    search.add_argument(
        "--one-per-story",
        action="store_true",
        help="of the articles that tell the same story (syndicated copies) keep only the first placed;"
        " --json says how many copies and hits were folded away",
    )
    search.add_argument(
        "--tag",
        action="append",
        default=[],
        help="highlight every occurrence with this tag (repeat for more); already tagged ones are skipped",
    )
    search.add_argument("--color", choices=HIGHLIGHT_COLORS, help="the colour of the highlights --tag makes")
    search.add_argument("--json", action="store_true")

    reindex = commands.add_parser("reindex", help="delete the search index and rebuild it from the database")
    reindex.add_argument("--json", action="store_true")


def _exporting(commands: Subparsers) -> None:
    exporting = commands.add_parser(
        "export", help="write highlights to a file (Markdown digest, CSV, XLSX, JSON-LD, QDPX); default: everything"
    )
    exporting.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    scope = exporting.add_mutually_exclusive_group()
    scope.add_argument("--doc", type=int, metavar="ID", help="one article's highlights")
    scope.add_argument("--tag", help="highlights with this tag or one of its children (region: region/iran too)")
    scope.add_argument("--query", help="the highlights a search finds")
    scope.add_argument("--saved", metavar="NAME", help="the highlights a saved search finds")
    exporting.add_argument(
        "--mentions", action="store_true", help="with --query or --saved: also every mention in the articles' text"
    )
    exporting.add_argument(
        "--style", choices=(*CITATION_STYLES, "none"), default="chicago-note", help="each quote's reference"
    )
    exporting.add_argument("--group", choices=EXPORT_GROUPS, default="article", help="the digest's grouping")
    exporting.add_argument(
        "--excel", action="store_true", help="CSV for Excel: a byte-order mark; cells starting = + - @ shown as text"
    )
    exporting.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    exporting.add_argument("--json", action="store_true", help="print the report as one JSON document")

    cite = commands.add_parser("cite", help="print a highlight's quote with its formatted reference")
    cite.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    cite.add_argument("--style", choices=CITATION_STYLES, default="chicago-note", help="(default chicago-note)")
    cite.add_argument("--json", action="store_true", help='print {"id", "style", "text", "html", "markdown"}')

    import_annotations = commands.add_parser(
        "import-annotations",
        help="import annotations from a W3C Web Annotation JSON-LD file (Lectern's export), a Hypothesis"
        " API export or a REFI-QDA project (.qdpx); each is placed on its article in the library",
    )
    import_annotations.add_argument("file", type=Path, metavar="FILE")
    import_annotations.add_argument("--json", action="store_true", help="print the report as one JSON document")


def _backups(commands: Subparsers) -> None:
    backup = commands.add_parser("backup", help="write a verified backup of the library (a .lectern-backup file)")
    backup.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    backup.add_argument("--json", action="store_true", help="print the report as one JSON document")
    restore = commands.add_parser(
        "restore",
        help="replace the library with a backup (verified first; the current library is kept in data/replaced/)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.add_argument("--json", action="store_true", help="print the report as one JSON document")
    backups = commands.add_parser("backups", help="list the automatic backups (in the data folder's backups/)")
    backups.add_argument("--json", action="store_true")
