"""Editing highlights, the tag tree and new versions of an article from the command line (real subprocesses)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from reimport_samples import QUOTES, VERSION_1, VERSION_2
from test_cli import cli, show

from app import Library

WriteFile = Callable[[str, str | bytes], Path]



@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "cli-data"


@pytest.fixture
def article(write_file: WriteFile) -> Path:
    return write_file("gulf.md", VERSION_1)


@contextmanager
def library_in(data: Path) -> Iterator[Library]:
    """The core on the same data folder, to set up quickly what a test then drives through the CLI."""
    library = Library(data, background=False)
    try:
        yield library
        library.index.flush()
    finally:
        library.close()


@pytest.fixture
def document_id(data: Path, article: Path) -> int:
    with library_in(data) as library:
        outcome = library.documents.import_file(article).value
        assert outcome.document is not None
        return outcome.document.id


def annotate(data: Path, document_id: int, quote: str, *options: str) -> dict[str, Any]:
    run = cli("annotate", str(document_id), "--quote", quote, *options, "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    [created] = run.json()
    assert created.pop("created") is True  # made now, not found already there (see test_cli_retry)
    return dict(created)


def seed(data: Path, document_id: int, *highlights: tuple[str, list[str]]) -> list[int]:
    """Highlight each (quote, tags) in the core; returns the ids."""
    with library_in(data) as library:
        return [library.annotations.add_quote(document_id, quote, tags=tags).value[0].id for quote, tags in highlights]


@pytest.fixture
def highlights(data: Path, document_id: int) -> dict[str, dict[str, Any]]:
    ids = seed(data, document_id, *((quote, [f"status/{status}"]) for status, quote in QUOTES.items()))
    with library_in(data) as library:
        made = [library.annotations.get(annotation_id) for annotation_id in ids]
    return {status: {"id": a.id, "start": a.start, "end": a.end} for status, a in zip(QUOTES, made, strict=True)}


def search_ids(data: Path, query: str) -> list[int]:
    """The highlights the index finds for ``query`` (checked in-process: quicker than a subprocess per query);
    the CLI command before must have brought the index up to date itself."""
    with library_in(data) as library:
        assert library.store.pending_index_count() == 0
        return sorted(hit.annotation_id for hit in library.index.search(query, limit=None).hits if hit.annotation_id)


def tags(data: Path) -> dict[str, tuple[int, str, str]]:
    with library_in(data) as library:
        return {tag.name: (tag.count, tag.color, tag.description) for tag in library.tags.counts()}


# -- annotate and annotation edit/delete -------------------------------------------------------------
def test_annotate_with_colour_and_underline(data: Path, document_id: int) -> None:
    created = annotate(data, document_id, "Baghdad", "--color", "blue", "--underline")
    assert (created["color"], created["style"], created["orphaned"]) == ("blue", "underline", False)
    [shown] = show(data, document_id)["annotations"]
    assert shown == created
    plain = annotate(data, document_id, "Tehran")
    assert (plain["color"], plain["style"]) == ("yellow", "highlight")


def test_edit_changes_colour_tags_note_and_style(data: Path, document_id: int) -> None:
    created = annotate(data, document_id, "Interceptor stocks", "--tag", "supply", "--note", "old")
    run = cli(
        "annotation", "edit", str(created["id"]), "--color", "pink", "--tag", "Logistics", "--tag", "region/iran",
        "--note", "**new** note", "--underline", "--json", data_dir=data,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    edited = run.json()
    assert edited == {
        **created,
        "color": "pink",
        "tags": ["logistics", "region/iran"],
        "note": "**new** note",
        "style": "underline",
    }
    assert show(data, document_id)["annotations"] == [edited]
    assert search_ids(data, "tag:region") == [created["id"]]
    assert search_ids(data, "tag:supply") == []
    assert search_ids(data, "note:new") == [created["id"]]

    run = cli("annotation", "edit", str(created["id"]), "--no-tags", "--highlight", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"edited #{created['id']} pink highlight")
    [shown] = show(data, document_id)["annotations"]
    assert (shown["tags"], shown["style"], shown["note"], shown["color"]) == ([], "highlight", "**new** note", "pink")
    assert tags(data) == {}


def test_edit_refuses_unknown_ids_empty_edits_and_bad_colours(data: Path, document_id: int) -> None:
    created = annotate(data, document_id, "Baghdad")
    unknown = cli("annotation", "edit", "999", "--color", "green", "--json", data_dir=data)
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert "#999" in unknown.stderr
    nothing = cli("annotation", "edit", str(created["id"]), data_dir=data)
    assert nothing.returncode == 2 and "nothing to change" in nothing.stderr
    purple = cli("annotation", "edit", str(created["id"]), "--color", "purple", data_dir=data)
    assert purple.returncode == 2 and "purple" in purple.stderr
    both = cli("annotation", "edit", str(created["id"]), "--tag", "x", "--no-tags", data_dir=data)
    assert both.returncode == 2
    assert show(data, document_id)["annotations"] == [created]


def test_delete_a_highlight_and_an_unknown_one(data: Path, document_id: int) -> None:
    created = annotate(data, document_id, "Baghdad", "--tag", "region/iraq")
    run = cli("annotation", "delete", str(created["id"]), "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.json() == {"deleted": created["id"]}
    assert show(data, document_id)["annotations"] == []
    assert search_ids(data, "tag:region") == []
    again = cli("annotation", "delete", str(created["id"]), data_dir=data)
    assert (again.returncode, again.stdout) == (1, "")
    assert f"#{created['id']}" in again.stderr


# -- tags --------------------------------------------------------------------------------------------
def test_tags_list_counts_colours_and_descriptions(data: Path, document_id: int) -> None:
    seed(data, document_id, ("Tehran", ["region/iran", "supply"]), ("Moscow", ["region/iran"]))
    run = cli("tags", "set", "region/iran", "--color", "green", "--description", "Iran and its neighbours",
              "--json", data_dir=data)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.json() == {"name": "region/iran", "count": 2, "color": "green", "description": "Iran and its neighbours"}
    listed = cli("tags", "--json", data_dir=data)
    assert listed.returncode == 0
    assert listed.json() == [
        {"name": "region/iran", "count": 2, "color": "green", "description": "Iran and its neighbours"},
        {"name": "supply", "count": 1, "color": "", "description": ""},
    ]
    text = cli("tags", data_dir=data).stdout.splitlines()
    assert text[0].split() == ["region/iran", "2", "green", "Iran", "and", "its", "neighbours"]
    assert text[1].split() == ["supply", "1"]
    assert cli("tags", "set", "supply", "--color", "purple", data_dir=data).returncode == 2
    assert cli("tags", "set", "supply", data_dir=data).returncode == 2


def test_tags_rename_merge_move_and_delete(data: Path, document_id: int) -> None:
    tehran, moscow = seed(
        data, document_id, ("Tehran", ["region/iran", "supply"]), ("Moscow", ["region/russia", "logistics"])
    )

    run = cli("tags", "rename", "region", "area", "--json", data_dir=data)
    assert (run.returncode, run.json()) == (0, {"changed": 2})
    assert set(tags(data)) == {"area/iran", "area/russia", "supply", "logistics"}
    assert search_ids(data, "tag:area") == sorted([tehran, moscow])
    assert search_ids(data, "tag:region") == []

    run = cli("tags", "--json", "merge", "supply", "logistics", data_dir=data)  # --json before the action works too
    assert (run.returncode, run.json()) == (0, {"changed": 1})
    merged = tags(data)
    assert merged["logistics"][0] == 2 and "supply" not in merged

    run = cli("tags", "move", "area/iran", "logistics", data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "moved area/iran under logistics: 1 highlight changed\n"
    run = cli("tags", "move", "logistics/iran", "", "--json", data_dir=data)
    assert (run.returncode, run.json()) == (0, {"changed": 1})
    assert search_ids(data, "tag:iran") == [tehran]

    run = cli("tags", "delete", "area", "--json", data_dir=data)
    assert (run.returncode, run.json()) == (0, {"changed": 1})
    shown = {entry["id"]: entry["tags"] for entry in show(data, document_id)["annotations"]}
    assert shown == {tehran: ["iran", "logistics"], moscow: ["logistics"]}


def test_tag_operations_that_cannot_be_done_fail_and_change_nothing(data: Path, document_id: int) -> None:
    seed(data, document_id, ("Tehran", ["region/iran", "supply"]))
    before = tags(data)
    for args in (
        ("rename", "supply", "region/iran"),  # onto an existing tag: that is a merge
        ("merge", "supply", "nowhere"),
        ("move", "region", "region/iran"),  # inside itself
        ("delete", "nowhere"),
    ):
        run = cli("tags", *args, "--json", data_dir=data)
        assert (run.returncode, run.stdout) == (1, ""), args
        assert run.stderr.startswith("lectern: ") and run.stderr.count("\n") == 1
    assert tags(data) == before


# -- new versions ------------------------------------------------------------------------------------
def test_plain_import_of_a_changed_file_points_to_replace(
    data: Path, article: Path, document_id: int, highlights: dict[str, dict[str, Any]]
) -> None:
    before = show(data, document_id)
    article.write_text(VERSION_2, encoding="utf-8")
    run = cli("import", article, data_dir=data)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"skipped {article}: a newer version of #{document_id} “Gulf supply lines”; use --replace\n"
    run = cli("import", article, "--json", data_dir=data)
    assert run.returncode == 0
    assert run.json() == [{"path": str(article), "newer_version_of": document_id, "title": "Gulf supply lines"}]
    assert show(data, document_id) == before
    with library_in(data) as library:
        assert [summary.id for summary in library.documents.summaries()] == [document_id]


def test_import_replace_reanchors_and_show_reflects_the_new_text(
    data: Path, article: Path, document_id: int, highlights: dict[str, dict[str, Any]]
) -> None:
    article.write_text(VERSION_2, encoding="utf-8")
    run = cli("import", article, "--replace", "--json", data_dir=data)
    assert run.returncode == 0, run.stderr
    orphan_id = highlights["orphaned"]["id"]
    assert run.json() == {
        "path": str(article),
        "document_id": document_id,
        "kept": 1,
        "moved": 1,
        "fuzzy": 1,
        "orphaned": 1,
        "orphans": [orphan_id],
    }
    shown = show(data, document_id)
    text = shown["text"]
    assert "Kestrel" in text and "Damascus" not in text
    by_id = {entry["id"]: entry for entry in shown["annotations"]}
    assert set(by_id) == {entry["id"] for entry in highlights.values()}
    for entry in by_id.values():
        if entry["orphaned"]:
            assert (entry["start"], entry["end"]) == (None, None)
        else:
            assert text[entry["start"] : entry["end"]] == entry["exact"]
    assert [entry["id"] for entry in by_id.values() if entry["orphaned"]] == [orphan_id]
    assert by_id[orphan_id]["exact"] == QUOTES["orphaned"] and by_id[orphan_id]["tags"] == ["status/orphaned"]
    assert by_id[highlights["fuzzy"]["id"]]["exact"] == "watches the deal with growing concern"
    moved = by_id[highlights["moved"]["id"]]
    assert moved["start"] > highlights["moved"]["start"]

    with library_in(data) as library:  # the index serves the new version (brought up to date by the CLI)
        assert library.store.pending_index_count() == 0
        [hit] = library.index.search("tag:status/moved").hits
        assert (hit.start, hit.end) == (moved["start"], moved["end"])
        assert [hit.kind for hit in library.index.search("kestrel").hits] == ["article"]
        assert [hit for hit in library.index.search("damascus").hits if hit.kind == "article"] == []


def test_import_replace_text_output(
    data: Path, article: Path, document_id: int, highlights: dict[str, dict[str, Any]]
) -> None:
    run = cli("import", "--replace", article, data_dir=data)  # the same file again: everything is kept
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"replaced #{document_id} Gulf supply lines: 4 kept, 0 moved, 0 fuzzy, 0 orphaned\n"
    article.write_text(VERSION_2, encoding="utf-8")
    run = cli("import", "--replace", article, data_dir=data)
    assert run.returncode == 0, run.stderr
    orphan_id = highlights["orphaned"]["id"]
    assert run.stdout == (
        f"replaced #{document_id} Gulf supply lines: 1 kept, 1 moved, 1 fuzzy, 1 orphaned; orphans: #{orphan_id}\n"
    )
    shown = cli("show", str(document_id), data_dir=data).stdout
    assert f"#{orphan_id} orphaned yellow [status/orphaned]: {QUOTES['orphaned']}" in shown


def test_import_replace_of_several_paths_lists_new_replaced_and_failed(
    data: Path, article: Path, document_id: int, highlights: dict[str, dict[str, Any]], write_file: WriteFile,
    tmp_path: Path,
) -> None:  # fmt: skip
    article.write_text(VERSION_2, encoding="utf-8")
    fresh = write_file("fresh.md", "# Fresh\n\nSomething else entirely.\n")
    missing = tmp_path / "missing.md"
    run = cli("import", "--replace", "--json", article, missing, fresh, data_dir=data)
    assert run.returncode == 1  # the missing file failed; the others went through
    entries = run.json()
    assert isinstance(entries, list) and len(entries) == 3
    replaced, failed, new = entries  # in the order given
    assert replaced["path"] == str(article) and replaced["document_id"] == document_id
    assert (replaced["kept"], replaced["moved"], replaced["fuzzy"], replaced["orphaned"]) == (1, 1, 1, 1)
    assert "new" not in replaced
    assert new == {
        "path": str(fresh), "document_id": new["document_id"], "kept": 0, "moved": 0, "fuzzy": 0, "orphaned": 0,
        "orphans": [], "new": True,
    }  # fmt: skip
    assert new["document_id"] != document_id
    assert set(failed) == {"path", "error"} and failed["path"] == str(missing)
    with library_in(data) as library:
        assert [summary.title for summary in library.documents.summaries()] == ["Gulf supply lines", "Fresh"]


def test_import_replace_of_a_single_new_file_is_one_object(data: Path, write_file: WriteFile) -> None:
    fresh = write_file("fresh.md", "# Fresh\n\nSomething else entirely.\n")
    run = cli("import", "--replace", "--json", fresh, data_dir=data)
    assert run.returncode == 0, run.stderr
    entry = run.json()
    assert isinstance(entry, dict) and entry["new"] is True and entry["path"] == str(fresh)
    text = cli("import", "--replace", write_file("other.md", "# Other\n\nMore.\n"), data_dir=data)
    assert text.returncode == 0 and text.stdout.startswith("imported #2 Other")
    folder = cli("import", "--replace", "--json", fresh.parent, data_dir=data)  # a folder: always a list
    assert folder.returncode == 0, folder.stderr
    assert [(entry["path"], entry["kept"]) for entry in folder.json()] == [
        (str(fresh), 0),
        (str(fresh.parent / "other.md"), 0),
    ]
