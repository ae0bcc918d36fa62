"""How to index Chinese, Japanese and Korean: tokenisations measured against a brute-force substring scan (issue 14).

    .venv/bin/python benchmarks/cjk_segmentation.py [--articles 2000] [--queries 25] [--segmenter-site DIR]

Generates articles in Chinese, Japanese and Korean (a third each, ~2,000 characters, drawn from a
vocabulary of a few hundred words with Zipf-like frequencies, so 的, の and 이 are very common; 6 % of the
words are made-up names of random characters, the long tail of real text; some Latin words and numbers)
and indexes them with raw Whoosh, once per approach:

  (0) today       a run of letters is one token (what Lectern did before issue 14), for reference;
  (a) unigrams    every CJK character is a token with its own position; a query of n characters is a
                  phrase of n tokens; (a') the same without the position gaps described below;
  (b) bigrams     every pair of adjacent CJK characters is a token, and the last character of a run is
                  kept as a one-character token at its own position, so each character of a run starts
                  exactly one token; a query of n >= 2 characters is a phrase of n-1 bigrams; a single
                  character is the union of the terms it starts (a prefix scan of the term dictionary: the
                  bigrams starting with it plus the lone run-final character), no second field;
  (c) segmenter   dictionary words as tokens: jieba for Chinese, janome for Japanese, kiwipiepy for
                  Korean articles; a query is segmented by all three (its language is not known) and the
                  phrases are united.

In every approach a position gap separates two tokens when anything (space, punctuation) lies between
them and one of them is CJK, so a phrase is matched only where its characters touch. Phrases are matched
the way ``index.phrase_matcher`` does it (postings read a block at a time, documents intersected, then the
phrase starts intersected set by set), returning the start positions, which become character offsets.

Queries: 1-, 2-, 3- and 4-character CJK substrings drawn at random from the texts (so common characters
come up as often as they are read) and some vocabulary words, per language. The truth is a brute-force
scan for every (overlapping) occurrence; recall and precision count occurrences (article, start, end).
Query times cover finding the articles and the phrase positions, not turning them into offsets.
Times are CPU seconds of this process (``time.process_time``), which a busy machine disturbs far less than
the wall clock; the wall-clock total is printed at the end.

The segmenters are not project dependencies: install them into a scratch venv (``pip install jieba
janome kiwipiepy``) and pass its site-packages with ``--segmenter-site``; without them row (c) is left out.
Prints one table; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cjk_corpus import COMMON_WORDS, Article, generate_articles  # noqa: E402  (beside this script)
from whoosh.analysis import Token, Tokenizer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.index import create_in  # noqa: E402
from whoosh.reading import IndexReader  # noqa: E402

from index.phrase_matcher import decode_positions, posting_values  # noqa: E402

# Han (with extension A and the compatibility block), 々〆〇, kana with the long-vowel mark ー but not the
# middle dot ・ (punctuation), half-width katakana, Hangul syllables and jamo.
CJK = (
    "\u1100-\u11ff\u3005-\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3131-\u318e"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9d"
)
CJK_CHAR = re.compile(f"[{CJK}]")
ALL_CJK = re.compile(f"[{CJK}]+")
WORD = re.compile(r"\w")
FIELD = "body"

Span = tuple[str, int, int]  # token text, start and end offsets in the article
Positioned = tuple[str, int, int, int]  # token text, position, start, end

# --- tokenisations ------------------------------------------------------------------------------------------

WORDS_TODAY = re.compile(r"\w+")
UNIGRAM_TOKENS = re.compile(f"[{CJK}]|[^\\W{CJK}]+")
RUNS = re.compile(f"[{CJK}]+|[^\\W{CJK}]+")


def today_spans(text: str) -> list[Span]:
    return [(match.group(), match.start(), match.end()) for match in WORDS_TODAY.finditer(text)]


def unigram_spans(text: str) -> list[Span]:
    return [(match.group(), match.start(), match.end()) for match in UNIGRAM_TOKENS.finditer(text)]


def bigram_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in RUNS.finditer(text):
        run, start = match.group(), match.start()
        if CJK_CHAR.match(run):
            spans.extend((run[at : at + 2], start + at, start + at + 2) for at in range(len(run) - 1))
            spans.append((run[-1], match.end() - 1, match.end()))
        else:
            spans.append((run, start, match.end()))
    return spans


def with_positions(spans: Iterable[Span], gaps: bool = True) -> list[Positioned]:
    """Consecutive positions, plus (``gaps``) a gap where anything lies between two tokens and one of them
    is CJK."""
    positioned: list[Positioned] = []
    position, previous_end, previous_cjk = -1, None, False
    for text, start, end in spans:
        cjk = CJK_CHAR.search(text) is not None
        gap = gaps and previous_end is not None and start > previous_end and (cjk or previous_cjk)
        position += 2 if gap else 1
        positioned.append((text, position, start, end))
        previous_end, previous_cjk = end, cjk
    return positioned


def surface_words(text: str, spans: Iterable[tuple[int, int]]) -> list[Span]:
    """A segmenter's words as spans of the text: overlapping ones merged (Kiwi splits 했 into 하+었 at one
    offset), spaces and punctuation dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    return [(text[start:end], start, end) for start, end in merged if WORD.search(text[start:end])]


