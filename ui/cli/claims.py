"""``claims`` and ``claim add|edit|delete|link|unlink|show|export``: claims and the highlights weighed as
their evidence, from the terminal (the same ``library.claims`` the window uses)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.output import EXIT_OK, EXIT_USAGE, answer, counted, fail, index_after_write, print_json

if TYPE_CHECKING:
    from annotations.models import Claim
    from app import Library
    from app.claims import ClaimEvidence, Evidence


def command_claims(library: Library, arguments: argparse.Namespace) -> int:
    """Every claim with its counts per stance, one line each."""
    summaries = library.claims.all()
    if arguments.json:
        print_json([
            {"id": summary.id, "text": summary.text, "supports": summary.supports,
             "contradicts": summary.contradicts, "context": summary.context, "tags": list(summary.tags)}
            for summary in summaries
        ])  # fmt: skip
        return EXIT_OK
    if not summaries:
        print("no claims yet (add one with: lectern claim add TEXT)")
    for summary in summaries:
        tags = f" [{', '.join(summary.tags)}]" if summary.tags else ""
        counts = f"{summary.supports} supports · {summary.contradicts} contradicts · {summary.context} context"
        print(f"#{summary.id}  {summary.text}{tags}  ({counts})")
    return EXIT_OK


def command_claim(library: Library, arguments: argparse.Namespace) -> int:
    action = arguments.claim_command
    if action == "add":
        claim = library.claims.add(arguments.text, note=arguments.note, tags=arguments.tag).value
        index_after_write(library)
        return answer(arguments.json, _claim_json(claim), f"added claim #{claim.id}: {claim.text}")
    if action == "edit":
        return _edit(library, arguments)
    if action == "delete":
        claim = library.claims.get(arguments.claim_id)
        links = len(library.claims.evidence(claim.id).items)
        library.claims.delete(claim.id)
        index_after_write(library)
        line = f"deleted claim #{claim.id}: {claim.text} ({counted(links, 'link')} removed; the highlights stay)"
        return answer(arguments.json, {"deleted": claim.id, "links": links}, line)
    if action == "link":
        link = library.claims.link(arguments.claim_id, arguments.annotation_id, arguments.stance).value
        index_after_write(library)
        value = {"claim_id": link.claim_id, "annotation_id": link.annotation_id, "stance": link.stance}
        line = f"linked highlight #{link.annotation_id} to claim #{link.claim_id}: {link.stance}"
        return answer(arguments.json, value | {"created": link.created}, line)
    if action == "unlink":
        library.claims.unlink(arguments.claim_id, arguments.annotation_id)
        index_after_write(library)
        value = {"claim_id": arguments.claim_id, "annotation_id": arguments.annotation_id, "unlinked": True}
        line = f"unlinked highlight #{arguments.annotation_id} from claim #{arguments.claim_id}"
        return answer(arguments.json, value, line)
    if action == "show":
        return _show(library.claims.evidence(arguments.claim_id), arguments.json)
    return _export(library, arguments)


def _edit(library: Library, arguments: argparse.Namespace) -> int:
    tags = [] if arguments.no_tags else arguments.tag
    if arguments.text is None and arguments.note is None and tags is None:
        return fail("nothing to change (give --text, --note, --tag or --no-tags)", EXIT_USAGE)
    claim = library.claims.update(arguments.claim_id, text=arguments.text, note=arguments.note, tags=tags).value
    index_after_write(library)
    tag_list = f" [{', '.join(claim.tags)}]" if claim.tags else ""
    return answer(arguments.json, _claim_json(claim), f"edited claim #{claim.id}: {claim.text}{tag_list}")


def _show(found: ClaimEvidence, as_json: bool) -> int:
    claim = found.claim
    if as_json:
        print_json(_claim_json(claim) | found.counts | {"evidence": [_evidence_json(item) for item in found.items]})
        return EXIT_OK
    counts = " · ".join(f"{number} {stance}" for stance, number in found.counts.items())
    print(f"claim #{claim.id}: {claim.text}  ({counts})")
    if claim.tags:
        print(f"tags: {', '.join(claim.tags)}")
    if claim.note:
        print(f"note: {' '.join(claim.note.split())}")
    for item in found.items:
        where = " · ".join(part for part in (item.published or "undated", item.title, item.byline, item.site) if part)
        quote = " ".join(item.exact.split())
        print(f"{item.stance:<11} #{item.annotation_id:<6} {where}: “{quote}”")
    return EXIT_OK


def _export(library: Library, arguments: argparse.Namespace) -> int:
    style = "" if arguments.style == "none" else arguments.style
    report = library.claims.export_memo(arguments.claim_id, arguments.output, style)
    items = counted(sum(report.counts.values()), "quote")
    line = f"wrote the memo of claim #{report.claim_id} ({items}) to {report.path} ({report.bytes:,} bytes)"
    return answer(arguments.json, report.to_json(), line)


def _claim_json(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.id,
        "text": claim.text,
        "note": claim.note,
        "tags": list(claim.tags),
        "created": claim.created,
        "modified": claim.modified,
    }


def _evidence_json(item: Evidence) -> dict[str, object]:
    return {
        "annotation_id": item.annotation_id,
        "stance": item.stance,
        "document_id": item.document_id,
        "title": item.title,
        "date": item.published or None,
        "exact": item.exact,
        "author": item.byline,
        "site": item.site,
        "start": None if item.orphaned else item.start,
        "end": None if item.orphaned else item.end,
        "note": item.note,
        "orphaned": item.orphaned,
    }
