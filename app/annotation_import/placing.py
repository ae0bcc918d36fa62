"""Placing annotations made elsewhere: find each one's article, re-anchor it as a new version of a text is
re-anchored (annotations/reanchor.py), and store the lot as one transaction and one undo step.

The article is the one the caller names (``document_id``), else the one with the annotation's source (a URL,
tolerating a trailing slash, a fragment and http/https; ``urn:uuid:<document uuid>``; a file path), else the
one with the same text (``source_digest``), else the one article whose text holds the quote (several: the one
whose text around it matches the stored context clearly best). Then the passage: the given position when the
quote and its context are there verbatim ("placed"); else the re-anchoring's exact search ("moved"), bounded
fuzzy search ("fuzzy") or nothing ("orphaned": stored as an orphan on its article, listed, never dropped). An
annotation found by its quote alone is stored only where its passage is found, since an orphan there could
sit on the wrong article: it is reported unmatched instead. Nothing is ever placed on a wrong passage.

Importing the same file twice creates nothing: an annotation whose uuid a highlight already has is skipped,
and so is one that lands on a span of its article already highlighted with the same tags (or, without an id
of its own, on the span and tags of one before it in the same file).
"""

from __future__ import annotations

import re
import sqlite3
import uuid as uuids
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from urllib.parse import unquote, urlsplit

from annotations.anchoring import CONTEXT_CHARS, Selector
from annotations.database import now
from annotations.errors import LecternError
from annotations.models import DEFAULT_COLOR, DEFAULT_STYLE, HIGHLIGHT_COLORS, HIGHLIGHT_STYLES, Annotation, Claim
from annotations.reanchor import VERBATIM_EVIDENCE, Placement, Reanchorer
from annotations.store import DocumentKey, GivenHighlight, Store
from annotations.store_states import ChangedMeanwhile
from annotations.tags import normalize_tags
from annotations.textdiff import common_prefix_length
from app.annotation_import.claims import store_claims
from app.annotation_import.incoming import ImportProblem, IncomingAnnotation, shorten
from app.changes import NO_CHANGES, Applied
from app.search_index import SearchIndex
from app.undo import UndoHistory

Progress = Callable[[int, int], None]  # (done, total) while annotations are placed

UNDO_LABEL = "Import Annotations"
MAX_QUOTE_CHARS = 200_000  # a quote longer than this is refused (a whole long article is about this)
MAX_NOTE_CHARS = 200_000
MAX_TAGS = 100  # tags on one annotation
MAX_TAG_CHARS = 200
MAX_LISTED_PROBLEMS = 200  # the report lists this many annotations by name; the rest are counted
CONTEXT_MARGIN = 4  # characters of verbatim context by which the article chosen by a quote must beat the next
_MAX_OCCURRENCES = 200  # occurrences of a quote scored per article when choosing between articles
_ATTEMPTS = 3  # placements are computed again this often when an article changes meanwhile

_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON may carry them; UTF-8 (SQLite, a terminal) cannot
_CONTROL = {code: None for code in (*range(0, 9), 11, 12, *range(14, 32), 127)}  # keeps \t, \n, \r

# Lectern's namespace for ids derived from ids that are not UUIDs (a Hypothesis id, another tool's IRI).
LECTERN_NAMESPACE = uuids.uuid5(uuids.NAMESPACE_URL, "https://lectern.app/ns#")