class Segmenters:
    """jieba, janome and kiwipiepy, loaded from wherever they are installed (never a project dependency)."""

    def __init__(self) -> None:
        import jieba
        from janome.tokenizer import Tokenizer as JanomeTokenizer
        from kiwipiepy import Kiwi

        started = time.perf_counter()
        jieba.setLogLevel(60)
        jieba.initialize()
        self._jieba = jieba
        self._janome = JanomeTokenizer()
        self._kiwi = Kiwi()
        self._kiwi.tokenize("준비")
        self.load_seconds = time.perf_counter() - started

    def chinese(self, text: str) -> list[Span]:
        return surface_words(text, ((start, end) for _, start, end in self._jieba.tokenize(text)))

    def japanese(self, text: str) -> list[Span]:
        offsets, cursor = [], 0
        for surface in self._janome.tokenize(text, wakati=True):
            start = text.find(surface, cursor)
            if start < 0:
                continue
            offsets.append((start, start + len(surface)))
            cursor = start + len(surface)
        return surface_words(text, offsets)

    def korean(self, text: str) -> list[Span]:
        return surface_words(text, ((token.start, token.start + token.len) for token in self._kiwi.tokenize(text)))

    def by_language(self, text: str, language: str) -> list[Span]:
        return {"zh": self.chinese, "ja": self.japanese, "ko": self.korean}[language](text)


def load_segmenters(site: str | None) -> tuple[Segmenters | None, str]:
    if site:
        sys.path.append(site)
    try:
        return Segmenters(), ""
    except ImportError as error:
        return None, f"(c) left out: {error.name} is not importable (see --segmenter-site)"


# --- query plans --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    """One way to match a query: a phrase of tokens, or (``prefix``) every term starting with one character."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class Approach:
    name: str
    spans: Callable[[str, str], list[Span]]  # (text, language) -> tokens
    plan: Callable[[str], list[Alternative]]  # query -> ways to match it
    gaps: bool = True  # a position gap where anything separates two tokens next to a CJK character


def phrase_plan(spans: Callable[[str], list[Span]]) -> Callable[[str], list[Alternative]]:
    return lambda query: [Alternative(tuple(text for text, _, _ in spans(query)))]


def bigram_plan(query: str) -> list[Alternative]:
    if len(query) == 1:
        return [Alternative((query,), prefix=True)]
    return [Alternative(tuple(text for text, _, _ in bigram_spans(query) if len(text) == 2))]


def segmenter_plan(segmenters: Segmenters) -> Callable[[str], list[Alternative]]:
    def plan(query: str) -> list[Alternative]:
        ways = {
            tuple(text for text, _, _ in segment(query))
            for segment in (segmenters.chinese, segmenters.japanese, segmenters.korean)
        }
        return [Alternative(words) for words in sorted(ways) if words]

    return plan


