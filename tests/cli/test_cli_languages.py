"""Every mention in every language, through the command line: CJK substrings, word forms per language,
spelling variants, and ``lang:``. The texts are short original sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli import cli

CHINESE = "一隻貓頭鷹在樹上。貓頭鷹晚上出來。有人說「貓，頭鷹」，那不是貓頭鷹。"
KOREAN = "국방부는 방공 지원이 필요하다고 했다. 방공 지원을 늘린다. 방공지원 예산은 따로 있다."
JAPANESE = "防衛省は防空予算を見直す。ボウクウという読み方もある。"
RUSSIAN = "Министерство пересмотрит бюджет обороны. Об обороне говорили долго. Оборону усилят. Оборона важна."
UKRAINIAN = "Міністерство переглядає бюджет оборони. Про оборону говорили довго. Оборона важлива."
PERSIAN = "تحريم‌ها ادامه دارد و تحریمها سخت‌تر شد. او كتاب را خواند و کتاب دیگری خرید."
ARABIC = "ستراجع الوزارة ميزانية الدِّفاعُ الجوي. الدفاع مهم. وقال الوزير إن الـدفاع أولوية."
GERMAN = "Die Straße war gesperrt. Auf der Strasse standen Soldaten. Die Sanktionen wirken, die Sanktion bleibt."


def mentions(data: Path, query: str) -> list[tuple[int, str]]:
    run = cli("search", "--mentions", "--json", query, data_dir=data)
    assert run.returncode == 0, run.stderr
    return [(entry["document_id"], entry["match"]) for entry in run.json()["mentions"]]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data folder for the module: the searches only read it."""
    return tmp_path_factory.mktemp("languages") / "cli-data"


@pytest.fixture(scope="module")
def library(data: Path) -> dict[str, int]:
    """One article per language, imported through the CLI; name → id."""
    texts = {
        "zh": CHINESE,
        "ko": KOREAN,
        "ja": JAPANESE,
        "ru": RUSSIAN,
        "uk": UKRAINIAN,
        "fa": PERSIAN,
        "ar": ARABIC,
        "de": GERMAN,
    }
    paths = []
    for name, text in texts.items():
        path = data.parent / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    run = cli("import", "--json", *paths, data_dir=data)
    assert run.returncode == 0, run.stderr
    ids = {Path(entry["path"]).stem: int(entry["id"]) for entry in run.json()}
    return ids


def test_chinese_substrings_are_found_quoted_or_not_and_only_unbroken(data: Path, library: dict[str, int]) -> None:
    zh = library["zh"]
    assert mentions(data, "貓頭鷹") == [(zh, "貓頭鷹")] * 3  # not 「貓，頭鷹」: punctuation breaks it
    assert mentions(data, '"貓頭鷹"') == [(zh, "貓頭鷹")] * 3
    assert mentions(data, "頭鷹") == [(zh, "頭鷹")] * 4  # a substring inside a longer run, and after the comma
    assert mentions(data, "貓") == [(zh, "貓")] * 4  # a single character


def test_korean_matches_inside_words_with_particles(data: Path, library: dict[str, int]) -> None:
    ko = library["ko"]
    assert mentions(data, '"방공 지원"') == [(ko, "방공 지원")] * 2  # 지원이, 지원을
    assert mentions(data, "방공지원") == [(ko, "방공지원")]  # written together is another string
    assert mentions(data, "지원") == [(ko, "지원")] * 3


def test_japanese_kana_and_kanji(data: Path, library: dict[str, int]) -> None:
    assert mentions(data, "防空") == [(library["ja"], "防空")]
    assert mentions(data, "ボウクウ") == [(library["ja"], "ボウクウ")]


def test_a_plain_word_finds_its_forms_in_its_articles_language(data: Path, library: dict[str, int]) -> None:
    ru, uk = library["ru"], library["uk"]
    assert mentions(data, "оборона") == [
        (ru, "обороны"),
        (ru, "обороне"),
        (ru, "Оборону"),
        (ru, "Оборона"),
        (uk, "оборони"),
        (uk, "оборону"),
        (uk, "Оборона"),
    ]
    assert mentions(data, '"обороны"') == [(ru, "обороны")]  # quoted stays exact
    assert mentions(data, "lang:ru оборона") == [(ru, "обороны"), (ru, "обороне"), (ru, "Оборону"), (ru, "Оборона")]
    assert mentions(data, "sanktion") == [(library["de"], "Sanktionen"), (library["de"], "Sanktion")]


def test_persian_and_arabic_spelling_variants_match(data: Path, library: dict[str, int]) -> None:
    fa, ar = library["fa"], library["ar"]
    assert mentions(data, '"کتاب"') == [(fa, "كتاب"), (fa, "کتاب")]  # Arabic and Persian kaf
    assert mentions(data, '"الدفاع"') == [(ar, "الدِّفاعُ"), (ar, "الدفاع"), (ar, "الـدفاع")]  # marks, tatweel
    found = mentions(data, '"تحریمها"')  # with and without the zero-width non-joiner, ي and ی
    assert found == [(fa, "تحريم‌ها"), (fa, "تحریمها")]


def test_german_sharp_s_is_ss(data: Path, library: dict[str, int]) -> None:
    assert mentions(data, '"strasse"') == [(library["de"], "Straße"), (library["de"], "Strasse")]


def test_offsets_point_into_the_stored_text(data: Path, library: dict[str, int]) -> None:
    """The reader selects exactly what matched: offsets into the stored text, marks and joiners included."""
    run = cli("search", "--mentions", "--json", '"الدفاع"', data_dir=data)
    shown = cli("show", "--json", str(library["ar"]), data_dir=data).json()
    for entry in run.json()["mentions"]:
        assert shown["text"][entry["start"] : entry["end"]] == entry["match"]


def test_list_gives_each_articles_detected_language(data: Path, library: dict[str, int]) -> None:
    run = cli("list", "--json", data_dir=data)
    languages = {row["id"]: row["language"] for row in run.json()}
    assert {name: languages[document_id] for name, document_id in library.items()} == {
        "zh": "zh",
        "ko": "ko",
        "ja": "ja",
        "ru": "ru",
        "uk": "uk",
        "fa": "fa",
        "ar": "ar",
        "de": "de",
    }
