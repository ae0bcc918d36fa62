"""The oracle of every language itself (``index/brute_force_languages.py``): what it counts, and what not.

The search is held to this scan in every language (test_truth_languages, benchmarks/search_truth.py),
so the scan is checked here on hand-written text whose answer is known. The first tests read with a
plain case fold, so they check the reading into CJK characters, words and gaps on its own; the later
ones use the index's normalisation and stemmer, as the comparison does.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from index.brute_force import PHRASES, brute_force_spans, generate_articles
from index.brute_force_languages import (
    CJK,
    GAP,
    WORD,
    Corpus,
    generate_language_articles,
    is_cjk,
    mentions_in_text,
    query_units,
    read_units,
    unit_spans,
)
from index.brute_force_texts import LANGUAGE_SETS, Query


def fold(word: str) -> str:
    """A stand-in normalisation: compatibility forms, case and the invisible joiners."""
    folded = unicodedata.normalize("NFKC", word).casefold()
    return "".join(char for char in folded if char not in "\u200c\u200d\u00ad\u2060\ufeff")


def found(text: str, words: str) -> list[str]:
    """What a quoted ``words`` finds in ``text``, read with a plain case fold."""
    return [text[start:end] for start, end in unit_spans(read_units(text, fold), query_units(words, fold))]


def spans(text: str, words: str) -> list[tuple[int, int]]:
    return unit_spans(read_units(text, fold), query_units(words, fold))


def test_cjk_letters_are_told_from_their_punctuation() -> None:
    assert all(is_cjk(char) for char in "貓한あアｱ々〇")
    assert not any(is_cjk(char) for char in "・、。，「」゠ a1")


def test_a_text_is_read_as_cjk_characters_words_and_gaps() -> None:
    units = read_units("ＳＡＭ１２型, l'air-defense", fold)
    assert [(unit.kind, unit.key) for unit in units] == [
        (WORD, "sam12"),
        (CJK, "型"),
        (GAP, " "),
        (WORD, "l'air"),
        (GAP, " "),
        (WORD, "defense"),
    ]
    assert [(unit.start, unit.end) for unit in units] == [(0, 5), (5, 6), (6, 8), (8, 13), (13, 14), (14, 21)]


def test_a_cjk_query_is_found_inside_longer_runs_character_by_character() -> None:
    assert spans("一隻貓頭鷹在樹上", "貓頭鷹") == [(2, 5)]
    assert found("老鷹和貓頭鷹", "鷹") == ["鷹", "鷹"]
    assert spans("哈哈哈", "哈哈") == [(0, 2)]  # as a find-next: none overlaps the one before
    assert spans("哈哈哈哈 哈哈", "哈哈") == [(0, 2), (2, 4), (5, 7)]
    assert found("貓頭", "貓頭鷹") == []


def test_punctuation_breaks_a_cjk_phrase_into_one_gap() -> None:
    assert found("防、空两个字", "防空") == []
    assert found("防、空两个字 防 空 防空", "防 空") == ["防、空", "防 空"]
    assert found("輸出・管理", "輸出管理") == [] and found("輸出・管理", "輸出 管理") == ["輸出・管理"]


def test_korean_nouns_are_found_before_their_particles() -> None:
    text = "방공 지원이 부족하고 방공 지원을 늘리며 방공 지원은 계속되나 방공지원은 아니다"
    assert found(text, "방공 지원") == ["방공 지원"] * 3
    assert found(text, "지원") == ["지원"] * 4


def test_a_span_holds_what_belongs_to_its_last_character_marks_and_joiners() -> None:
    assert found("供\u2060应\u200d链的韧性", "供应链") == ["供\u2060应\u200d链"]
    assert spans("防空\u2060系统", "防空") == [(0, 3)]
    assert found("می\u200c خواهم", "می") == ["می\u200c"]  # as a word holds its trailing ZWNJ
    assert found("供应\u200b链", "供应链") == [] and found("供应\u200b链", "供应 链") == ["供应\u200b链"]  # a space
    assert found("サフ\u309aライチェーン", "サプライ") == ["サフ\u309aライ"]
    assert found("古いｻﾌﾟﾗｲﾁｪｰﾝの表記", "サプライチェーン") == ["ｻﾌﾟﾗｲﾁｪｰﾝ"]


def test_latin_words_in_cjk_text_are_whole_words() -> None:
    assert found("ＨＱ－９防空导弹与HQ-9相同，但hq9不同", "HQ-9") == ["ＨＱ－９", "HQ-9"]
    assert found("ＨＱ－９防空导弹", "hq-9防空") == ["ＨＱ－９防空"]
    assert found("xabc12型 abc12型", "abc12型") == ["abc12型"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("air defense support", 1),
        ("AIR-DEFENSE\nSUPPORT", 1),
        ("air — defense, support", 1),
        ("air defense supports", 0),
        ("air defense support's", 0),
        ("air.defense support", 0),
        ("l'air defense support", 0),
        ("air防defense support", 0),  # a CJK character between two words is no gap
    ],
)
def test_phrases_of_words_follow_the_english_oracle(text: str, expected: int) -> None:
    assert len(found(text, "air defense support")) == expected


def test_on_english_text_it_agrees_with_the_english_oracle(tmp_path: Path) -> None:
    texts = [path.read_text(encoding="utf-8") for path in generate_articles(tmp_path, 6)]
    for phrase in PHRASES:
        for text in texts:
            assert mentions_in_text(text, "en", Query(phrase, quoted=True)) == brute_force_spans(text, phrase), phrase


def test_the_index_normalisation_makes_the_issues_variants_equal() -> None:
    def count(text: str, words: str, language: str) -> int:
        return len(mentions_in_text(text, language, Query(words, quoted=True)))

    assert count("می\u200cخواهم میخواهم مي\u200cخواهم می خواهم", "می\u200cخواهم", "fa") == 3
    assert count("کمک نظامی و كمك نظامي", "کمک نظامی", "fa") == 2
    assert count("الدفاع الدِّفاعُ الدفـــاع والدفاع الدفاعية", "الدفاع", "ar") == 3
    assert count("سلسلة التوريد و سلسله التوريد", "سلسلة التوريد", "ar") == 2
    assert count("Maßnahmen Massnahmen MASSNAHMEN MA\u1e9eNAHMEN Maßnahme", "maßnahmen", "de") == 4
    assert count("ＡＢＣ１２ ABC12 abc12x", "abc12", "zh") == 2


def test_a_plain_word_finds_the_forms_its_stemmer_gives_in_the_articles_language() -> None:
    text = "Оборона обороны обороне оборону обороной. Обороноспособность и обороноспособности."
    forms = [text[start:end] for start, end in mentions_in_text(text, "ru", Query("оборона", quoted=False))]
    assert forms == ["Оборона", "обороны", "обороне", "оборону", "обороной"]
    assert mentions_in_text(text, "ru", Query("оборона", quoted=True)) == [(0, 7)]


def test_corpus_lists_mentions_by_article() -> None:
    corpus = Corpus.read([(1, "zh", "貓頭鷹和貓頭鷹"), (2, "ja", "猫"), (3, "ru", "Санкции и санкций")])
    assert corpus.expected(Query("貓頭鷹", quoted=False)) == {(1, 0, 3), (1, 4, 7)}
    assert corpus.expected(Query("санкции", quoted=False)) == {(3, 0, 7), (3, 10, 17)}


def test_generated_articles_are_repeatable_and_every_query_has_mentions(tmp_path: Path) -> None:
    for language in LANGUAGE_SETS:
        first, second = tmp_path / f"{language.code}-a", tmp_path / f"{language.code}-b"
        first.mkdir()
        second.mkdir()
        paths = generate_language_articles(language, first, len(language.planted))
        generate_language_articles(language, second, len(language.planted))
        texts = [path.read_text(encoding="utf-8") for path in paths]
        assert texts == [(second / path.name).read_text(encoding="utf-8") for path in paths]
        corpus = "\n".join(texts)
        assert all(sentence in corpus for sentence in language.planted), language.name
        for query in language.queries:
            assert mentions_in_text(corpus, language.code, query), (language.name, query)