@dataclass(frozen=True)
class AnnotationImportReport:
    """What importing one annotation file did, counted by outcome; the annotations that need a word listed.

    ``placed``: at the file's own position (or, without one, where its quote and context are); ``moved``:
    the same quote elsewhere; ``fuzzy``: on similar text (worth a look); ``orphaned``: stored on its article
    without a passage (see Orphans); ``skipped``: already in the library; ``unmatched``: no article found,
    not stored; ``failed``: unreadable or refused, not stored."""

    path: str = ""
    format: str = ""
    placed: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    skipped: int = 0
    unmatched: int = 0
    failed: int = 0
    documents_created: int = 0
    tags_created: int = 0
    annotation_ids: tuple[int, ...] = ()  # the highlights created, in the file's order
    problems: tuple[ImportProblem, ...] = ()  # fuzzy, orphaned, unmatched and failed ones, the first few hundred
    problems_left_out: int = 0

    @property
    def created(self) -> int:
        return self.placed + self.moved + self.fuzzy + self.orphaned

    @property
    def read(self) -> int:
        """Annotations the file held."""
        return self.created + self.skipped + self.unmatched + self.failed

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "read": self.read,
            "created": self.created,
            "placed": self.placed,
            "moved": self.moved,
            "fuzzy": self.fuzzy,
            "orphaned": self.orphaned,
            "skipped": self.skipped,
            "unmatched": self.unmatched,
            "failed": self.failed,
            "documents_created": self.documents_created,
            "tags_created": self.tags_created,
            "annotation_ids": list(self.annotation_ids),
            "problems": [problem.to_json() for problem in self.problems],
            "problems_left_out": self.problems_left_out,
        }

    def summary(self) -> str:
        """One paragraph for the window and the command line."""
        name = f" from {self.path.rsplit('/', 1)[-1]}" if self.path else ""
        if not self.read:
            return f"The file{name} holds no annotations; nothing was imported."
        sentences = [f"Imported {self.created} of {_count(self.read, 'annotation')}{name}"]
        parts = [
            f"{self.placed} in place" if self.placed else "",
            f"{self.moved} moved" if self.moved else "",
            f"{self.fuzzy} on slightly changed text (worth a look)" if self.fuzzy else "",
            f"{self.orphaned} orphaned (passage not found; see Orphans to re-attach)" if self.orphaned else "",
        ]
        sentences[0] += (": " + ", ".join(part for part in parts if part) + ".") if self.created else "."
        if self.documents_created:
            sentences.append(f"{_count(self.documents_created, 'article')} added.")
        if self.tags_created:
            sentences.append(f"{_count(self.tags_created, 'new tag')}.")
        if self.skipped:
            sentences.append(f"{self.skipped} {'was' if self.skipped == 1 else 'were'} already in the library.")
        if self.unmatched:
            sentences.append(
                f"{self.unmatched} could not be matched to an article in the library and {'was' if self.unmatched == 1 else 'were'} not imported."
            )
        if self.failed:
            sentences.append(
                f"{self.failed} could not be read and {'was' if self.failed == 1 else 'were'} not imported."
            )
        return " ".join(sentences)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[ImportProblem] = field(default_factory=list)
    left_out: int = 0

    def note(self, problem: ImportProblem) -> None:
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(problem)
        else:
            self.left_out += 1


def place_annotations(
    store: Store,
    index: SearchIndex,
    history: UndoHistory,
    incoming: Sequence[IncomingAnnotation],
    progress: Progress | None = None,
    *,
    failed: Sequence[ImportProblem] = (),
    path: str = "",
    format: str = "",
) -> Applied[AnnotationImportReport]:
    """Match, re-anchor and store ``incoming`` (one transaction, one undo step "Import Annotations").

    ``failed``: annotations the reader could not use, counted and listed in the report as they are. Bad
    annotations never raise: each gets a reason in the report. ``index`` learns of the write through the
    undo history, which wakes it."""
    del index  # the undo history wakes the index writer after the write
    for attempt in range(_ATTEMPTS):
        tally = _Tally()
        for problem in failed:
            tally.counts["failed"] += 1
            tally.note(problem)
        plan = _plan(store, incoming, tally, progress)
        tags_before = {tag.name for tag in store.tags.counts()}
        if not plan:
            break
        try:
            write = partial(_add_with_claims, store, [highlight for highlight, _ in plan], incoming)
            applied = history.record(UNDO_LABEL, [], write)
        except (ChangedMeanwhile, sqlite3.IntegrityError):  # an article's text or a uuid changed meanwhile
            if attempt == _ATTEMPTS - 1:
                raise LecternError("the library changed while the annotations were placed; try again") from None
            continue
        created = [item for item in applied.value if isinstance(item, Annotation)]
        for annotation, (_, problem) in zip(created, plan, strict=True):
            if problem is not None:
                tally.note(replace(problem, annotation_id=annotation.id))
        new_tags = {tag for annotation in created for tag in annotation.tags} - tags_before
        return Applied(_report(tally, path, format, created, len(new_tags)), applied.changes)
    return Applied(_report(tally, path, format, [], 0), NO_CHANGES)