def approaches(segmenters: Segmenters | None) -> list[Approach]:
    found = [
        Approach("(0) today: a run of letters is one token", lambda text, _: today_spans(text), phrase_plan(today_spans)),
        Approach("(a) unigrams + positions", lambda text, _: unigram_spans(text), phrase_plan(unigram_spans)),
        Approach("(a') unigrams, no position gaps", lambda text, _: unigram_spans(text),
                 phrase_plan(unigram_spans), gaps=False),
        Approach("(b) bigrams + positions", lambda text, _: bigram_spans(text), bigram_plan),
    ]
    if segmenters is not None:
        found.append(Approach("(c) segmenter words (jieba/janome/kiwi)", segmenters.by_language,
                              segmenter_plan(segmenters)))
    return found


# --- the index ----------------------------------------------------------------------------------------------

# Tokens worked out before ``add_document``, keyed by article: the analyser only hands them to Whoosh.
_PENDING: dict[str, list[Positioned]] = {}


class PretokenizedTokenizer(Tokenizer):
    """Yields the tokens computed for the article whose key is the field's value."""

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, position, start, end in _PENDING.pop(value, ()):
            token.text, token.boost, token.stopped = text, 1.0, False
            if positions:
                token.pos = position
            if chars:
                token.startchar, token.endchar = start, end
            yield token


@dataclass
class Built:
    directory: Path
    seconds: float
    size: int
    tokens: int
    terms: int = 0
    # article key -> (start offset, end offset) of the token at each position (-1 in a gap)
    offsets: dict[str, tuple[array, array]] = field(default_factory=dict)


def build_index(approach: Approach, articles: Sequence[Article], directory: Path) -> Built:
    directory.mkdir(parents=True)
    schema = Schema(key=ID(stored=True, unique=True), body=TEXT(analyzer=PretokenizedTokenizer(), phrase=True))
    built = Built(directory, 0.0, 0, 0)
    started = time.process_time()
    index = create_in(str(directory), schema)
    writer = index.writer(limitmb=256)
    for article in articles:
        tokens = with_positions(approach.spans(article.text, article.language), approach.gaps)
        size = tokens[-1][1] + 1 if tokens else 0
        starts, ends = array("i", [-1]) * size, array("i", [-1]) * size
        for _, position, start, end in tokens:
            starts[position], ends[position] = start, end
        built.offsets[article.key] = (starts, ends)
        built.tokens += len(tokens)
        _PENDING[article.key] = tokens
        writer.add_document(key=article.key, body=article.key)
    writer.commit()
    built.seconds = time.process_time() - started
    built.size = sum(path.stat().st_size for path in directory.iterdir())
    return built


def term_postings(reader: IndexReader, word: str | bytes) -> dict[int, bytes]:
    return posting_values(reader.postings(FIELD, word))


def phrase_starts(reader: IndexReader, words: Sequence[str]) -> dict[int, set[int]]:
    """Document number -> the positions where ``words`` start consecutively (as ``index.phrase_matcher``)."""
    if any((FIELD, word) not in reader for word in words):
        return {}
    order = sorted(range(len(words)), key=lambda at: reader.doc_frequency(FIELD, words[at]))
    postings: dict[int, dict[int, bytes]] = {}
    candidates: set[int] | None = None
    for at in order:
        postings[at] = term_postings(reader, words[at])
        candidates = set(postings[at]) if candidates is None else candidates.intersection(postings[at])
        if not candidates:
            return {}
    found: dict[int, set[int]] = {}
    for docnum in candidates or ():
        starts = set(decode_positions(postings[0][docnum]))
        for at in range(1, len(words)):
            starts.intersection_update(position - at for position in decode_positions(postings[at][docnum]))
            if not starts:
                break
        if starts:
            found[docnum] = starts
    return found


def prefix_starts(reader: IndexReader, prefix: str) -> dict[int, set[int]]:
    """Document number -> the positions of every term that starts with ``prefix``."""
    found: dict[int, set[int]] = {}
    for term in reader.expand_prefix(FIELD, prefix):
        for docnum, value in term_postings(reader, term).items():
            found.setdefault(docnum, set()).update(decode_positions(value))
    return found


