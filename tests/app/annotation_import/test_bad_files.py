"""Malformed and hostile annotation files: a file that cannot be read is refused in words and stores nothing;
an annotation that cannot be used is reported with its reason while the rest are stored; a write that fails
half-way stores nothing at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from file_writing import WriteFile

from annotations import store as store_module
from app import Library
from app.annotation_import import AnnotationFileUnreadable, web_annotations
from app.annotation_import.placing import MAX_TAGS

ARTICLE = "---\ntitle: Radars\nsource: https://example.org/radars\n---\nThe radar network covers the northern border.\n"


@pytest.fixture
def radars(library: Library, write_file: WriteFile) -> Library:
    library.documents.import_file(write_file("radars.md", ARTICLE))
    return library


def annotation(exact: object = "radar network", **more: object) -> dict[str, object]:
    """A W3C annotation of ``exact`` on the article (its source found by URL)."""
    node: dict[str, object] = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {
            "source": "https://example.org/radars",
            "selector": {"type": "TextQuoteSelector", "exact": exact, "prefix": "The ", "suffix": " covers"},
        },
    }
    node.update(more)
    return node


def nothing_stored(library: Library) -> bool:
    return not library.store.all_annotations() and library.history.undo_label is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\xff\xfe\x00garbage\x00", "not UTF-8"),
        (b"<html><body>not json</body></html>", "not JSON"),
        (b'{"rows": [', "not JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"start": ' + b"9" * 5000 + b"}", "not usable JSON"),
        (b"42", "neither W3C Web Annotations"),
        (b'"a string"', "neither"),
        (b'{"name": "a settings file"}', "neither"),
        (b"[1, 2, 3]", "neither"),
        (b'{"rows": "not a list"}', "neither"),
        (b'{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Person"}', "not an Annotation, AnnotationPage"),
        (b'{"type": "AnnotationCollection", "total": 3}', "no pages in the file"),
        (b'{"type": "AnnotationCollection", "first": "https://server.example/page1"}', "not in the file"),
        (b'{"type": "AnnotationPage", "items": {"a": 1}}', "not a list"),
        (
            b'{"type": "AnnotationCollection", "first": {"id": "p1", "items": [], "next": "p2"},'
            b' "@included": [{"id": "p2", "items": [], "next": "p1"}]}',
            "circle",
        ),
    ],
)
def test_an_unreadable_file_is_refused_in_words_and_stores_nothing(
    radars: Library, write_file: WriteFile, content: bytes, message: str
) -> None:
    path = write_file("bad.json", content)
    with pytest.raises(AnnotationFileUnreadable, match=message) as refused:
        radars.annotation_imports.import_file(path)
    assert str(refused.value).startswith("bad.json: ")
    assert "Traceback" not in str(refused.value)
    assert nothing_stored(radars)


def test_a_missing_file_or_a_folder_is_refused(radars: Library, tmp_path: Path) -> None:
    for path in (tmp_path / "nowhere.json", tmp_path):
        with pytest.raises(AnnotationFileUnreadable, match="no such file"):
            radars.annotation_imports.import_file(path)


def test_files_past_the_limits_are_refused(
    radars: Library, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = write_file("many.json", json.dumps([annotation() for _ in range(30)]))
    monkeypatch.setattr(web_annotations, "MAX_ANNOTATIONS", 20)
    with pytest.raises(AnnotationFileUnreadable, match="more than 20 annotations"):
        radars.annotation_imports.import_file(many)
    rows = write_file("rows.json", json.dumps({"rows": [{"uri": "x", "target": []}] * 30}))
    with pytest.raises(AnnotationFileUnreadable, match="more than 20 annotations"):
        radars.annotation_imports.import_file(rows)
    monkeypatch.setattr("app.annotation_import.part.MAX_FILE_BYTES", 1_000)
    big = write_file("big.json", json.dumps([annotation(note="x" * 2_000)]))
    with pytest.raises(AnnotationFileUnreadable, match="MB"):
        radars.annotation_imports.import_file(big)
    assert nothing_stored(radars)


def test_collection_pages_are_read_however_the_file_links_them(radars: Library, write_file: WriteFile) -> None:
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [annotation()], "next": {"items": [annotation(exact="The")]}},
        "@included": [{"type": "AnnotationPage", "id": "loose", "items": [annotation(exact="border")]}],
    }
    report = radars.annotation_imports.import_file(write_file("pages.jsonld", json.dumps(collection))).value
    assert report.created == 3  # an embedded next page, and a page nothing links to: none dropped
    assert report.orphaned == 2  # (this helper's context fits only "radar network"; the others wait as orphans)
    assert {a.exact for a in radars.store.all_annotations()} == {"radar network", "The", "border"}


def test_unusable_annotations_are_reported_and_the_rest_stored(radars: Library, write_file: WriteFile) -> None:
    nodes: list[object] = [
        annotation(),  # fine
        annotation(exact=42),
        annotation(exact="   "),
        annotation(exact="x" * 300_000),
        {**annotation(), "target": "https://example.org/radars"},  # the whole page: no quote
        {**annotation(), "type": "Person"},
        "a string among annotations",
        {**annotation(), "body": [{"type": "TextualBody", "purpose": "tagging", "value": f"t{n}"} for n in range(500)]},
        {**annotation(), "body": [{"type": "TextualBody", "purpose": "tagging", "value": "x" * 1_000}]},
        {**annotation(), "body": {"type": "TextualBody", "value": "n" * 300_000}},
        annotation(exact="northern border", id=["not", "a", "string"], created=17, modified={"a": 1}),
        annotation(exact="The radar", **{"lectern:color": "ultraviolet", "lectern:style": ["bold"]}),
        annotation(exact="covers", target={"source": {"id": 5}, "selector": [None, 3, {"type": "TextQuoteSelector"}]}),
    ]
    nodes[12]["type"] = ["Annotation"]  # type: ignore[index]
    path = write_file("mixed.json", json.dumps(nodes))
    report = radars.annotation_imports.import_file(path).value
    assert (report.created, report.failed) == (3, 10)
    reasons = [problem.reason for problem in report.problems if problem.status == "failed"]
    assert len(reasons) == 10 and all(reasons)
    assert any(f"the limit is {MAX_TAGS}" in reason for reason in reasons)
    assert any("quote is 300,000 characters" in reason for reason in reasons)
    assert any("not a W3C Annotation" in reason for reason in reasons)
    stored = {a.exact: a for a in radars.store.all_annotations()}
    assert set(stored) == {"radar network", "northern border", "The radar"}
    assert (stored["The radar"].color, stored["The radar"].style) == ("yellow", "highlight")  # unknown: defaults
    assert stored["northern border"].created  # an unreadable time becomes the time of the import
    assert radars.history.undo_label == "Import Annotations"


def test_control_characters_do_not_reach_tags_or_notes(radars: Library, write_file: WriteFile) -> None:
    node = annotation(
        body=[
            {"type": "TextualBody", "purpose": "tagging", "value": "evil\x00\x1b[31mtag"},
            {"type": "TextualBody", "purpose": "commenting", "value": "line one\nline\x07 two"},
        ]
    )
    radars.annotation_imports.import_file(write_file("controls.json", json.dumps(node)))
    (stored,) = radars.store.all_annotations()
    assert stored.tags == ("evil[31mtag",)
    assert stored.note == "line one\nline two"


def test_lone_surrogates_and_times_past_the_calendar_do_not_break_the_import(
    radars: Library, write_file: WriteFile
) -> None:
    node = annotation(
        id="urn:x-broken:\ud800",
        created="0001-01-01T00:00:00+01:00",
        body=[
            {"type": "TextualBody", "purpose": "tagging", "value": "tag\udc00"},
            {"type": "TextualBody", "value": "note \ud83d"},
        ],
    )
    unmatched = annotation(exact="nowhere \ud800 at all")
    unmatched["target"]["source"] = "https://elsewhere.example/\udfff"  # type: ignore[index]
    report = radars.annotation_imports.import_file(write_file("surrogates.json", json.dumps([node, unmatched]))).value
    assert (report.created, report.unmatched) == (1, 1)
    (stored,) = radars.store.all_annotations()
    assert stored.tags == ("tag\ufffd",) and stored.note == "note \ufffd"
    assert stored.created.endswith("+00:00")
    (problem,) = report.problems
    assert "\ufffd" in problem.reason and "\ufffd" in problem.exact
    problem.reason.encode("utf-8")  # printable


def test_a_write_that_fails_half_way_stores_nothing(
    radars: Library, write_file: WriteFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    nodes = [annotation(), annotation(exact="northern border"), annotation(exact="The radar")]
    calls = 0
    original = store_module.set_tags

    def failing(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("disk I/O error")
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(store_module, "set_tags", failing)
    with pytest.raises(OSError):
        radars.annotation_imports.import_file(write_file("three.json", json.dumps(nodes)))
    assert nothing_stored(radars)
    assert radars.store.pending_index_count() == 1  # only the article's own outbox row: no half-written highlight


def test_a_qdpx_file_goes_to_the_refi_qda_reader(radars: Library, write_file: WriteFile) -> None:
    """A zip (.qdpx) is not read as JSON: it goes to app.annotation_import.qdpx, or is refused in words."""
    path = write_file("project.qdpx", b"PK\x03\x04 not really a zip")
    try:
        radars.annotation_imports.import_file(path)
    except AnnotationFileUnreadable as refused:
        assert "JSON" not in str(refused)
    except Exception as error:  # noqa: BLE001 - the REFI-QDA reader's own refusal, whatever its class
        assert "JSON" not in str(error)
    assert nothing_stored(radars)