def _add_with_claims(
    store: Store, highlights: list[GivenHighlight], incoming: Sequence[IncomingAnnotation]
) -> list[Annotation | Claim]:
    """Store the highlights, then link them to the claims their annotations name (Lectern's own exports);
    returns the highlights, then the claims made, for the undo step (``UndoHistory.record``)."""
    created: list[Annotation | Claim] = list(store.add_given_annotations(highlights))
    claims = {_uuid_of(item): item.claims for item in incoming if item.claims and item.uuid}
    if claims:
        created += store_claims(store, [item for item in created if isinstance(item, Annotation)], claims)
    return created


def _report(
    tally: _Tally, path: str, format: str, created: list[Annotation], tags_created: int
) -> AnnotationImportReport:
    counts = tally.counts
    return AnnotationImportReport(
        path=path,
        format=format,
        placed=counts["placed"],
        moved=counts["moved"],
        fuzzy=counts["fuzzy"],
        orphaned=counts["orphaned"],
        skipped=counts["skipped"],
        unmatched=counts["unmatched"],
        failed=counts["failed"],
        tags_created=tags_created,
        annotation_ids=tuple(annotation.id for annotation in created),
        problems=tuple(sorted(tally.problems, key=_problem_order)),
        problems_left_out=tally.left_out,
    )


_PROBLEM_ORDER = {"failed": 0, "unmatched": 1, "orphaned": 2, "fuzzy": 3, "skipped": 4}


def _problem_order(problem: ImportProblem) -> int:
    return _PROBLEM_ORDER.get(problem.status, 5)


# -- planning ---------------------------------------------------------------------------------------------------
_Planned = tuple[GivenHighlight, ImportProblem | None]


def _plan(
    store: Store, incoming: Sequence[IncomingAnnotation], tally: _Tally, progress: Progress | None
) -> list[_Planned]:
    """What to store: one highlight per usable annotation (with a problem to list once it has an id)."""
    total = len(incoming)
    if progress is not None:
        progress(0, total)
    checked: list[tuple[IncomingAnnotation, str]] = []
    for item in incoming:
        cleaned = _checked(item)
        if isinstance(cleaned, ImportProblem):
            tally.counts["failed"] += 1
            tally.note(cleaned)
        else:
            checked.append((cleaned, _uuid_of(cleaned)))
    present = store.existing_uuids(identity for _, identity in checked)
    fresh: list[tuple[IncomingAnnotation, str]] = []
    for item, identity in checked:
        if identity in present:
            tally.counts["skipped"] += 1
            continue
        present.add(identity)  # the same id twice in one file: the first counts
        fresh.append((item, identity))
    finder = _ArticleFinder(store)
    by_document: dict[int, list[tuple[IncomingAnnotation, str, bool]]] = defaultdict(list)
    done = total - len(fresh)
    for item, identity in fresh:
        document_id, by_quote, reason = finder.find(item)
        if document_id is None:
            tally.counts["unmatched"] += 1
            tally.note(_problem(item, "unmatched", reason))
            done += 1
        else:
            by_document[document_id].append((item, identity, by_quote))
        if progress is not None and done % 100 == 0:
            progress(done, total)
    plan: list[_Planned] = []
    for document_id, items in by_document.items():
        plan += _plan_document(store, document_id, items, tally)
        done += len(items)
        if progress is not None:
            progress(done, total)
    return plan


