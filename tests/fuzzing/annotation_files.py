"""Annotation files to bring back in: W3C JSON-LD, Hypothesis JSON and REFI-QDA projects (.qdpx), each a valid
file with one hostile part, or a valid seed mutated byte by byte.

The JSON files quote the articles of ``LIBRARY_ARTICLES``, which the runner imports into the library first,
so valid parts of an input really are placed (and hostile offsets meet real text).
"""

from __future__ import annotations

import codecs
import json
import random
import uuid
from xml.sax.saxutils import escape, quoteattr

from fuzzing.common import Generated, Variant, pick
from fuzzing.hostile import encode, hostile_piece, hostile_text, sentence
from fuzzing.zips import Member, build_zip, zeros_bomb

LIBRARY_ARTICLES: dict[str, str] = {
    "north.md": (
        "---\ntitle: Air defense in the north\nsource: https://example.org/north\n---\n\n"
        "The radar network covers the northern border and the coast.\n\n"
        "Interceptor stocks are finite, and resupply takes months.\n\n"
        "Officials said the new battery would arrive before winter, with spares.\n"
    ),
    "trade.md": (
        "---\ntitle: Sanctions and trade\nsource: https://example.org/trade\n---\n\n"
        "Exporters rerouted parts through third countries; sanctions slowed but did not stop them.\n\n"
        "The ministry's report counts 40 shipments in 2023 and 12 in the first half of 2024.\n"
    ),
    "world.md": (
        "---\ntitle: 世界 — voices\nsource: https://example.org/voices\n---\n\n"
        "Radars over 北京 and the العربية press 😀 agree on sanctions.\n"
    ),
}
_SOURCES = {name: text.split("source: ")[1].split("\n")[0] for name, text in LIBRARY_ARTICLES.items()}
_BODIES = {name: text.split("---\n\n", 1)[1] for name, text in LIBRARY_ARTICLES.items()}
_QUOTES = ("radar network", "Interceptor stocks are finite", "new battery", "sanctions slowed", "40 shipments", "北京 and the العربية press 😀", "the coast")  # fmt: skip


def _quote(rng: random.Random) -> tuple[str, str, int, int]:
    """(source URL, exact, start, end) of a real passage of a library article."""
    exact = rng.choice(_QUOTES)
    name = next(name for name, body in _BODIES.items() if exact in body)
    start = _BODIES[name].index(exact)
    return _SOURCES[name], exact, start, start + len(exact)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


# -- W3C JSON-LD and Hypothesis ---------------------------------------------------------------------------------
def _web_annotation(rng: random.Random) -> dict[str, object]:
    source, exact, start, end = _quote(rng)
    return {
        "type": "Annotation",
        "id": f"urn:uuid:{_uuid(rng)}",
        "created": "2024-05-01T10:00:00Z",
        "body": [{"type": "TextualBody", "value": sentence(rng, 4)}, {"type": "TextualBody", "purpose": "tagging", "value": "region/north"}],
        "target": {
            "source": {"id": source, "title": "An article"},
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
        "lectern:color": "yellow",
    }


def _hypothesis_row(rng: random.Random) -> dict[str, object]:
    source, exact, start, end = _quote(rng)
    return {
        "id": f"h{rng.getrandbits(40):x}",
        "created": "2024-05-01T10:00:00.123456+00:00",
        "updated": "2024-05-02T11:30:00.654321+00:00",
        "uri": source,
        "text": sentence(rng, 5),
        "tags": ["policy", "north"],
        "document": {"title": ["Air defense"], "link": [{"href": source}]},
        "target": [{"source": source, "selector": [
            {"type": "TextPositionSelector", "start": start, "end": end},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""},
        ]}],
    }  # fmt: skip


def _collection(items: list[object]) -> dict[str, object]:
    return {
        "@context": ["http://www.w3.org/ns/anno.jsonld", {"lectern": "https://lectern.app/ns#"}],
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }


