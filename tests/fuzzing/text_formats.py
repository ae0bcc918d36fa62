"""HTML, Markdown and plain-text inputs: valid-looking documents with one hostile part, or mutated seeds."""

from __future__ import annotations

import codecs
import html
import json
import random

from fuzzing.common import Generated, Variant, pick
from fuzzing.hostile import WORDS, encode, hostile_piece, hostile_text, long_run, sentence


# -- HTML -------------------------------------------------------------------------------------------------------
def _page(rng: random.Random, *, title: str = "", body: str = "", head: str = "", charset: str = "utf-8") -> str:
    title = title or sentence(rng, 5)
    body = body or "".join(f"<p>{sentence(rng)}</p>" for _ in range(rng.randint(3, 8)))
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{title}</title>"
        f'<meta property="og:title" content="{title}"><meta name="author" content="Ilse Berg">'
        f'<meta property="article:published_time" content="2024-05-06">{head}</head>'
        f"<body><header><nav><a href='/'>Home</a></nav></header><article><h1>{title}</h1>{body}</article>"
        "<footer>© 2024</footer></body></html>"
    )


def html_seed(rng: random.Random) -> bytes:
    body = (
        f"<p>{sentence(rng)} <a href='https://example.org/a'>link</a> <em>{rng.choice(WORDS)}</em></p>"
        f"<h2>{sentence(rng, 3)}</h2><ul><li>{sentence(rng, 4)}</li><li>{sentence(rng, 5)}</li></ul>"
        f"<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>{rng.choice(WORDS)}</td></tr></table>"
        f"<blockquote>{sentence(rng)}</blockquote><p>{sentence(rng)}</p>"
    )
    return _page(rng, body=body).encode()


def _html_deep(rng: random.Random) -> bytes:
    depth = rng.choice((500, 5_000, 50_000, 200_000))
    tag = rng.choice(("div", "span", "b", "ul><li", "table><tr><td", "blockquote", "section", "a href='#'"))
    close = "</" + "></".join(reversed([part.split()[0] for part in tag.split("><")])) + ">"
    closing = close * depth if rng.random() < 0.5 else ""
    return _page(rng, body=f"<{tag}>" * depth + sentence(rng) + closing).encode()