def run_query(reader: IndexReader, plan: list[Alternative]) -> list[tuple[Alternative, dict[int, set[int]]]]:
    return [
        (alternative, prefix_starts(reader, alternative.words[0]) if alternative.prefix
         else phrase_starts(reader, alternative.words))
        for alternative in plan
    ]


Occurrence = tuple[str, int, int]  # article key, start, end


def occurrences(built: Built, keys: list[str], results: list[tuple[Alternative, dict[int, set[int]]]]
                ) -> set[Occurrence]:
    found: set[Occurrence] = set()
    for alternative, matches in results:
        last = 0 if alternative.prefix else len(alternative.words) - 1
        for docnum, starts in matches.items():
            key = keys[docnum]
            begins, ends = built.offsets[key]
            for position in starts:
                begin = begins[position]
                found.add((key, begin, begin + 1 if alternative.prefix else ends[position + last]))
    return found


def scan(articles: Sequence[Article], query: str) -> set[Occurrence]:
    """Every occurrence of ``query``, overlapping ones included: the truth."""
    found: set[Occurrence] = set()
    for article in articles:
        at = article.text.find(query)
        while at >= 0:
            found.add((article.key, at, at + len(query)))
            at = article.text.find(query, at + 1)
    return found


# --- the queries --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    text: str
    kind: str  # "1", "2", "3", "4" (characters) or "words"
    language: str


def draw_queries(articles: Sequence[Article], per_length: int, seed: int) -> list[Query]:
    rng = random.Random(seed + 1)
    queries: list[Query] = []
    for language in ("zh", "ja", "ko"):
        texts = [article.text for article in articles if article.language == language]
        for length in (1, 2, 3, 4):
            drawn: set[str] = set()
            for _ in range(per_length * 200):
                if len(drawn) == per_length or not texts:
                    break
                text = rng.choice(texts)
                at = rng.randrange(max(1, len(text) - length))
                candidate = text[at : at + length]
                if len(candidate) == length and ALL_CJK.fullmatch(candidate):
                    drawn.add(candidate)
            queries.extend(Query(text, str(length), language) for text in sorted(drawn))
        queries.extend(Query(word, "words", language) for word in COMMON_WORDS[language])
    return queries


# --- measuring ----------------------------------------------------------------------------------------------

KINDS = ("1", "2", "3", "4", "words")


@dataclass
class Result:
    approach: Approach
    built: Built
    expected: dict[str, int] = field(default_factory=dict)  # per query kind
    correct: dict[str, int] = field(default_factory=dict)
    found: int = 0
    times: list[tuple[float, Query]] = field(default_factory=list)  # CPU seconds per query
    misses: list[tuple[Query, int, int, int]] = field(default_factory=list)  # query, correct, found, expected

    def recall(self, kind: str | None = None) -> float:
        kinds = KINDS if kind is None else (kind,)
        expected = sum(self.expected.get(each, 0) for each in kinds)
        return sum(self.correct.get(each, 0) for each in kinds) / expected if expected else 1.0

    def precision(self) -> float:
        return sum(self.correct.values()) / self.found if self.found else 1.0