def _plan_document(
    store: Store, document_id: int, items: list[tuple[IncomingAnnotation, str, bool]], tally: _Tally
) -> list[_Planned]:
    text = store.document(document_id).text
    reanchorer = Reanchorer(text)
    taken: set[tuple[object, ...]] = set()
    for annotation in store.annotations_for(document_id):
        taken.add(_span_key(annotation.orphaned, annotation.start, annotation.end, annotation.exact, annotation.tags))
    plan: list[_Planned] = []
    for item, identity, by_quote in items:
        placement = _place(reanchorer, text, item)
        if placement.orphaned and by_quote:
            reason = f"its quote is in #{document_id}, but not with its context there"
            tally.counts["unmatched"] += 1
            tally.note(_problem(item, "unmatched", reason, document_id))
            continue
        tags = normalize_tags(item.tags)
        key = _span_key(placement.orphaned, placement.start, placement.end, item.exact, tags)
        if key in taken:
            tally.counts["skipped"] += 1
            continue
        if not (isinstance(item.uuid, str) and item.uuid.strip()):
            taken.add(key)  # two annotations the file names apart (by id) stay two, as at their source
        status = placement.status
        if status == "kept" or (status == "moved" and item.start is None):
            status = "placed"  # without a position of its own, finding the quote in its context is placing it
        tally.counts[status] += 1
        problem = None
        if placement.orphaned:
            problem = _problem(item, "orphaned", "its passage is not in the article's text", document_id)
            start, end = _orphan_offsets(item)
        else:
            assert placement.start is not None and placement.end is not None
            start, end = placement.start, placement.end
            if status == "fuzzy":
                reason = f"placed on similar text: “{shorten(placement.exact or '')}”"
                problem = _problem(item, "fuzzy", reason, document_id)
        highlight = GivenHighlight(
            document_id=document_id,
            start=start,
            end=end,
            uuid=identity,
            created=item.created,
            modified=item.modified,
            exact=item.exact if placement.orphaned else (placement.exact or ""),
            prefix=item.prefix,
            suffix=item.suffix,
            color=item.color,
            style=item.style,
            note=item.note,
            tags=tags,
            orphaned=placement.orphaned,
        )
        plan.append((highlight, problem))
    return plan


def _span_key(
    orphaned: bool, start: int | None, end: int | None, exact: str, tags: Sequence[str]
) -> tuple[object, ...]:
    return ("orphan", exact, frozenset(tags)) if orphaned else ("span", start, end, frozenset(tags))


def _orphan_offsets(item: IncomingAnnotation) -> tuple[int, int]:
    """An orphan's stored offsets fit no text; they only need to satisfy the table (0 <= start < end)."""
    if item.start is not None and item.end is not None and 0 <= item.start < item.end:
        return item.start, item.end
    return 0, max(1, len(item.exact))


def _place(reanchorer: Reanchorer, text: str, item: IncomingAnnotation) -> Placement:
    """The given position when the quote and its context are there verbatim; else the re-anchoring's answer."""
    start, end = item.start, item.end
    if start is not None and end is not None and 0 <= start < end <= len(text):
        evidence = len(item.prefix) + len(item.exact) + len(item.suffix)
        if (
            text[start:end] == item.exact
            and text[max(0, start - len(item.prefix)) : start] == item.prefix
            and text[end : end + len(item.suffix)] == item.suffix
            and evidence >= VERBATIM_EVIDENCE
        ):
            return Placement("kept", start, end, item.exact, 1.0)
    if start is None or end is None or end < start:
        start = end = -1  # no position to keep: the quote and its context alone say where it is
    return reanchorer.place(Selector(start, end, item.exact, item.prefix, item.suffix))


def _problem(item: IncomingAnnotation, status: str, reason: str, document_id: int | None = None) -> ImportProblem:
    return ImportProblem(status, reason, shorten(item.exact), item.label, document_id)  # type: ignore[arg-type]