def _html_attribute(rng: random.Random) -> bytes:
    size = rng.choice((10_000, 100_000, 1_000_000, 5_000_000))
    attribute = rng.choice(("title", "href", "class", "style", "alt", "data-x", "id"))
    value = rng.choice(("x", "\u202e", "&quot;", " ", "\x00")) * (size // 2)
    many = "".join(f' a{number}="{number}"' for number in range(rng.choice((0, 50_000))))
    body = f'<p {attribute}="{value}"{many}>{sentence(rng)}</p><img src="data:," alt="{value[:1000]}"><p>{sentence(rng)}</p>'
    return encode(_page(rng, body=body))


def _html_many(rng: random.Random) -> bytes:
    count = rng.choice((2_000, 20_000, 200_000))
    unit = rng.choice(("<p>w</p>", "<br>", "<li>x", "<span>a</span>", "<td>", "<h1>h</h1>", "<img>", "<a href=x>x</a>"))
    return _page(rng, body=unit * count).encode()


def _html_charset(rng: random.Random) -> bytes:
    charset = rng.choice(("utf-7", "x-unknown", "utf-16", "utf-32", "", " ", "ebcdic-cp-us", "cp037", "rot13", "zlib"))
    text = "Café déjà vu — naïve façade. " + hostile_text(rng, 1)
    page = _page(rng, title="Résumé", body=f"<p>{text}</p>", charset=charset)
    return page.encode(rng.choice(("cp1252", "latin-1", "utf-8")), "replace")


def _html_bom(rng: random.Random) -> bytes:
    page = _page(rng, body=f"<p>{hostile_text(rng)}</p>")
    bom, encoding = rng.choice(
        ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-8"), (codecs.BOM_UTF32_BE, "utf-16-be"))
    )  # fmt: skip
    data = bom + page.encode(encoding, "surrogatepass")
    return data[: -rng.randint(0, 3)] if rng.random() < 0.5 else data


def _html_hostile_text(rng: random.Random) -> bytes:
    title = hostile_text(rng, 3, 3)
    body = "".join(f"<p>{hostile_text(rng)}</p>" for _ in range(rng.randint(2, 6)))
    entities = "".join(rng.choice(("&#0;", "&#xD800;", "&#1114112;", "&#99999999999;", "&#x202E;", "&nbsp", "&", "&#")) for _ in range(50))
    return encode(_page(rng, title=title, body=body + f"<p>{entities}</p>"))


def _deep_json(rng: random.Random) -> str:
    depth = rng.choice((100, 1_000, 100_000))
    return "[" * depth + "1" + "]" * rng.choice((depth, 0))


def _html_json_ld(rng: random.Random) -> bytes:
    wrong = rng.choice((
        {"@type": "NewsArticle", "headline": {"a": [1, 2]}, "author": 5, "datePublished": ["x"]},
        {"@type": ["Article", None], "author": [{"name": None}, "x" * 100_000], "datePublished": "99999-99-99"},
        {"@graph": [{"@type": "Article", "headline": hostile_text(rng)}] * 1000},
        {"@type": "Article", "datePublished": 1e308, "author": {"name": {"name": {"name": []}}}},
        [None, 1, "x", {"@type": 7}],
    ))  # fmt: skip
    script = json.dumps(wrong) if rng.random() < 0.6 else _deep_json(rng)
    return encode(_page(rng, head=f'<script type="application/ld+json">{script}</script>'))


def _html_meta(rng: random.Random) -> bytes:
    value = rng.choice((hostile_text(rng), "99999-99-99", "-1", "0000-00-00T25:61", "x" * 200_000, "", "1e308"))
    names = ("og:title", "author", "article:published_time", "og:site_name", "date", "citation_title", "dc.date")
    repeat = rng.choice((1, 2000)) if len(value) < 1000 else 1  # thousands of tags, or one enormous value
    metas = "".join(f'<meta property="{name}" content="{html.escape(value)}">' for name in names) * repeat
    return encode(_page(rng, title=value[:5000], head=metas))


def _html_hidden(rng: random.Random) -> bytes:
    parts = (
        "<script>document.write('x')</script>", "<style>p{display:none}</style>", "<iframe src='file:///etc/passwd'>",
        "<svg><script>alert(1)</script><foreignObject><p>svg text</p></foreignObject></svg>", "<math><mi>x</mi></math>",
        "<template><p>template</p></template>", "<noscript><p>no script</p></noscript>",
        "<p style='display:none'>hidden</p>", "<p style='font-size:0'>tiny</p>", "<p hidden>hidden attr</p>",
        "<object data='x.swf'></object>", "<base href='javascript:alert(1)//'>", "<form action='javascript:x'><input></form>",
    )  # fmt: skip
    body = "".join(rng.choice(parts) + f"<p>{sentence(rng)}</p>" for _ in range(rng.randint(3, 30)))
    return _page(rng, body=body).encode()


def _html_links(rng: random.Random) -> bytes:
    hrefs = (
        "javascript:alert(1)", "http:\\\\host\\share", "https:file:///etc/passwd", "data:text/html,<script>",
        "https://" + "a" * 100_000 + ".org", "mailto:" + "x" * 5000, "http://[::1", "https://exa mple.org/\x00",
        "https://example.org/\u202egnp.exe", "//evil.example", "vbscript:msgbox", " javascript:alert(1)",
    )  # fmt: skip
    body = "".join(f"<p><a href='{rng.choice(hrefs)}'>{sentence(rng, 3)}</a></p>" for _ in range(rng.randint(1, 20)))
    return encode(_page(rng, body=body))


def _html_broken(rng: random.Random) -> bytes:
    pieces = ("<!--", "<![CDATA[", "</", "<", "<p", "<p class=", "'", '"', "&", "<?xml ?>", "<!DOCTYPE", "]]>", "-->", "</html>", "<html>", "<body>", "<head>")  # fmt: skip
    body = "".join(rng.choice(pieces) + rng.choice(WORDS) for _ in range(rng.randint(10, 20_000)))
    return encode(_page(rng, body=body) if rng.random() < 0.5 else body)


def _html_long(rng: random.Random) -> bytes:
    return encode(_page(rng, body=long_run(rng)) if rng.random() < 0.7 else long_run(rng))


def _html_empty(rng: random.Random) -> bytes:
    return rng.choice((b" ", b"\n\n", b"<html></html>", b"<!-- -->", b"<html><body></body></html>", b"<p></p>" * 100, b"\xef\xbb\xbf"))


HTML_VARIANTS: dict[str, Variant] = {
    "html: deep nesting": _html_deep,
    "html: enormous attribute": _html_attribute,
    "html: many elements": _html_many,
    "html: bad charset": _html_charset,
    "html: byte-order marks": _html_bom,
    "html: hostile text": _html_hostile_text,
    "html: hostile JSON-LD": _html_json_ld,
    "html: hostile meta": _html_meta,
    "html: scripts and hidden text": _html_hidden,
    "html: hostile links": _html_links,
    "html: broken markup": _html_broken,
    "html: long run": _html_long,
    "html: empty": _html_empty,
}


def html_input(rng: random.Random) -> Generated:
    return pick(rng, ".html", HTML_VARIANTS, html_seed)


# -- Markdown ---------------------------------------------------------------------------------------------------
def _front(fields: str) -> str:
    return f"---\n{fields}\n---\n"


def markdown_seed(rng: random.Random) -> bytes:
    text = (
        _front(f"title: {sentence(rng, 4)}\nauthor: Leila Haddad\ndate: 2024-03-01\nsource: https://example.org/x")
        + f"# {sentence(rng, 3)}\n\n{sentence(rng)} *{rng.choice(WORDS)}* and **{rng.choice(WORDS)}**.\n\n"
        + f"- {sentence(rng, 4)}\n- {sentence(rng, 4)}\n\n| A | B |\n|---|---|\n| 1 | {rng.choice(WORDS)} |\n\n"
        + f"> {sentence(rng)}\n\nA footnote[^1] and a [link](https://example.org).\n\n[^1]: {sentence(rng, 5)}\n"
    )
    return text.encode()


def _md_front_matter(rng: random.Random) -> bytes:
    laughs = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]\n" for n in range(rng.choice((4, 8)))
    )
    fields = rng.choice((
        laughs + "title: bomb",
        "title: !!python/object/apply:os.system ['echo pwned']",
        "title: [a, [b, [c, {d: e}]]]\nauthor: {name: {name: x}}",
        "title: " + "[" * 5000,
        "date: 99999-99-99\ntitle: x",
        "date: 2024-02-30\npublished: 1e999999",
        "title: 1e999999\nauthor: 18446744073709551616",
        f"title: {json.dumps(hostile_text(rng))}",
        "title: a\ntitle: b\ntitle: c",
        "\ttitle:\tx",
        "title: " + "x" * 70_000,
        "- a list\n- not a mapping",
        "title: *undefined_alias",
        "? [complex, key]\n: value",
        "source: javascript:alert(1)\ntitle: js",
        "title: <img src=file:///etc/passwd>",
        "tags: " + ",".join(["a/"] * 2000),
    ))  # fmt: skip
    body = f"{sentence(rng)}\n"
    if rng.random() < 0.2:
        return encode("\ufeff---\n" + fields + "\n" + body)  # never closed
    return encode(_front(fields) + body)


