"""Paragraph direction and the article fields the window and the terminal share (no Qt needed)."""

from __future__ import annotations

import pytest

from annotations.models import Document
from ui.article_fields import UnknownLanguage, copy_description, date_problem, language_label, parse_language
from ui.bidi import directions, is_right_to_left


def test_a_paragraph_reads_the_way_most_of_its_letters_do() -> None:
    assert is_right_to_left("قالت وزارة الدفاع إن الأضرار كانت محدودة.") is True
    assert is_right_to_left("פסקה בעברית כאן.") is True
    assert is_right_to_left("NATO: قال مسؤولون في الحلف إن الدفاع الجوي يحتاج إلى رادارات") is True  # Qt: LTR
    assert is_right_to_left("The ministry used the phrase الدفاع الجوي in its statement on Monday.") is False
    assert is_right_to_left("Плохая погода, 2024") is False
    assert is_right_to_left("2024-09-20 — ١٢") is None  # no letters: no direction of its own
    assert is_right_to_left("NATO عربي") is False  # a tie (4 letters each) goes to the first letter
    assert is_right_to_left("عربي NATO") is True


def test_a_paragraph_without_letters_follows_the_one_before() -> None:
    assert directions(["١٢", "الدفاع الجوي", "2024-09-20", "English again", "42"]) == [True, True, True, False, False]
    assert directions(["", "Only English"]) == [False, False]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("fa", "fa"), (" FA ", "fa"), ("Persian", "fa"), ("persian", "fa"), ("Persian (fa)", "fa"), ("pt-BR", "pt"),
     ("la", "la"), ("tlh", "tlh"), ("", ""), ("Not known", ""), ("none", "")],
)  # fmt: skip
def test_a_language_is_read_from_a_code_a_name_or_the_list_entry(typed: str, code: str) -> None:
    assert parse_language(typed) == code


@pytest.mark.parametrize("typed", ["Farsi language", "x", "zz", "english1", "klingon", "ру"])
def test_anything_else_is_refused_with_the_known_codes(typed: str) -> None:
    with pytest.raises(UnknownLanguage) as refused:
        parse_language(typed)
    assert "ar, cs, da" in str(refused.value) and "fa" in str(refused.value)


def test_labels_dates_and_copies_read_as_a_person_writes_them() -> None:
    assert (language_label("fa"), language_label(""), language_label("la")) == ("Persian (fa)", "Not known", "la")
    assert date_problem("2024-09-20") == date_problem("2024") == date_problem("") == ""
    assert "year-month-day" in date_problem("last Tuesday")
    root = _document(12, site="Reuters", published="2024-09-20")
    copy = _document(15, copy_of=12, copy_similarity=0.962)
    assert copy_description(copy, root) == "96 % the same as #12 (Reuters, 2024-09-20)"
    assert copy_description(copy, _document(12)) == "96 % the same as #12"
    assert copy_description(root, None) == ""


def _document(number: int, **fields: object) -> Document:
    values: dict[str, object] = {"byline": "", "source": "", "published": "", "imported_at": "", "format": "html",
                                 "html": "", "text": "", "sha256": ""} | fields  # fmt: skip
    return Document(id=number, uuid=f"u{number}", title=f"Article {number}", **values)  # type: ignore[arg-type]
