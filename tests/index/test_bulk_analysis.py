"""Postings worked out by import workers reach the index as typed values, and index exactly as plain text does."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotations.importers import parallel
from annotations.importers.parallel import MIN_FILES_FOR_PROCESSES, ParseResult, parse_files
from annotations.store import Store
from index.bulk_analysis import AnalyzedFile, TextAnalysis, analyze, parse_and_analyze
from index.keeper import IndexKeeper
from index.schema import AnalyzedTextField, PrecomputedText, analyze_text, analyzed, make_schema

TEXTS = [
    "Air defense support — AIR-DEFENSE support; U.S. aid isn't air defense.",
    "Ünïcödé İstanbul ΣΊΣΥΦΟΣ straße ǅemal ﬁnance 2024-05-17 don’t sanctions sanctioned sanctioning",
    "word " * 50,
    "   \n\t  ",
]


def _articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"article-{number:03d}.md"
        path.write_text(
            f"# Article {number}\n\nThe ministry discussed air defense support, item {number}.\n\n"
            f"Sanctions were sanctioned; sanctioning continues. {TEXTS[number % len(TEXTS)]}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def test_the_fields_index_precomputed_text_exactly_as_the_text_itself() -> None:
    schema = make_schema()
    for fieldname in ("content", "stem"):
        field = schema[fieldname]
        assert isinstance(field, AnalyzedTextField)
        for text in TEXTS:
            precomputed = PrecomputedText(text, *analyze_text(text))
            assert sorted(field.index(precomputed)) == sorted(field.index(text)), (fieldname, text)
    # the postings given are the postings filed: the text is not analysed again
    made_up = PrecomputedText("air defense", [("made", 1, 1.0, b"up")], [("stems", 2, 2.0, b"too")])
    assert list(schema["content"].index(made_up)) == [(b"made", 1, 1.0, b"up")]
    assert list(schema["stem"].index(made_up)) == [(b"stems", 2, 2.0, b"too")]


def test_a_precomputed_text_is_never_stored_nor_used_beyond_the_postings() -> None:
    """Whoosh's writer stores a field's value, puts it in a column or reads its spelling only when the
    field asks for it; the fields that take a PrecomputedText ask for none of it."""
    schema = make_schema()
    for name, field in schema.items():
        if isinstance(field, AnalyzedTextField):
            assert not field.stored and field.column_type is None, name
            assert not field.separate_spelling() and not field.vector, name


def _postings(keeper: IndexKeeper) -> Iterator[tuple[object, ...]]:
    """Every posting of the ``content`` and ``stem`` fields, and each document's lengths of them."""
    with keeper.index.reader() as reader:
        yield from (posting for posting in reader.iter_postings() if posting[0] in ("content", "stem"))
        for docnum in range(reader.doc_count_all()):
            yield tuple(reader.doc_field_length(docnum, name) for name in ("content", "stem"))


def test_an_index_fed_analyses_from_the_import_workers_equals_one_that_analysed_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _articles(tmp_path / "incoming", MIN_FILES_FOR_PROCESSES + 4)
    analysed = list(parse_files(paths, workers=2, worker=parse_and_analyze, failed=AnalyzedFile))  # in processes
    assert all(type(item) is AnalyzedFile and item.analysis is not None for item in analysed)

    indexed: list[object] = []
    index = AnalyzedTextField.index

    workers_postings = {id(item.analysis.postings) for item in analysed if item.analysis is not None}

    def spy(self: AnalyzedTextField, value: object, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        # True when the value carries an import worker's postings, False when the keeper analysed the text
        indexed.append(isinstance(value, PrecomputedText) and id(value.postings) in workers_postings)
        return index(self, value, **kwargs)

    monkeypatch.setattr(AnalyzedTextField, "index", spy)
    postings = {}
    for name, remember in (("fed", True), ("plain", False)):
        store = Store(tmp_path / f"{name}.sqlite3")
        keeper = IndexKeeper(store, tmp_path / f"{name}-index")
        for item in analysed:
            assert item.result.parsed is not None
            document = store.add_document(item.result.parsed)
            if remember and item.analysis is not None:
                keeper.remember_analysis(document.id, item.analysis)
        indexed.clear()
        keeper.drain()
        kinds = set(indexed)
        assert kinds == {remember}  # content and stem of every article
        postings[name] = list(_postings(keeper))
        keeper._segment_readers.close()
    assert len(postings["fed"]) > 200
    assert postings["fed"] == postings["plain"]


def test_an_analysis_of_another_text_is_not_used(tmp_path: Path) -> None:
    store = Store(tmp_path / "lectern.sqlite3")
    keeper = IndexKeeper(store, tmp_path / "index")
    (path,) = _articles(tmp_path / "incoming", 1)
    item = parse_and_analyze(path)
    assert item.result.parsed is not None and item.analysis is not None
    document = store.add_document(item.result.parsed)
    keeper.remember_analysis(document.id, item.analysis)
    language = document.language
    assert keeper._content_of(document.id, document.text, language) == PrecomputedText(
        document.text, item.analysis.postings, item.analysis.stem_postings
    )
    own = analyzed(document.text, language)
    keeper.remember_analysis(document.id, analyze("Something else entirely.", language))
    assert keeper._content_of(document.id, document.text, language) == own
    keeper.remember_analysis(document.id, analyze(document.text, "de"))  # the same text in another language
    assert keeper._content_of(document.id, document.text, language) == own
    keeper.remember_analysis(document.id, TextAnalysis(0, [], []))
    assert keeper._content_of(document.id, "", language) == analyzed("", language)


def test_a_file_a_worker_never_finished_is_reported_through_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (path,) = _articles(tmp_path / "incoming", 1)
    monkeypatch.setattr(parallel, "WORKER_SECONDS_PER_FILE", 1)
    previous = signal.signal(signal.SIGALRM, parallel._on_alarm)  # what each worker process installs
    try:
        reported = parallel._parse_in_worker(path, _stuck, AnalyzedFile)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert reported == AnalyzedFile(ParseResult(path, error=f"{path.name}: took longer than 1 s to read; skipped"))


def _stuck(path: Path) -> AnalyzedFile:
    time.sleep(30)
    raise AssertionError("never reached")


def test_a_worker_without_its_failed_companion_is_refused(tmp_path: Path) -> None:
    paths = _articles(tmp_path / "incoming", 2)
    with pytest.raises(TypeError, match="failed="):
        parse_files(paths, worker=parse_and_analyze)  # type: ignore[call-overload]
    assert [result.path for result in parse_files(paths, workers=1)] == paths  # parse_one needs none
    assert [
        item.result.path for item in parse_files(paths, workers=1, worker=parse_and_analyze, failed=AnalyzedFile)
    ] == paths