# -- checking what a file says ----------------------------------------------------------------------------------
def _checked(item: IncomingAnnotation) -> IncomingAnnotation | ImportProblem:
    """The annotation with its values cleaned (text that SQLite can store, tags on one line, known colours), or
    the reason it cannot be used."""
    exact, label = _str(item.exact), _str(item.label)

    def refused(reason: str) -> ImportProblem:
        return ImportProblem("failed", reason, shorten(exact), label)

    if not exact.strip():
        return refused("it quotes no text (a note on a whole page, or a selector Lectern cannot read)")
    if len(exact) > MAX_QUOTE_CHARS:
        return refused(f"its quote is {len(exact):,} characters long; the limit is {MAX_QUOTE_CHARS:,}")
    if not isinstance(item.note, str | None) or len(item.note or "") > MAX_NOTE_CHARS:
        return refused(f"its note is not text or longer than {MAX_NOTE_CHARS:,} characters")
    given_tags = item.tags if isinstance(item.tags, tuple | list) else ()
    if len(given_tags) > MAX_TAGS:
        return refused(f"it has {len(given_tags)} tags; the limit is {MAX_TAGS}")
    tags = []
    for tag in given_tags:
        if not isinstance(tag, str) or len(tag) > MAX_TAG_CHARS:
            return refused(f"a tag is not text or longer than {MAX_TAG_CHARS} characters")
        tags.append(_str(tag).translate(_CONTROL).replace("\t", " ").replace("\n", " ").replace("\r", " "))
    start, end = item.start, item.end
    if not (_is_offset(start) and _is_offset(end)) or (start is None) != (end is None):
        start = end = None  # a position that is not a pair of offsets is no position
    aliases = item.source_aliases if isinstance(item.source_aliases, tuple | list) else ()
    return replace(
        item,
        uuid=_str(item.uuid) or None,
        exact=exact,
        prefix=_str(item.prefix)[-CONTEXT_CHARS:],
        suffix=_str(item.suffix)[:CONTEXT_CHARS],
        start=start,
        end=end,
        tags=tuple(tags),
        note=_str(item.note).translate(_CONTROL),
        color=item.color if item.color in HIGHLIGHT_COLORS else DEFAULT_COLOR,
        style=item.style if item.style in HIGHLIGHT_STYLES else DEFAULT_STYLE,
        created=_timestamp(item.created),
        modified=_timestamp(item.modified or item.created),
        source=_str(item.source).strip(),
        source_aliases=tuple(_str(alias).strip() for alias in aliases[:20] if _str(alias).strip()),
        source_digest=_str(item.source_digest).strip(),
        source_title=_str(item.source_title),
        label=label,
    )


def _str(value: object) -> str:
    """Text as SQLite and a terminal take it ("" for what is not text; a lone surrogate becomes U+FFFD)."""
    if not isinstance(value, str):
        return ""
    return _SURROGATE.sub("\ufffd", value)


def _is_offset(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**53)


def _timestamp(value: object) -> str:
    """An ISO 8601 time as Lectern stores them (UTC, milliseconds); now when there is none that reads."""
    if isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).isoformat(timespec="milliseconds")
        except (ValueError, OverflowError):  # not a time, or one past the calendar's ends in UTC
            return now()
    return now()


def _uuid_of(item: IncomingAnnotation) -> str:
    """The annotation's UUID as given; derived (uuid5) from an id that is not one; a new one without an id."""
    given = item.uuid.strip() if isinstance(item.uuid, str) else ""
    if not given:
        return str(uuids.uuid4())
    try:
        return str(uuids.UUID(given.removeprefix("urn:uuid:")))
    except ValueError:
        return str(uuids.uuid5(LECTERN_NAMESPACE, given))


