"""Queries for the one search box: valid-looking queries with hostile parts, and mutated valid queries."""

from __future__ import annotations

import random

from fuzzing.hostile import WORDS, hostile_piece

FIELDS = ("title", "doc", "article", "tag", "tags", "color", "colour", "author", "byline", "published", "date",
          "year", "created", "kind", "note", "content", "stem", "nosuchfield", "", "TITLE")  # fmt: skip
DATES = ("2024", "2024-05", "2024-05-06", "yesterday", "today", "-1y", "99999", "0", "-5", "2024-13-45", "[2020 to 2024]",
         "[2024 to]", "[to 2020]", "{2020 to 2024}", "[2024 TO 2020]", ">2020", "<=2024-01", "1e308", "soon", "[", "]",
         "[ to ]", "99999999999999999999", "2024-02-30", "'last week'", "(2024)")  # fmt: skip
OPERATORS = ("AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "and", "or", "not", "&&", "||", "!")
VALID = ('sanctions', '"radar network"', "title:air", "tag:region/north", "color:yellow", "published:2024",
         "sanction* OR radar", "-coast +battery", "radr~", '"new battery"~2', "(radar OR coast) AND NOT winter",
         "author:haddad", "year:>2020", "kind:highlight", "北京", "العربية")  # fmt: skip


def _term(rng: random.Random) -> str:
    kind = rng.random()
    word = rng.choice(WORDS)
    if kind < 0.25:
        return word
    if kind < 0.35:
        return f'"{" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))}"' + rng.choice(("", "~2", "~99999", "~-1", "^3", ""))
    if kind < 0.5:
        field = rng.choice(FIELDS)
        value = rng.choice(DATES) if field in ("published", "date", "year", "created") else rng.choice((word, hostile_piece(rng), "*", "?", "[a to b]", '"x y"', ""))
        return f"{field}:{value}"
    if kind < 0.6:
        return word + rng.choice(("~", "~1", "~2", "~5", "~999", "~0", "~-3", "~1.5", "~2/3", "~2/99", "~/", "~~"))
    if kind < 0.7:
        return rng.choice(("*", "?", "*a*b*c*d*e*", "?" * 20, "s*", "*s", word[:2] + "*" + word[3:] + "*", "**", "*?*?*?"))
    if kind < 0.8:
        return word + rng.choice(("^", "^2", "^1e308", "^-1", "^0", "^NaN", "^99999999999999999999"))
    if kind < 0.9:
        return rng.choice(("[a TO z]", "{a TO}", "[TO]", "[", "]", "{", "}", "[a TO b", ">", "<", ">=", "<=x", ">sanctions"))
    return hostile_piece(rng)


def _structured(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 8)):
        term = _term(rng)
        if rng.random() < 0.2:
            term = rng.choice(("-", "+", "NOT ", "(")) + term + rng.choice(("", ")", ""))
        parts.append(term)
        if rng.random() < 0.3:
            parts.append(rng.choice(OPERATORS))
    return " ".join(parts)


def _extreme(rng: random.Random) -> str:
    depth = rng.choice((50, 500, 5_000))
    return rng.choice((
        "(" * depth + "radar" + ")" * depth,
        "(" * depth + "radar",
        "radar" + ")" * depth,
        " OR ".join(rng.choice(WORDS) for _ in range(rng.choice((100, 1_000, 3_000)))),
        " AND ".join(f"{w}~2" for w in rng.choices(WORDS, k=rng.choice((20, 200)))),
        " ".join(f"{w[:2]}*" for w in rng.choices(WORDS, k=200)),
        '"' + " ".join(rng.choices(WORDS, k=rng.choice((100, 1_000)))) + '"',
        '"' * rng.choice((1, 3, 999)),
        "NOT " * depth + "radar",
        "-" * depth + "radar",
        "a" * rng.choice((1_000, 10_000, 100_000)),
        "sanctions~" + "9" * 50,
        "tag:" + "a/" * 1_000,
        "published:[" + "2024 to " * 100 + "]",
        "title:" * depth + "x",
        "\x00" * 100,
        " " * 10_000,
        "",
        "\ud800radar",
    ))  # fmt: skip


def _mutated(rng: random.Random) -> str:
    chars = list(rng.choice(VALID))
    for _ in range(rng.randint(1, 6)):
        action = rng.random()
        at = rng.randint(0, len(chars))
        if action < 0.4:
            chars.insert(at, rng.choice('()[]{}"*?~^:+-!\\/ ' + "\x00\u202e\ud800"))
        elif action < 0.7 and chars:
            del chars[min(at, len(chars) - 1)]
        elif chars:
            chars[min(at, len(chars) - 1)] = chr(rng.randrange(0x20, 0x3000))
    return "".join(chars)


def query_input(rng: random.Random) -> tuple[str, str]:
    """(query, label)."""
    kind = rng.random()
    if kind < 0.5:
        return _structured(rng), "query: structured"
    if kind < 0.7:
        return _extreme(rng), "query: extreme"
    return _mutated(rng), "query: mutated valid query"