def annotations_seed(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        return json.dumps(_collection([_web_annotation(rng) for _ in range(rng.randint(1, 4))]), ensure_ascii=False).encode()
    return json.dumps({"rows": [_hypothesis_row(rng) for _ in range(rng.randint(1, 4))], "total": 4}, ensure_ascii=False).encode()


_WRONG_VALUES: tuple[object, ...] = (
    None, True, False, 0, -1, 1.5, -0.0, 2**53, 2**64, -(2**63), 1e308, "", "x", [], {}, [None], [[[]]], {"a": {}},
    "\ud800", "\x00", "\u202e", "9" * 5000, [1, "2", None], {"type": "TextQuoteSelector"},
)


def _set_path(node: object, path: tuple[object, ...], value: object) -> None:
    """Put ``value`` at ``path``, unless an earlier change already cut the way there."""
    for key in path[:-1]:
        try:
            node = node[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict) or (isinstance(node, list) and isinstance(path[-1], int) and path[-1] < len(node)):
        node[path[-1]] = value  # type: ignore[index]


_WEB_PATHS: tuple[tuple[object, ...], ...] = (
    ("type",), ("id",), ("body",), ("body", 0), ("body", 0, "value"), ("body", 1, "purpose"), ("body", 1, "value"),
    ("target",), ("target", "source"), ("target", "source", "id"), ("target", "selector"), ("target", "selector", 0),
    ("target", "selector", 0, "exact"), ("target", "selector", 0, "prefix"), ("target", "selector", 1, "start"),
    ("target", "selector", 1, "end"), ("target", "selector", 0, "type"), ("created",), ("lectern:color",),
)  # fmt: skip
_HYPOTHESIS_PATHS: tuple[tuple[object, ...], ...] = (
    ("id",), ("uri",), ("text",), ("tags",), ("tags", 0), ("document",), ("document", "title"), ("document", "link"),
    ("document", "link", 0), ("target",), ("target", 0), ("target", 0, "source"), ("target", 0, "selector"),
    ("target", 0, "selector", 0, "start"), ("target", 0, "selector", 0, "end"), ("target", 0, "selector", 1, "exact"),
    ("created",), ("updated",), ("references",),
)  # fmt: skip


def _json_wrong_types(rng: random.Random) -> bytes:
    if rng.random() < 0.5:
        items = [_web_annotation(rng) for _ in range(rng.randint(1, 3))]
        for item in items:
            for _ in range(rng.randint(1, 3)):
                _set_path(item, rng.choice(_WEB_PATHS), rng.choice(_WRONG_VALUES))
        document: object = _collection(items)
    else:
        rows = [_hypothesis_row(rng) for _ in range(rng.randint(1, 3))]
        for row in rows:
            for _ in range(rng.randint(1, 3)):
                _set_path(row, rng.choice(_HYPOTHESIS_PATHS), rng.choice(_WRONG_VALUES))
        document = {"rows": rows} if rng.random() < 0.7 else rows
    return json.dumps(document, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")


def _json_offsets(rng: random.Random) -> bytes:
    pairs = ((-5, 3), (10, 2), (0, 0), (2**31, 2**31 + 5), (2**53 - 1, 2**53), (5, 2**40), (3, 3), (-(2**60), -1), (0, 10**6))
    start, end = rng.choice(pairs)
    if rng.random() < 0.5:
        item = _web_annotation(rng)
        _set_path(item, ("target", "selector", 1, "start"), start)
        _set_path(item, ("target", "selector", 1, "end"), end)
        if rng.random() < 0.3:
            _set_path(item, ("target", "selector", 0, "exact"), rng.choice(("", " ", "x" * 100_000, hostile_piece(rng))))
        return json.dumps(_collection([item])).encode("utf-8", "surrogatepass")
    row = _hypothesis_row(rng)
    _set_path(row, ("target", 0, "selector", 0, "start"), start)
    _set_path(row, ("target", 0, "selector", 0, "end"), end)
    return json.dumps({"rows": [row]}).encode()


def _json_hostile_strings(rng: random.Random) -> bytes:
    item = _web_annotation(rng)
    row = _hypothesis_row(rng)
    for node, path in ((item, ("body", 1, "value")), (item, ("body", 0, "value")), (item, ("target", "selector", 0, "prefix")),
                       (row, ("tags", 0)), (row, ("text",)), (row, ("uri",)), (item, ("target", "source", "id")),
                       (item, ("id",)), (row, ("id",)), (item, ("lectern:color",))):  # fmt: skip
        if rng.random() < 0.5:
            _set_path(node, path, rng.choice((hostile_text(rng), "a/" * 2000, "/", "x" * 1_000_000, "", " " * 1000, hostile_piece(rng))))
    document = _collection([item]) if rng.random() < 0.5 else {"rows": [row]}
    return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _json_shapes(rng: random.Random) -> bytes:
    depth = rng.choice((1_000, 100_000))
    return rng.choice((
        b"[" * depth + b"]" * depth,
        b'{"rows":' + b"[" * depth + b"]" * depth + b"}",
        b'{"@context": 1, "type": "AnnotationCollection", "first": "p1", "@included": [{"id": "p1", "type": "AnnotationPage", "next": "p1", "items": []}]}',
        b'{"@context": 1, "type": "AnnotationCollection", "first": {"id": "a", "next": {"id": "b", "next": {"id": "a"}}}}',
        b'{"@context": 1, "type": "AnnotationCollection", "total": 99999999999}',
        b'{"@context": 1, "type": "AnnotationCollection", "first": "nowhere"}',
        b'{"@context": 1, "type": "AnnotationPage", "items": 5}',
        b'{"@context": 1, "type": ["Annotation", 5, null], "target": "x"}',
        b'{"rows": [' + b"1," * 100_000 + b"1]}",
        b'{"rows": [], "total": 1e999999}',
        b'{"rows": [{"uri": 1e999999, "target": [{"selector": {"type": "TextQuoteSelector", "exact": "radar network"}}]}]}',
        b'{"rows": [{"uri": "x", "target": 1' + b"0" * 5000 + b"}]}",
        b'{"a": NaN, "b": Infinity, "rows": [-Infinity]}',
        b"{" + b'"k": 1, ' * 100_000 + b'"rows": []}',
        b"[" + b'{"type": "Annotation"},' * 50_000 + b"{}]",
        json.dumps({"rows": [_hypothesis_row(rng)] * 5000}).encode(),
        b"null", b"1", b'"rows"', b"{}", b"[]", b"", b"   ", b"\xef\xbb\xbf{}",
    ))  # fmt: skip


def _json_encodings(rng: random.Random) -> bytes:
    text = annotations_seed(rng).decode()
    return rng.choice((
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16"), text.encode("utf-32"),
        codecs.BOM_UTF8 + text.encode(), text.encode("latin-1", "replace"), text.encode() + b"\xff",
        text.encode()[: len(text) // 2],
    ))  # fmt: skip


def _json_many(rng: random.Random) -> bytes:
    """Thousands of annotations: a few real ones repeated under new ids (each is placed, none is a duplicate)."""
    count = rng.choice((2_000, 20_000))
    base = rng.getrandbits(64) << 64
    if rng.random() < 0.5:
        kinds = [_web_annotation(rng) for _ in range(5)]
        items = [{**kinds[n % 5], "id": f"urn:uuid:{uuid.UUID(int=base + n)}"} for n in range(count)]
        return json.dumps(_collection(items)).encode()
    rows = [_hypothesis_row(rng) for _ in range(5)]
    return json.dumps({"rows": [{**rows[n % 5], "id": f"h{base + n:x}"} for n in range(count)]}).encode()


ANNOTATION_VARIANTS: dict[str, Variant] = {
    "annotations: wrong types": _json_wrong_types,
    "annotations: hostile offsets": _json_offsets,
    "annotations: hostile strings": _json_hostile_strings,
    "annotations: hostile shapes": _json_shapes,
    "annotations: encodings": _json_encodings,
    "annotations: many annotations": _json_many,
}


def annotations_input(rng: random.Random) -> Generated:
    generated = pick(rng, ".json", ANNOTATION_VARIANTS, annotations_seed)
    suffix = rng.choice((".json", ".json", ".jsonld", ".txt"))
    return Generated(f"annotations{suffix}", generated.data, generated.label)


# -- REFI-QDA (.qdpx) -------------------------------------------------------------------------------------------
_NS = "urn:QDA-XML:project:1.0"


def _code(guid: str, name: str, color: str = "#FFD54F", children: str = "") -> str:
    return f'<Code guid="{guid}" name={quoteattr(name)} isCodable="true" color={quoteattr(color)}><Description>d</Description>{children}</Code>'


def _selection(guid: str, start: object, end: object, code: str) -> str:
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" creationDateTime="2024-05-01T10:00:00Z">'
        f'<Coding guid="{guid}c"><CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>'
    )


def _project(codes: str, sources: str, *, origin: str = "Lectern", prolog: str = '<?xml version="1.0" encoding="utf-8"?>', extra: str = "") -> str:
    return (
        f'{prolog}<Project xmlns="{_NS}" name="fuzz" origin={quoteattr(origin)}>'
        f"<CodeBook><Codes>{codes}</Codes></CodeBook>{extra}<Sources>{sources}</Sources></Project>"
    )


def _qdpx_parts(rng: random.Random, text: str | None = None) -> tuple[str, str, list[Member], str]:
    """(codes, sources, members, code guid) of a valid small project with one source kept in the zip."""
    code = _uuid(rng)
    body = text if text is not None else "\n\n".join(sentence(rng) for _ in range(3))
    selections = _selection(_uuid(rng), 4, 20, code) + _selection(_uuid(rng), 0, min(len(body), 9), code)
    source_guid = _uuid(rng)
    sources = (
        f'<TextSource guid="{source_guid}" name="Article {rng.randint(1, 99)}" plainTextPath="internal://{source_guid}.txt">'
        f"{selections}</TextSource>"
    )
    members = [Member(f"sources/{source_guid}.txt", encode(body))]
    return _code(code, "region", children=_code(_uuid(rng), "north")), sources, members, code


def qdpx_seed(rng: random.Random) -> bytes:
    codes, sources, members, _ = _qdpx_parts(rng)
    return build_zip([Member("project.qde", encode(_project(codes, sources))), *members])


def _qdpx_positions(rng: random.Random) -> bytes:
    text = "\n\n".join(sentence(rng) for _ in range(3))
    codes, _, members, code = _qdpx_parts(rng, text)
    pairs = ((-1, 5), (5, 2), (0, 0), (0, len(text) + 1), (" 3", "9 "), ("٣", "٩"), ("1e3", "2e3"), ("0x10", "0x20"),
             ("", ""), ("9" * 5000, "9" * 5001), (2**63, 2**64), ("3.5", "7.5"), ("+1", "+5"), ("1_0", "2_0"))  # fmt: skip
    selections = "".join(_selection(_uuid(rng), *rng.choice(pairs), code) for _ in range(rng.randint(1, 5)))
    source_guid = members[0].name[len("sources/") : -len(".txt")]  # type: ignore[index]
    sources = f'<TextSource guid="{source_guid}" name="Positions" plainTextPath="internal://{source_guid}.txt">{selections}</TextSource>'
    return build_zip([Member("project.qde", encode(_project(codes, sources))), *members])


def _qdpx_xml(rng: random.Random) -> bytes:
    codes, sources, members, _ = _qdpx_parts(rng)
    laughs = '<!DOCTYPE Project [<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)) + "]>"  # fmt: skip
    prolog = rng.choice((
        '<?xml version="1.0"?>' + laughs,
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<?xml version="1.0" encoding="UTF-16"?>',
        '<?xml version="1.0" encoding="bogus"?>',
        '<?xml version="1.0"?><?xml-stylesheet href="http://127.0.0.1:9/x.xsl"?>',
    ))  # fmt: skip
    depth = rng.choice((10, 300, 5_000))
    nested = "".join(f'<Code guid="{_uuid(rng)}" name="level{n}">' for n in range(depth)) + "</Code>" * depth
    project = _project(codes + rng.choice(("", nested)), sources, prolog=prolog)
    project = project.replace('name="fuzz"', 'name="&j;"' if "ENTITY a" in prolog else 'name="&x;"', 1) if "ENTITY" in prolog else project
    return build_zip([Member("project.qde", encode(project)), *members])


def _qdpx_hostile_names(rng: random.Random) -> bytes:
    codes_, sources, members, code = _qdpx_parts(rng)
    names = (hostile_text(rng), "", " ", "/", "a/" * 500, "x" * 100_000, "..", "\x00", "\u202egnp.exe", "region/../..")
    codes = _code(code, rng.choice(names), rng.choice(("#GGGGGG", "red", "", "#12", "#" + "f" * 1000)),
                  children="".join(_code(_uuid(rng), rng.choice(names)) for _ in range(rng.randint(1, 20))))  # fmt: skip
    sources = sources.replace('name="Article', f"name={quoteattr(escape(rng.choice(names)))} x=\"", 1)
    extra = "<Notes>" + "".join(f'<Note guid="{_uuid(rng)}"><PlainTextContent>{escape(hostile_text(rng))}</PlainTextContent></Note>' for _ in range(3)) + "</Notes>"  # fmt: skip
    return build_zip([Member("project.qde", encode(_project(codes, sources, origin=rng.choice(("ATLAS.ti 9", hostile_text(rng))), extra=extra))), *members])  # fmt: skip


def _qdpx_references(rng: random.Random) -> bytes:
    codes, sources, members, code = _qdpx_parts(rng)
    path = rng.choice((
        "internal://../../../../etc/passwd", "internal:///etc/passwd", "internal://", "internal://%2e%2e/%2e%2e/x",
        "file:///etc/passwd", "relative://x.txt", "internal://" + "a" * 10_000, "internal://missing.txt",
        "internal://project.qde", "internal://SOURCES/../project.qde",
    ))  # fmt: skip
    sources = sources.replace('plainTextPath="', f"plainTextPath={quoteattr(path)} old=\"", 1)
    return build_zip([Member("project.qde", encode(_project(codes, sources))), *members])


def _qdpx_source_texts(rng: random.Random) -> bytes:
    text = rng.choice((
        "\ufeff" + sentence(rng), codecs.BOM_UTF16_LE.decode("latin-1"), "", " \n ", hostile_text(rng, 10),
        "x" * 5_000_001, "a\r\nb\r\n" * 1000, "\x00" * 100,
    ))  # fmt: skip
    codes, sources, _, _ = _qdpx_parts(rng, text)
    guid = sources.split('plainTextPath="internal://')[1].split(".txt")[0]
    raw = rng.choice((encode(text), text.encode("utf-16", "surrogatepass"), codecs.BOM_UTF16_LE + b"\x00\xd8", b"\xff\xfe\xfd", text.encode("cp1252", "replace")))
    inline = rng.random() < 0.3
    if inline:
        sources = sources.replace(f' plainTextPath="internal://{guid}.txt">', f"><PlainTextContent>{escape(text)}</PlainTextContent>")
    return build_zip([Member("project.qde", encode(_project(codes, sources, origin=rng.choice(("Lectern", "ATLAS.ti"))))), Member(f"sources/{guid}.txt", raw)])  # fmt: skip


def _qdpx_package(rng: random.Random) -> bytes:
    codes, sources, members, _ = _qdpx_parts(rng)
    project = encode(_project(codes, sources))
    shape = rng.choice(("bomb", "lying", "truncated", "no project", "two projects", "many", "encrypted", "traversal", "not xml", "other root"))
    if shape == "bomb":
        size = rng.choice((30, 100, 300)) * 1024 * 1024
        raw, crc = zeros_bomb(size)
        target = rng.choice(("project.qde", members[0].name))
        kept = [m for m in (Member("project.qde", project), *members) if m.name != target]
        return build_zip([*kept, Member(target, raw=raw, true_size=size, crc=crc, declared_size=rng.choice((size, 100)))])
    if shape == "lying":
        return build_zip([Member("project.qde", project, declared_size=rng.choice((5, 2**32 - 1))), *members])
    if shape == "truncated":
        data = build_zip([Member("project.qde", project), *members])
        return data[: rng.randrange(4, len(data))]
    if shape == "no project":
        return build_zip(members)
    if shape == "two projects":
        return build_zip([Member("a.qde", project), Member("b.qde", project), *members])
    if shape == "many":
        return build_zip([Member("project.qde", project), *members, *(Member(f"sources/{n}.txt", b"") for n in range(rng.choice((3_000, 10_001))))])
    if shape == "encrypted":
        return build_zip([Member("project.qde", project, flags=1), *members])
    if shape == "traversal":
        return build_zip([Member("project.qde", project), *members, Member("../../evil.txt", b"x"), Member("/abs.txt", b"y")])
    if shape == "not xml":
        return build_zip([Member("project.qde", rng.choice((b"", b"<", b"\x00" * 100, b"<Project>", b"{}"))), *members])
    return build_zip([Member("project.qde", b'<?xml version="1.0"?><Other xmlns="urn:QDA-XML:project:1.0"/>'), *members])


QDPX_VARIANTS: dict[str, Variant] = {
    "qdpx: hostile positions": _qdpx_positions,
    "qdpx: XML entities, DTDs, nesting": _qdpx_xml,
    "qdpx: hostile names and notes": _qdpx_hostile_names,
    "qdpx: hostile references": _qdpx_references,
    "qdpx: hostile source texts": _qdpx_source_texts,
    "qdpx: hostile package": _qdpx_package,
}


def qdpx_input(rng: random.Random) -> Generated:
    return pick(rng, ".qdpx", QDPX_VARIANTS, qdpx_seed)
