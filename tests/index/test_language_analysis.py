"""Text analysis for every language: normalised tokens, their offsets in the stored text, positions, stems."""

from __future__ import annotations

import pytest

from index.language.normalize import normalize_word
from index.language.stemming import stem_term, stem_terms
from index.language.tokens import lowers_plainly, phrase_offsets, tokenize, tokens_of_any_text
from index.schema import ANALYZER


def spans(text: str) -> list[tuple[str, str, int]]:
    """(matching form, the stored characters, position) of every token."""
    return [(token.text, text[token.start : token.end], token.position) for token in tokenize(text)]


def test_each_chinese_character_is_a_token_at_its_offset() -> None:
    text = "一隻貓頭鷹在樹上。"
    assert spans(text) == [(char, char, at) for at, char in enumerate("一隻貓頭鷹在樹上")]


def test_a_gap_in_positions_wherever_something_separates_cjk_characters() -> None:
    """"貓，頭鷹" must not be the phrase 貓頭鷹; "방공 지원" is not "방공지원"."""
    assert [position for _, _, position in spans("貓，頭鷹")] == [0, 2, 3]
    assert [position for _, _, position in spans("방공 지원이")] == [0, 1, 3, 4, 5]
    assert [position for _, _, position in spans("방공지원이")] == [0, 1, 2, 3, 4]
    # between ordinary words there is no gap: "air-defense" is still the phrase "air defense"
    assert [position for _, _, position in spans("air-defense, support")] == [0, 1, 2]
    # beside a CJK character anything between counts, also before a Latin word
    assert [position for _, _, position in spans("戰機 F-16")] == [0, 1, 3, 4]


def test_query_phrases_get_the_same_gaps_from_where_their_words_were() -> None:
    assert phrase_offsets(["방", "공", "지", "원"], [(0, 1), (1, 2), (3, 4), (4, 5)]) == (0, 1, 3, 4)
    assert phrase_offsets(["air", "defense"], [(0, 3), (4, 11)]) == (0, 1)


def test_marks_and_joiners_stay_inside_a_word_and_offsets_cover_them() -> None:
    arabic = "الدِّفاعُ الجوي"
    assert spans(arabic) == [("الدفاع", "الدِّفاعُ", 0), ("الجوي", "الجوي", 1)]
    persian = "می‌خواهم بروم"  # a zero-width non-joiner inside the first word
    assert spans(persian)[0] == ("ميخواهم", "می‌خواهم", 0)
    assert spans("ｶﾞｲﾄﾞ")[0] == ("ガ", "ｶﾞ", 0)  # the half-width voicing mark belongs to its kana


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("الدِّفاعُ", "الدفاع"),  # Arabic diacritics
        ("الـدفاع", "الدفاع"),  # tatweel
        ("كتاب", "کتاب"),  # Arabic and Persian kaf
        ("ايران", "ایران"),  # Arabic and Persian yeh
        ("مدرسة", "مدرسه"),  # teh marbuta
        ("أمن", "امن"),  # alef with hamza
        ("می‌خواهم", "میخواهم"),  # ZWNJ
        ("Straße", "STRASSE"),  # German sharp s
        ("ＡＢＣ１２", "abc12"),  # full-width forms
        ("Αθήνα", "ΑΘΗΝΑ"),  # Greek accents and case
        ("שָׁלוֹם", "שלום"),  # Hebrew points
        ("۲۰۲۴", "2024"),  # Persian digits
        ("ﬁnance", "finance"),  # ligature
        ("оборо́на", "оборона"),  # a Russian stress mark
    ],
)
def test_spellings_a_reader_calls_the_same_match(one: str, other: str) -> None:
    assert normalize_word(one) == normalize_word(other)


def test_normalisation_keeps_letters_that_differ() -> None:
    assert normalize_word("café") != normalize_word("cafe")  # Latin accents are letters of their own
    assert normalize_word("ä") != normalize_word("a")
    assert normalize_word("貓") != normalize_word("猫")  # traditional and simplified stay apart


def test_russian_forms_share_a_stem_in_a_russian_article() -> None:
    forms = ["оборона", "обороны", "обороне", "оборону", "обороной"]
    assert {stem_term(normalize_word(form), "ru") for form in forms} == {"ru:оборон"}
    assert stem_term("оборот", "ru") != "ru:оборон"


def test_ukrainian_forms_share_a_stem_with_lecterns_light_stemmer() -> None:
    forms = ["оборона", "оборони", "обороні", "оборону", "обороною"]
    assert len({stem_term(form, "uk") for form in forms}) == 1


def test_german_and_persian_stems() -> None:
    assert stem_term("sanktionen", "de") == stem_term("sanktion", "de")
    assert stem_term(normalize_word("تحریم‌ها"), "fa") == stem_term(normalize_word("تحريم"), "fa")


def test_a_word_in_another_script_is_stemmed_as_its_scripts_language() -> None:
    """A Latin name in a Russian article is stemmed as English; digits are kept; CJK has no stem."""
    assert stem_term("sanctions", "ru") == "en:sanction"
    assert stem_term("2024", "de") == ":2024"
    assert stem_term("貓", "zh") is None
    assert stem_term("sanctions", "zh") == "en:sanction"


def test_a_query_word_expands_to_one_term_per_language() -> None:
    assert stem_terms("оборона", ["", "en", "ru", "uk"]) == ["ru:оборон", "uk:оборон"]
    assert stem_terms("sanctions", ["", "en", "ru"]) == ["en:sanction"]


def test_whoosh_analyzer_gives_the_same_tokens_and_offsets() -> None:
    text = "Air-defense 貓頭鷹 الدِّفاعُ"
    expected = [(token.text, token.start, token.end, token.position) for token in tokenize(text)]
    found = [
        (token.text, token.startchar, token.endchar, token.pos)
        for token in ANALYZER(text, positions=True, chars=True, mode="index")  # type: ignore[operator]
    ]
    assert found == expected


def test_a_word_that_normalises_to_nothing_is_no_token() -> None:
    """A lone tatweel used as a dash must not stand between two words of a phrase."""
    assert spans("الدفاع ـ الجوي") == [("الدفاع", "الدفاع", 0), ("الجوي", "الجوي", 1)]


def test_the_fast_path_for_plain_text_gives_the_same_tokens() -> None:
    """Most English text is lower-cased in one go; that must be what word-by-word analysis gives."""
    import random

    rng = random.Random(14)
    alphabet = "abcXYZ éÉçñøÅ'’.-_ 0123456789\n\t,;“”—Kоборныالدفاع"
    plain = 0
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
        plain += lowers_plainly(text)
        assert tokenize(text) == list(tokens_of_any_text(text)), text
    assert plain == 400  # every character above lower-cases to its matching form
    assert not lowers_plainly("Straße") and not lowers_plainly("ΑΘΉΝΑ") and not lowers_plainly("a\u0301")