def _md_flood(rng: random.Random) -> bytes:
    unit = rng.choice(("[", "]", "*", "_", "`", "<", ">", "(", "[a](", "![", "**_", "\\", "|", "#", "- ", "1. ", "&", "~", "=", "[^", "{:", "<!--", "```"))  # fmt: skip
    count = rng.choice((1_000, 5_000, 20_000))
    flood = unit * count if rng.random() < 0.7 else (unit + rng.choice(WORDS) + " ") * (count // 4)
    return encode(_front("title: flood") + flood + "\n")


def _md_nesting(rng: random.Random) -> bytes:
    depth = rng.choice((100, 1_000, 10_000))
    shape = rng.choice(("quote", "list", "mixed"))
    depth = depth if shape == "quote" else min(depth, rng.choice((50, 200, 2_000)))
    if shape == "quote":
        body = ">" * depth + " deep\n"
    elif shape == "list":
        body = "".join("    " * level + f"- item {level}\n" for level in range(depth))
    else:
        body = "".join(("> " * level) + ("- " * (level % 7)) + "x\n" for level in range(min(depth, 500)))
    return encode(_front("title: nesting") + body)


def _md_structures(rng: random.Random) -> bytes:
    n = rng.choice((200, 2_000, 20_000))  # most stay small: the biggest cost seconds each, and say the same
    body = rng.choice((
        "|" + "a|" * (n // 10) + "\n|" + "---|" * (n // 10) + "\n" + ("|" + "1|" * (n // 10) + "\n") * 50,
        "| a | b |\n|---|---|\n" + "| x | y |\n" * n,
        "".join(f"[r{k}]: https://example.org/{k} 'title'\n" for k in range(n)) + "[r1] [r2]\n",
        "".join(f"x[^{k}]\n\n[^{k}]: note [^{k + 1}]\n" for k in range(n // 5)),
        "{: #id .class key=value }\n" * (n // 4) + "# h {: .x }\n",
        "#" * n + " heading\n",
        "<div>\n" * (n // 4) + "text\n",
        "```\n" + "code\n" * n,
        "    indented code\n" * n,
        "text  \n" * n,
        "Setext\n" + "=" * (n * 5) + "\n",
        "<" + "a" * (n * 5) + ">\n",
        "*a **b _c `d [e](f) g` h_ i** j*\n" * (n // 4),
    ))  # fmt: skip
    return encode(_front(f"title: {sentence(rng, 3)}") + body)


def _md_hostile_text(rng: random.Random) -> bytes:
    body = "\n\n".join(hostile_text(rng, 4) for _ in range(rng.randint(2, 8)))
    return encode(_front(f"title: {json.dumps(hostile_text(rng, 2, 3))}\nauthor: {json.dumps(hostile_piece(rng))}") + body)


def _md_html_inside(rng: random.Random) -> bytes:
    body = rng.choice((
        "<script>alert(1)</script>\n\n", "<img src='file:///etc/passwd' onerror='x'>\n\n",
        "[link](javascript:alert(1))\n\n", "![img](file:///etc/passwd)\n\n", "<iframe src=x></iframe>\n\n",
        "<p style='display:none'>hidden</p>\n\n", "[x](http:\\\\host\\share)\n\n", "<a href='https:file:///etc'>x</a>\n\n",
    )) * rng.randint(1, 50)  # fmt: skip
    return encode(_front("title: html") + body + sentence(rng))


def _md_encoding(rng: random.Random) -> bytes:
    text = markdown_seed(rng).decode() + "Café déjà vu — naïve.\n"
    return rng.choice((
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16-le"), text.encode("cp1252"),
        codecs.BOM_UTF8 + text.encode("cp1252"), text.encode("utf-32"), text.encode() + b"\xff\xfe\x00",
        text.encode("shift_jis", "replace"), text.replace("\n", "\r").encode(), text.replace("\n", "\u2028").encode(),
    ))  # fmt: skip


MARKDOWN_VARIANTS: dict[str, Variant] = {
    "markdown: hostile front matter": _md_front_matter,
    "markdown: character flood": _md_flood,
    "markdown: deep nesting": _md_nesting,
    "markdown: huge structures": _md_structures,
    "markdown: hostile text": _md_hostile_text,
    "markdown: HTML and links inside": _md_html_inside,
    "markdown: encodings": _md_encoding,
    "markdown: long run": lambda rng: encode(_front("title: long") + long_run(rng)),
}


def markdown_input(rng: random.Random) -> Generated:
    return pick(rng, rng.choice((".md", ".md", ".markdown")), MARKDOWN_VARIANTS, markdown_seed)


# -- plain text -------------------------------------------------------------------------------------------------
def text_seed(rng: random.Random) -> bytes:
    return "\n\n".join(sentence(rng) for _ in range(rng.randint(2, 10))).encode()


def _text_encoding(rng: random.Random) -> bytes:
    text = text_seed(rng).decode() + " Café déjà vu. Привет мир. 北京. مرحبا."
    encoding = rng.choice(("utf-16-le", "utf-16-be", "utf-16", "utf-32", "cp1252", "koi8-r", "shift_jis", "gb18030", "iso-2022-jp", "utf-7"))  # fmt: skip
    data = text.encode(encoding, "replace")
    return data[: -rng.randint(1, 3)] if rng.random() < 0.3 else data


def _text_boms(rng: random.Random) -> bytes:
    bom = rng.choice((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE))
    body = rng.choice((text_seed(rng), b"\xff" * 7, b"", b"\x00", text_seed(rng).decode().encode("utf-16-le")[:-1]))
    return bom + body


def _text_controls(rng: random.Random) -> bytes:
    text = text_seed(rng).decode()
    controls = "".join(chr(rng.choice((1, 2, 7, 8, 11, 12, 14, 27, 127))) for _ in range(int(len(text) * rng.choice((0.02, 0.049, 0.051, 0.3)))))  # fmt: skip
    mixed = list(text + controls)
    rng.shuffle(mixed)
    return "".join(mixed).encode()


def _text_shapes(rng: random.Random) -> bytes:
    return rng.choice((
        b" \t\n" * 1000, b"\n" * 200_000, b"\r" * 100_000 + b"x", ("word " * 1_000_000).encode(),
        b"x" * 5_000_000, ("\u2028".join(["line"] * 50_000)).encode(), b"\f".join([b"page"] * 10_000),
        ("\u200b" * 100_000).encode(), ("\u0301" * 200_000).encode(), b"---\ntitle: t\n---\n" + text_seed(rng),
        b"---\n" + b"x: y\n" * 20_000 + b"---\nbody", b"x" * (20 * 1024 * 1024 + 1),
    ))  # fmt: skip


def _text_hostile(rng: random.Random) -> bytes:
    return encode("\n\n".join(hostile_text(rng, 5) for _ in range(rng.randint(1, 20))))


def _text_invalid_utf8(rng: random.Random) -> bytes:
    data = bytearray(text_seed(rng))
    for _ in range(rng.randint(1, 50)):
        data.insert(rng.randrange(len(data) + 1), rng.choice((0x80, 0xC0, 0xED, 0xF5, 0xFF, 0xE2)))
    return bytes(data)


TEXT_VARIANTS: dict[str, Variant] = {
    "text: encodings": _text_encoding,
    "text: byte-order marks": _text_boms,
    "text: control characters": _text_controls,
    "text: odd shapes": _text_shapes,
    "text: hostile text": _text_hostile,
    "text: invalid UTF-8": _text_invalid_utf8,
    "text: long run": lambda rng: encode(long_run(rng)),
}


def text_input(rng: random.Random) -> Generated:
    return pick(rng, rng.choice((".txt", ".txt", ".text")), TEXT_VARIANTS, text_seed)
