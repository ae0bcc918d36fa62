"""``import``: files and folders become articles; with ``--replace``, new versions of articles already there."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from annotations.models import Reanchoring
from ui.cli.output import EXIT_FAILED, EXIT_OK, index_after_write, print_json, terminal_progress

if TYPE_CHECKING:
    from annotations.models import Document
    from app import Library


def command_import(library: Library, arguments: argparse.Namespace) -> int:
    if arguments.replace:
        return _import_replacing(library, arguments)
    missing = [path for path in arguments.paths if not path.exists()]
    with terminal_progress("importing", unit="file") as progress:
        outcomes = library.documents.import_paths(
            (path for path in arguments.paths if path.exists()), progress=progress
        ).value
        index_after_write(library)
    failures = [{"path": str(path), "error": f"{path}: no such file or folder"} for path in missing]
    failures += [outcome.to_json() for outcome in outcomes if outcome.error]
    if arguments.json:
        print_json([outcome.to_json() for outcome in outcomes if not outcome.error] + failures)
    else:
        for outcome in outcomes:
            if outcome.document is not None:
                print(_imported(outcome.document))
                for warning in outcome.warnings:
                    print(f"warning {warning}", file=sys.stderr)
            elif outcome.duplicate_of is not None:
                print(f"skipped {outcome.path}: already in the library as #{outcome.duplicate_of}")
            elif outcome.newer_version_of is not None:
                print(
                    f"skipped {outcome.path}: a newer version of #{outcome.newer_version_of}"
                    f" “{outcome.duplicate_title}”; use --replace"
                )
        for failure in failures:
            print(f"failed {failure['error']}", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK  # a skipped duplicate or newer version is not a failure


def _import_replacing(library: Library, arguments: argparse.Namespace) -> int:
    """``import --replace``: each file becomes a new version of the article with its source, or a new article."""
    from annotations.importers import expand_paths

    groups = [(path, list(expand_paths([path])) if path.exists() else None) for path in arguments.paths]
    total = sum(len(files) for _, files in groups if files is not None)
    entries: list[dict[str, object]] = []

    def report(entry: dict[str, object]) -> None:
        entries.append(entry)
        if not arguments.json:
            _print_replaced(library, entry)

    done = 0
    with terminal_progress("importing", unit="file") as progress:
        for given, files in groups:
            if files is None:
                report({"path": str(given), "error": f"{given}: no such file or folder"})
            for path in files or ():
                if progress is not None:
                    progress(done, total, path)
                done += 1
                outcome, reanchoring = library.documents.reimport_file(path).value
                entry: dict[str, object] = {"path": str(path)}
                if reanchoring is not None:
                    entry.update(reanchoring.to_json())
                elif outcome.document is not None:
                    entry.update(Reanchoring(outcome.document.id).to_json(), new=True)
                else:
                    entry.update(outcome.to_json())  # a duplicate of another article, or a refused file
                if outcome.document is not None and outcome.warnings:
                    entry["warnings"] = list(outcome.warnings)
                report(entry)
        index_after_write(library)
    if arguments.json:
        single = len(arguments.paths) == 1 and not arguments.paths[0].is_dir()
        print_json(entries[0] if single and len(entries) == 1 else entries)
    return EXIT_FAILED if any("error" in entry for entry in entries) else EXIT_OK


def _print_replaced(library: Library, entry: dict[str, object]) -> None:
    if "error" in entry:
        print(f"failed {entry['error']}", file=sys.stderr)
    elif "duplicate_of" in entry:
        print(f"skipped {entry['path']}: already in the library as #{entry['duplicate_of']}")
    else:
        document = library.documents.get(int(str(entry["document_id"])))
        if entry.get("new"):
            print(_imported(document))
            return
        counts = ", ".join(f"{entry[status]} {status}" for status in ("kept", "moved", "fuzzy", "orphaned"))
        orphans = entry["orphans"]
        assert isinstance(orphans, list)
        listed = f"; orphans: {', '.join(f'#{orphan}' for orphan in orphans)}" if orphans else ""
        print(f"replaced #{document.id} {document.title}: {counts}{listed}")


def _imported(document: Document) -> str:
    return f"imported #{document.id} {document.title} ({len(document.text)} chars)"
