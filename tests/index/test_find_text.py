"""Find in an article: search's normalisation inside words, offsets always on whole stored characters."""

from __future__ import annotations

import random
import re
import time

import pytest

from index.language.find_text import find_in_text, fold_cluster, folded_text, matching_form
from index.language.normalize import normalize_word
from index.language.scripts import TRAILING_CLASS


def found(text: str, needle: str, **options: bool) -> list[str]:
    return [text[start:end] for start, end in find_in_text(text, needle, **options)]


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("کتابی و كتابي", "کتابی", ["کتابی", "كتابي"]),  # Persian yeh/kaf and Arabic yeh/kaf: one letter
        ("کتابی و كتابي", "كتابي", ["کتابی", "كتابي"]),
        ("مدرسة، مدرسه", "مدرسه", ["مدرسة", "مدرسه"]),  # teh marbuta
        ("أحمد إحمد آحمد احمد", "احمد", ["أحمد", "إحمد", "آحمد", "احمد"]),  # alef forms
        ("كَتَبَ الدرس", "كتب", ["كَتَبَ"]),  # harakat belong to their letters, and are part of the match
        ("كتب الدرس", "كَتَبَ", ["كتب"]),
        ("ـعـــربيـ", "عربي", ["عـــربي"]),  # tatweel inside is covered, at the edges left out
        ("می‌خواهم", "میخواهم", ["می‌خواهم"]),  # ZWNJ
        ("سال ۱۴۰۳ و ١٤٠٣", "1403", ["۱۴۰۳", "١٤٠٣"]),  # Persian and Arabic-Indic digits
        ("ΟΔΟΣ, οδός, οδος", "οδος", ["ΟΔΟΣ", "οδός", "οδος"]),  # Greek accents, case and final sigma
        ("оборо́на и оборона", "оборона", ["оборо́на", "оборона"]),  # Russian stress marks
        ("café, cafe\u0301, CAFÉ", "café", ["café", "cafe\u0301", "CAFÉ"]),  # composed or not: one letter
        ("café", "cafe", []),  # Latin accents are letters of their own, as in search
        ("Straße, STRASSE", "strasse", ["Straße", "STRASSE"]),  # ß = ss
        ("ＡＢＣ abc", "abc", ["ＡＢＣ", "abc"]),  # full-width forms
        ("the ﬁnal ﬁle", "fi", ["ﬁ", "ﬁ"]),  # a ligature is two letters to match, one character to select
        ("the ﬁnal", "final", ["ﬁnal"]),
    ],
)
def test_finds_what_search_would_call_the_same_word(text: str, needle: str, expected: list[str]) -> None:
    assert found(text, needle) == expected


def test_a_match_never_cuts_a_character_in_two() -> None:
    assert found("the ﬁnal", "i") == []  # the i of ﬁ is not a character of the text
    assert found("Straße ist", "s") == ["S", "s"]  # nor is half of ß
    assert found("Straße", "se") == []
    assert found("Straße", "sse") == ["ße"]


def test_match_case_keeps_only_case_apart() -> None:
    text = "Air air AIR ΟΔΟΣ οδός Straße"
    assert found(text, "air", match_case=True) == ["air"]
    assert found(text, "Air", match_case=True) == ["Air"]
    assert found(text, "ΟΔΟΣ", match_case=True) == ["ΟΔΟΣ"]
    assert found(text, "οδος", match_case=True) == ["οδός"]  # accents still folded
    assert found(text, "Strasse", match_case=True) == ["Straße"]
    assert found("کتابی كتابي", "کتابی", match_case=True) == ["کتابی", "كتابي"]  # no case: still one letter


def test_whole_words() -> None:
    text = "air airy fair air-defense (air) AIR"
    assert found(text, "air") == ["air", "air", "air", "air", "air", "AIR"]
    assert find_in_text(text, "air", whole_words=True) == [(0, 3), (14, 17), (27, 30), (32, 35)]
    assert found("می‌خواهم خواهم", "خواهم", whole_words=True) == ["خواهم"]  # a ZWNJ joins the word
    assert found("كَتَبَ", "كتب", whole_words=True) == ["كَتَبَ"]  # marks at its end are in the word
    assert found("air defense", "air def", whole_words=True) == []


def test_cjk_every_character_is_a_word() -> None:
    text = "防空支援は防空の問題"
    assert found(text, "防空") == ["防空", "防空"]
    assert found(text, "防空", whole_words=True) == ["防空", "防空"]
    assert found(text, "支援", whole_words=True) == ["支援"]
    assert found("東京Tower", "東京", whole_words=True) == ["東京"]