# -- finding the article ----------------------------------------------------------------------------------------
def source_key(source: str) -> str:
    """A source as compared: a web address without its fragment, trailing slash, or http/https difference, and
    with its host in lower case; a ``file:`` URL as its path; anything else (a path, a URN) as it is."""
    source = source.strip()
    if not source:
        return ""
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc:
        host = parts.netloc.lower().removeprefix("www.")
        path = parts.path.rstrip("/")
        return f"web://{host}{path}" + (f"?{parts.query}" if parts.query else "")
    if scheme == "file":
        return unquote(parts.path)
    return source


class _ArticleFinder:
    """Finds the article an annotation was made on, remembering what it looked up."""

    def __init__(self, store: Store) -> None:
        self._store = store
        keys = store.document_keys()
        self._ids = {key.id for key in keys}
        self._by_source: dict[str, int] = {}
        self._by_uuid: dict[str, int] = {}
        self._by_digest: dict[str, int] = {}
        for key in keys:  # oldest first: the oldest article with a source wins, as for new versions
            self._remember(key)
        self._by_quote: dict[tuple[str, str, str], tuple[int | None, str]] = {}

    def _remember(self, key: DocumentKey) -> None:
        self._by_source.setdefault(source_key(key.source), key.id)
        self._by_uuid.setdefault(key.uuid.lower(), key.id)
        self._by_digest.setdefault(key.sha256.lower(), key.id)

    def find(self, item: IncomingAnnotation) -> tuple[int | None, bool, str]:
        """(article id or None, whether it was found by the quote alone, the reason when not found)."""
        if item.document_id is not None:
            if item.document_id in self._ids:
                return item.document_id, False, ""
            return None, False, f"article #{item.document_id} is not in the library"
        for source in (item.source, *item.source_aliases):
            found = self._by_source_or_uuid(source)
            if found is not None:
                return found, False, ""
        if item.source_digest and item.source_digest.lower() in self._by_digest:
            return self._by_digest[item.source_digest.lower()], False, ""
        document_id, reason = self._by_quote_alone(item)
        if document_id is None:
            named = f"“{shorten(item.source_title, 60)}” ({item.source})" if item.source_title else item.source
            reason = f"no article in the library has its source {named}, and {reason}" if named else reason
        return document_id, True, reason

    def _by_source_or_uuid(self, source: str) -> int | None:
        key = source_key(source)
        if not key:
            return None
        if key.lower().startswith("urn:uuid:"):
            found = self._by_uuid.get(key[len("urn:uuid:") :].lower())
            if found is not None:
                return found
        return self._by_source.get(key)

    def _by_quote_alone(self, item: IncomingAnnotation) -> tuple[int | None, str]:
        cache_key = (item.exact, item.prefix, item.suffix)
        if cache_key not in self._by_quote:
            self._by_quote[cache_key] = self._search_quote(item)
        return self._by_quote[cache_key]

    def _search_quote(self, item: IncomingAnnotation) -> tuple[int | None, str]:
        candidates = self._store.documents_containing(item.exact)
        if not candidates:
            return None, "no article's text holds its quote"
        if len(candidates) == 1:
            return candidates[0], ""
        scored = sorted(
            ((self._context_fit(document_id, item), document_id) for document_id in candidates), reverse=True
        )
        if scored[0][0] >= scored[1][0] + CONTEXT_MARGIN:
            return scored[0][1], ""
        return None, f"its quote is in {len(candidates)} articles and its context does not tell them apart"

    def _context_fit(self, document_id: int, item: IncomingAnnotation) -> int:
        """Most characters of stored context that stand verbatim around one occurrence of the quote."""
        text = self._store.document(document_id).text
        best, position, seen = 0, text.find(item.exact), 0
        reversed_prefix = item.prefix[::-1]
        while position != -1 and seen < _MAX_OCCURRENCES:
            before = text[max(0, position - len(item.prefix)) : position][::-1]
            after = text[position + len(item.exact) : position + len(item.exact) + len(item.suffix)]
            best = max(best, common_prefix_length(reversed_prefix, before) + common_prefix_length(item.suffix, after))
            position, seen = text.find(item.exact, position + 1), seen + 1
        return best
