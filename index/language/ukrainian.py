"""A light stemmer for Ukrainian (Snowball has none): the longest inflectional ending is taken off.

Ukrainian nouns, adjectives and verbs inflect by endings; removing the longest one that leaves at least
three letters brings "оборона", "оборони", "обороні", "оборону", "обороною" to one stem. Light by design:
it never touches the root, so unrelated words do not run together.
"""

from __future__ import annotations

_REFLEXIVE = ("ся", "сь")
_ENDINGS = sorted(
    {
        # nouns
        "а", "я", "о", "е", "є", "і", "ї", "у", "ю", "и", "ь", "ом", "ем", "єм", "ою", "ею", "єю", "ам", "ям",
        "ами", "ями", "ах", "ях", "ів", "їв", "ей", "ові", "еві", "єві", "ої", "ій", "ії", "ія", "ію", "іями", "іях", "ією",
        "іям", "ість", "ості", "істю",
        # adjectives and participles
        "ий", "ого", "ому", "ім", "им", "ими", "іми", "их", "іх", "ая", "яя", "ее", "ього", "ьому", "ьої",
        # verbs
        "ати", "ити", "іти", "ути", "яти", "ють", "ять", "ать", "уть", "ить", "еш", "єш", "иш",
        "ете", "єте", "ите", "емо", "ємо", "имо", "ав", "ала", "али", "ало", "ив", "ила", "или", "ило", "ував",
        "увала", "ували", "ують", "ую", "ує", "уєш", "уємо", "уєте", "увати", "ювати", "юють", "юю", "ює",
    },
    key=len,
    reverse=True,
)
_MIN_STEM = 3


def stem(word: str) -> str:
    """The stem of a lower-case Ukrainian word."""
    for reflexive in _REFLEXIVE:
        if word.endswith(reflexive) and len(word) - len(reflexive) >= _MIN_STEM:
            word = word[: -len(reflexive)]
            break
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word