def test_nothing_to_find() -> None:
    assert find_in_text("text", "") == []
    assert find_in_text("text", "ـــ") == []  # only tatweel: nothing to match
    assert find_in_text("", "a") == []


def test_non_overlapping_in_order() -> None:
    assert find_in_text("aaaa", "aa") == [(0, 2), (2, 4)]


# -- the bulk folding against the plain definition -------------------------------------------------------
_CLUSTER = re.compile(rf"(?s).[{TRAILING_CLASS}]*")
ALPHABET = list("aAsSeEiIfxy ßﬁİΣσςΟόέ") + [
    "\u0301", "\u0300", "\u064e", "\u0651", "\u0640", "\u200c", "\u00ad",  # marks, tatweel, joiners
    "ی", "ي", "ك", "ک", "ة", "ه", "أ", "ا", "۱", "1", "防", "空", "ｱ", "ﾞ", "Ａ", "-", "\n", "\U00020000",
]  # fmt: skip


def reference(text: str, needle: str, match_case: bool) -> list[tuple[int, int]]:
    """Leftmost non-overlapping runs of whole clusters (a character and its marks) whose folded forms,
    each cluster folded on its own, join to the needle's folded form."""
    wanted = matching_form(needle, match_case)
    clusters = [(m.start(), m.end(), fold_cluster(m.group(), match_case)) for m in _CLUSTER.finditer(text)]
    spans: list[tuple[int, int]] = []
    index = 0
    while wanted and index < len(clusters):
        hit = None
        if clusters[index][2]:
            joined = ""
            for last in range(index, len(clusters)):
                joined += clusters[last][2]
                if not wanted.startswith(joined):
                    break
                if joined == wanted and clusters[last][2]:
                    hit = last
                    break
        if hit is None:
            index += 1
        else:
            spans.append((clusters[index][0], clusters[hit][1]))
            index = hit + 1
    return spans


@pytest.mark.parametrize("match_case", [False, True])
def test_bulk_folding_equals_folding_each_character(match_case: bool) -> None:
    chance = random.Random(15)
    for _ in range(400):
        text = "".join(chance.choice(ALPHABET) for _ in range(chance.randint(0, 40)))
        needle = "".join(chance.choice(ALPHABET) for _ in range(chance.randint(1, 3)))
        if chance.random() < 0.5 and len(text) > 2:  # often a piece of the text itself
            start = chance.randrange(len(text) - 1)
            needle = text[start : start + chance.randint(1, 4)]
        assert find_in_text(text, needle, match_case=match_case) == reference(text, needle, match_case), (
            text,
            needle,
        )


def test_every_match_folds_to_the_needle() -> None:
    chance = random.Random(7)
    text = "".join(chance.choice(ALPHABET) for _ in range(5000))
    for needle in ("a", "se", "ی", "ss", "fi", "σ", "防空", "i\u0307"):
        for start, end in find_in_text(text, needle):
            assert matching_form(text[start:end]) == matching_form(needle)


def test_the_folded_form_is_normalize_word_for_single_words() -> None:
    for word in ("Straße", "ΟΔΟΣ", "كتابي", "می‌خواهم", "ＡＢＣ", "Café", "İstanbul", "оборо́на", "۱۴۰۳"):
        assert matching_form(word) == normalize_word(word)


# -- speed ------------------------------------------------------------------------------------------------
def best_of_three(work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(3):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def test_a_long_article_is_searched_as_fast_as_one_types() -> None:
    """200 KB of English and of Persian: a keystroke costs a few ms once the text is folded (cached)."""
    english = ("How much air defense support can one partner give another? Radars are visible. " * 2500)[:200_000]
    persian = ("کارشناسان دفاع هوایی می‌گویند که پشتیبانی از یک شریک کار ساده‌ای نیست؛ ۱۲۳ سامانه. " * 2500)[:200_000]
    find_in_text(english, "x")
    find_in_text(persian, "x")  # folded once, then cached
    assert best_of_three(lambda: find_in_text(english, "support")) < 0.02  # ~1 ms
    assert best_of_three(lambda: find_in_text(persian, "پشتیبانی")) < 0.02  # ~2 ms
    assert best_of_three(lambda: find_in_text(english, "radars", whole_words=True)) < 0.02
    assert best_of_three(lambda: (folded_text.cache_clear(), find_in_text(persian, "دفاع"))) < 0.15  # ~30 ms