def measure(approach: Approach, articles: Sequence[Article], queries: Sequence[Query],
            truths: dict[str, set[Occurrence]], directory: Path) -> Result:
    built = build_index(approach, articles, directory)
    result = Result(approach, built)
    from whoosh.index import open_dir

    with open_dir(str(directory)).searcher() as searcher:
        keys = [fields["key"] for fields in searcher.reader().all_stored_fields()]
        built.terms = sum(1 for _ in searcher.reader().lexicon(FIELD))
        leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        for query in queries:
            plan = approach.plan(query.text)
            gc.disable()  # a collection pass over the truth's million tuples is not the query's cost
            started = time.process_time()
            per_leaf = [(run_query(reader, plan), offset) for reader, offset in leaves]
            result.times.append((time.process_time() - started, query))
            gc.enable()
            found: set[Occurrence] = set()
            for results, offset in per_leaf:
                shifted = [(alt, {docnum + offset: starts for docnum, starts in matches.items()})
                           for alt, matches in results]
                found |= occurrences(built, keys, shifted)
            truth = truths[query.text]
            correct = len(found & truth)
            result.expected[query.kind] = result.expected.get(query.kind, 0) + len(truth)
            result.correct[query.kind] = result.correct.get(query.kind, 0) + correct
            result.found += len(found)
            if correct < len(truth) or len(found) > correct:
                result.misses.append((query, correct, len(found), len(truth)))
    built.offsets.clear()
    return result


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def print_table(results: Sequence[Result], articles: Sequence[Article], queries: Sequence[Query],
                truths: dict[str, set[Occurrence]]) -> None:
    characters = sum(len(article.text) for article in articles)
    print(f"{len(articles)} articles (zh/ja/ko in turn), {characters:,} characters; {len(queries)} queries "
          f"({sum(len(truth) for truth in truths.values()):,} occurrences by brute-force scan)")
    print()
    print("| approach | recall 1 char | 2 chars | 3 chars | 4 chars | words | recall all | precision "
          "| tokens | terms | index MB | indexing s | query p50 ms | p95 ms | 1-char p95 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for result in results:
        recalls = " | ".join(f"{result.recall(kind):.1%}" for kind in KINDS)
        times = [seconds * 1000 for seconds, _ in result.times]
        single = [seconds * 1000 for seconds, query in result.times if query.kind == "1"]
        print(f"| {result.approach.name} | {recalls} | {result.recall():.1%} | {result.precision():.1%} "
              f"| {result.built.tokens:,} | {result.built.terms:,} | {result.built.size / 2**20:.1f} "
              f"| {result.built.seconds:.1f} | {statistics.median(times):.2f} | {percentile(times, 0.95):.2f} "
              f"| {percentile(single, 0.95):.2f} | {max(times):.1f} |")


def print_misses(result: Result) -> None:
    """Whether every query was exact, else the query of each kind that missed most occurrences."""
    slowest_seconds, slowest = max(result.times, key=lambda timed: timed[0])
    print(f"{result.approach.name}: slowest query {slowest.text} ({slowest_seconds * 1000:.0f} ms); ", end="")
    if not result.misses:
        print("every query found exactly the scan's occurrences, offsets identical")
        return
    print(f"{len(result.misses)} of the queries are not exact; per kind, the one most wrong:")
    for kind in KINDS:
        of_kind = [miss for miss in result.misses if miss[0].kind == kind]
        if not of_kind:
            continue
        query, correct, found, expected = max(of_kind, key=lambda miss: miss[2] + miss[3] - 2 * miss[1])
        ways = " or ".join("/".join(alt.words) for alt in result.approach.plan(query.text))
        print(f"  {query.text} ({query.language}, {query.kind}): {correct} of {expected} occurrences found, "
              f"{found - correct} wrong ones; query tokens {ways}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=25, help="random substrings per length and language")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--segmenter-site", help="a site-packages folder holding jieba, janome and kiwipiepy")
    arguments = parser.parse_args(argv)
    started = time.perf_counter()
    segmenters, note = load_segmenters(arguments.segmenter_site)
    articles = generate_articles(arguments.articles, arguments.seed)
    queries = draw_queries(articles, arguments.queries, arguments.seed)
    truths = {query.text: scan(articles, query.text) for query in queries}
    gc.freeze()  # the articles and the truth stay to the end: no collection needs to walk them again
    results = []
    temp = Path(tempfile.mkdtemp(prefix="lectern-cjk-"))
    try:
        for number, approach in enumerate(approaches(segmenters)):
            results.append(measure(approach, articles, queries, truths, temp / f"index-{number}"))
            print(f"  measured {approach.name}", file=sys.stderr)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    print_table(results, articles, queries, truths)
    print()
    if note:
        print(note)
    elif segmenters is not None:
        print(f"(c) segmenters' load time, not in the indexing time: {segmenters.load_seconds:.1f} s")
    for result in results[1:]:
        print_misses(result)
    print(f"wall-clock total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
