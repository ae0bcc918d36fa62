"""Running one command: open the library, call the command, turn failures into a message and an exit status.

Every library error becomes one ``lectern: ...`` line and exit 1; a damaged database is kept aside and
the newest backup named, so a user is never shown a traceback."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.errors import LecternError
from annotations.paths import resolve_data_dir
from ui.cli.annotating import command_annotate, command_annotation
from ui.cli.articles import command_article
from ui.cli.backups import command_backup, command_backups, command_restore
from ui.cli.claims import command_claim, command_claims
from ui.cli.exporting import command_cite, command_export, command_import_annotations
from ui.cli.importing import command_import
from ui.cli.output import EXIT_FAILED, EXIT_OK, fail
from ui.cli.reading import command_list, command_show
from ui.cli.reports import command_report
from ui.cli.searching import command_reindex, command_search
from ui.cli.tagging import command_tags
from ui.cli.team import command_team

if TYPE_CHECKING:
    from app import Library

CLOSED_LIBRARY_COMMANDS: dict[str, Callable[[Path, argparse.Namespace], int]] = {
    "restore": command_restore,
    "backups": command_backups,
    "team": command_team,  # works on the server directly: setting up a team comes before any library
}

COMMANDS: dict[str, Callable[[Library, argparse.Namespace], int]] = {
    "import": command_import,
    "import-annotations": command_import_annotations,
    "list": command_list,
    "show": command_show,
    "article": command_article,
    "annotate": command_annotate,
    "annotation": command_annotation,
    "tags": command_tags,
    "claims": command_claims,
    "claim": command_claim,
    "search": command_search,
    "reindex": command_reindex,
    "report": command_report,
    "export": command_export,
    "cite": command_cite,
    "backup": command_backup,
}


def run_command(arguments: argparse.Namespace) -> int:
    """Run the parsed command on the library in its data folder; the process's exit status."""
    try:
        data_dir = resolve_data_dir(arguments.data_dir)
    except OSError as error:
        return fail(f"cannot use the data folder: {error}")
    from app import Library

    team: str | None = getattr(arguments, "library", None) or None  # --library URL: a team library
    if team is not None:
        from ui.cli.team_library import file_only_refusal

        refusal = file_only_refusal(arguments.command)
        if refusal is not None:
            return fail(refusal)
    if arguments.command in CLOSED_LIBRARY_COMMANDS:  # restore and backups work on a closed, even damaged, library
        return CLOSED_LIBRARY_COMMANDS[arguments.command](data_dir, arguments)
    try:
        library = Library(data_dir, background=False, team=team)
    except (LecternError, sqlite3.DatabaseError) as error:  # a newer library, an unsuitable Whoosh, not a database
        return _cannot_open(data_dir, error, arguments)
    try:
        return COMMANDS[arguments.command](library, arguments)
    except BrokenPipeError:  # e.g. piped into `head`; the reader has gone, nothing to report
        sys.stderr.close()
        return EXIT_OK
    except LecternError as error:
        return fail(str(error))
    except sqlite3.DatabaseError as error:  # damage met while reading: checked once the library is closed
        unreadable = error
    except Exception as error:  # on a team library: the server refused or went away, said in one line
        from ui.cli.team_library import server_failure

        said = server_failure(error, team) if team is not None else None
        if said is None:
            raise
        return fail(said)
    finally:
        library.close()
    return _cannot_open(data_dir, unreadable, arguments)


def _cannot_open(data_dir: Path, error: BaseException, arguments: argparse.Namespace) -> int:
    """Say why the library cannot be used; a damaged database is kept aside and the newest backup named."""
    from app.startup import damage_from

    if getattr(arguments, "library", None):  # a team library's errors name the server and what to do
        return fail(str(error) if isinstance(error, LecternError) else f"the team library failed: {error}")

    damage = damage_from(data_dir, error)
    if damage is None:
        reason = f"the database cannot be read ({error})" if isinstance(error, sqlite3.DatabaseError) else error
        return fail(f"cannot open the library in {data_dir}: {reason}")
    folder = f" --data-dir {data_dir}" if arguments.data_dir else ""
    kept = f"; it was kept in {damage.kept}" if damage.kept is not None else ""
    if damage.backup is not None:
        advice = f"restore the newest backup with: lectern{folder} restore {damage.backup}"
    else:
        advice = f"there is no automatic backup; restore one you made with: lectern{folder} restore FILE"
    return fail(f"the library database is damaged ({damage.problem}){kept}; {advice}", EXIT_FAILED)
