"""Syndicated copies: precision, recall and time per article of the near-duplicate detection.

    .venv/bin/python benchmarks/near_duplicates.py [--stories 150] [--seed 11]
    .venv/bin/python benchmarks/near_duplicates.py --import-cost 1000 [--rounds 3]

Generated news stories on a handful of topics (one sentence grammar, so that articles on the same topic share
stock phrases like "said on Tuesday that the"), each with syndicated variants that are copies:

- ``boilerplate``: another headline, a byline line and an outlet's footer;
- ``dropped``: the same, with one paragraph left out;
- ``reworded``: the same, with three sentences reworded;
- ``trimmed``: only the first 60 % of the paragraphs (a shortened wire story), reported on its own line;

and articles that are not copies: ``same topic`` (another story from the same grammar and vocabulary),
``quotes one paragraph`` (another story quoting a paragraph of the original), ``reuses background`` (another
story repeating two of the original's paragraphs, as follow-ups do).

The articles arrive in random order, as imports do. For each parameter set the detection runs as the store
runs it (LSH buckets → MinHash estimate → exact Jaccard of the shingle sets ≥ threshold), in memory; the chosen
parameters also run through a real SQLite store (``Store.add_document``), whose time per article is the
import's extra cost. An article counts as found when it was linked, on arrival, to an article of its own
story; precision is the share of links that were right.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # import_speed's generated articles

from annotations import near_duplicates as nd  # noqa: E402
from annotations.models import ParsedDocument  # noqa: E402
from annotations.store import Store  # noqa: E402

TOPICS = {
    "air defence": (
        ["the defence ministry", "a senior air force officer", "the regional governor", "military analysts",
         "a spokesman for the general staff", "two officials familiar with the plan"],
        ["air defence batteries", "radar stations", "interceptor missiles", "the new launchers",
         "mobile air defence units", "the drone interceptors"],
        ["the eastern border", "the capital", "the port city", "the northern airfields", "the river crossings"],
    ),
    "sanctions": (
        ["the finance ministry", "a trade envoy", "the central bank", "european diplomats", "a sanctions lawyer",
         "the customs service"],
        ["export controls", "the new sanctions package", "restrictions on dual-use goods", "the price cap",
         "asset freezes", "shipping insurance rules"],
        ["the baltic ports", "third countries", "the gulf", "central asian transit routes", "the black sea"],
    ),
    "energy": (
        ["the energy minister", "the grid operator", "industry analysts", "a utility executive", "the regulator",
         "pipeline engineers"],
        ["gas deliveries", "the repaired pipeline", "electricity imports", "the reserve generators",
         "winter fuel stocks", "the nuclear plant"],
        ["the southern grid", "the border interconnector", "the industrial region", "the coastal terminal",
         "the eastern provinces"],
    ),
}
VERBS = ["moved", "deployed", "expanded", "tightened", "delayed", "reviewed", "announced", "suspended", "extended"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{Actor} said on {day} that {thing} would be {verb} to {place} within {n} weeks.",
    "According to {actor}, {thing} had been {verb} after talks in {place} failed to produce an agreement.",
    "The decision follows months of pressure from {actor}, who argued that {thing} near {place} were not enough.",
    "{Actor} declined to comment on the timing, but confirmed that {thing} were {verb} last {day}.",
    "Officials in {place} said {n} percent of {thing} were already in place, a figure {actor} disputed.",
    "It was not immediately clear how {thing} would be paid for, {actor} told reporters on {day}.",
    "Critics say {thing} came too late for {place}, where {n} incidents were reported this year.",
    "{Actor} warned that any further delay to {thing} could leave {place} exposed through the winter.",
    "A statement released on {day} said {thing} would remain {verb} until the review ends in {n} days.",
    "In a separate development, {actor} said {thing} at {place} had been {verb} for maintenance.",
    "The plan, first reported on {day}, calls for {n} more units of {thing} to reach {place} by spring.",
    "{Actor} said the measures on {thing} were {verb} in close coordination with partners in {place}.",
]
SYNONYMS = {
    "said": "stated", "would": "will", "officials": "authorities", "after": "following", "talks": "negotiations",
    "comment": "remark", "confirmed": "acknowledged", "reporters": "journalists", "warned": "cautioned",
    "further": "additional", "decision": "move", "months": "weeks", "pressure": "lobbying", "clear": "obvious",
    "immediately": "yet", "released": "issued", "measures": "steps", "separate": "different", "calls": "asks",
}
FOOTERS = [
    "Reporting by {a}; Editing by {b}. Our Standards: The Thomson Trust Principles.",
    "Copyright {y} {o}. All rights reserved. This material may not be published, broadcast or redistributed.",
    "Sign up for our morning newsletter to get the day's top stories in your inbox. Follow {o} on social media.",
]
NAMES = ["Anna Petrova", "John Miller", "Sara Costa", "Li Wei", "Omar Haddad", "Eva Novak", "Tom Berg"]
OUTLETS = ["The Daily Ledger", "Metro Post", "Global Wire", "City Herald", "Evening Standard Online"]
VARIANTS = ("boilerplate", "dropped", "reworded", "trimmed")
NON_COPIES = ("same topic", "quotes one paragraph", "reuses background")


@dataclass(frozen=True)
class Article:
    text: str
    story: int  # the true story: copies share their original's
    kind: str  # "original", a variant or a non-copy kind


def _sentence(rng: random.Random, topic: str) -> str:
    actors, things, places = TOPICS[topic]
    actor = rng.choice(actors)
    words = {"actor": actor, "Actor": actor[0].upper() + actor[1:], "thing": rng.choice(things),
             "place": rng.choice(places), "verb": rng.choice(VERBS), "day": rng.choice(DAYS), "n": rng.randint(2, 90)}  # fmt: skip
    return rng.choice(TEMPLATES).format(**words)


def _story(rng: random.Random, topic: str) -> list[str]:
    """8 to 12 paragraphs of 3 to 5 sentences."""
    return [" ".join(_sentence(rng, topic) for _ in range(rng.randint(3, 5))) for _ in range(rng.randint(8, 12))]


def _reword(rng: random.Random, paragraphs: list[str], sentences: int) -> list[str]:
    """Reword ``sentences`` sentences: synonyms for their common words, or a clause moved to the front."""
    split = [paragraph.split(". ") for paragraph in paragraphs]
    places = [(p, s) for p, sentences_of in enumerate(split) for s in range(len(sentences_of))]
    for p, s in rng.sample(places, min(sentences, len(places))):
        words = split[p][s].split(" ")
        changed = [SYNONYMS.get(word, word) for word in words]
        if changed == words:
            changed = words[len(words) // 2 :] + words[: len(words) // 2]
        split[p][s] = " ".join(changed)
    return [". ".join(sentences_of) for sentences_of in split]


def _wrap(rng: random.Random, paragraphs: list[str]) -> str:
    headline = " ".join(rng.sample(paragraphs[0].split(" "), 7)).capitalize()
    byline = f"By {rng.choice(NAMES)}, {rng.choice(OUTLETS)}"
    footers = [footer.format(a=rng.choice(NAMES), b=rng.choice(NAMES), y=rng.randint(2019, 2025), o=rng.choice(OUTLETS))
               for footer in rng.sample(FOOTERS, 2)]  # fmt: skip
    return "\n\n".join([headline, byline, *paragraphs, *footers])


def generate(stories: int, seed: int) -> list[Article]:
    """Originals, their syndicated variants and the look-alikes that are not copies, in random order."""
    rng = random.Random(seed)
    articles: list[Article] = []
    next_story = stories
    for story in range(stories):
        topic = rng.choice(list(TOPICS))
        original = _story(rng, topic)
        articles.append(Article(_wrap(rng, original), story, "original"))
        dropped = list(original)
        del dropped[rng.randrange(1, len(dropped))]
        trimmed = original[: max(3, round(len(original) * 0.6))]
        for kind, paragraphs in (("boilerplate", original), ("dropped", dropped),
                                 ("reworded", _reword(rng, original, 3)), ("trimmed", trimmed)):  # fmt: skip
            articles.append(Article(_wrap(rng, paragraphs), story, kind))
        for kind in NON_COPIES:
            own = _story(rng, topic)
            if kind == "quotes one paragraph":
                own.insert(rng.randrange(len(own)), f"“{rng.choice(original)}”")
            elif kind == "reuses background":
                own[-2:] = rng.sample(original, 2)
            articles.append(Article(_wrap(rng, own), next_story, kind))
            next_story += 1
    rng.shuffle(articles)
    return articles


@dataclass(frozen=True)
class Parameters:
    size: int = nd.SHINGLE_TOKENS
    permutations: int = nd.PERMUTATIONS
    bands: int = nd.BANDS
    threshold: float = nd.THRESHOLD

    def __str__(self) -> str:
        return f"{self.size}-token shingles, {self.permutations} values, {self.bands} bands, ≥ {self.threshold:.0%}"


def detect(articles: list[Article], parameters: Parameters) -> tuple[list[int | None], float]:
    """Each article's link on arrival (the index of the article it was found a copy of, or None), as the
    store decides it, and the seconds per article."""
    buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
    shingled: list = []
    signatures: list = []
    links: list[int | None] = []
    started = time.perf_counter()
    for number, article in enumerate(articles):
        hashed = nd.shingles(article.text, parameters.size)
        signature = nd.minhash(hashed, parameters.permutations)
        shingled.append(hashed)
        signatures.append(signature)
        mine = nd.band_buckets(signature, parameters.bands)
        candidates = {other for key in mine for other in buckets[key]}
        best, best_score = None, 0.0
        for other in sorted(candidates):
            if nd.estimated_similarity(signature, signatures[other]) < parameters.threshold - nd.ESTIMATE_MARGIN:
                continue
            score = nd.similarity(hashed, shingled[other])
            if score >= parameters.threshold and score > best_score:
                best, best_score = other, score
        links.append(best)
        for key in mine:
            buckets[key].append(number)
    return links, (time.perf_counter() - started) / len(articles)


def scores(articles: list[Article], links: list[int | None]) -> dict[str, tuple[int, int]]:
    """Per kind: (found, of how many) for copies; (wrongly linked, of how many) for the others."""
    seen: set[int] = set()
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for article, link in zip(articles, links, strict=True):
        linked_right = link is not None and articles[link].story == article.story
        if article.story in seen:  # an article of its story came before: it should be linked
            kind = article.kind if article.kind != "original" else "original (after a copy)"
            tally[kind][0] += linked_right
            tally[kind][1] += 1
        else:
            tally[f"not a copy: {article.kind}"][0] += link is not None
            tally[f"not a copy: {article.kind}"][1] += 1
        seen.add(article.story)
    return {kind: (found, total) for kind, (found, total) in tally.items()}


def precision_recall(articles: list[Article], links: list[int | None], kinds: tuple[str, ...]) -> tuple[float, float]:
    """Precision over every link made; recall over the articles of ``kinds`` that should be linked."""
    seen: set[int] = set()
    right = made = found = due = 0
    for article, link in zip(articles, links, strict=True):
        correct = link is not None and articles[link].story == article.story
        made += link is not None
        right += correct
        if article.story in seen and article.kind in kinds:
            due += 1
            found += correct
        seen.add(article.story)
    return (right / made if made else 1.0), (found / due if due else 1.0)


def pair_scores(articles: list[Article], stories: list[int]) -> tuple[float, float]:
    """Precision and recall over pairs of articles: a pair the store put in one story that is truly one story,
    and a pair of one true story (its trimmed versions left out) that the store put together."""
    together = right = due = found = 0
    for first in range(len(articles)):
        for second in range(first + 1, len(articles)):
            same = articles[first].story == articles[second].story
            grouped = stories[first] == stories[second]
            together += grouped
            right += grouped and same
            if same and "trimmed" not in (articles[first].kind, articles[second].kind):
                due += 1
                found += grouped
    return (right / together if together else 1.0), (found / due if due else 1.0)


def time_store(articles: list[Article], mark_copies: bool) -> tuple[float, int, list[int]]:
    """Seconds per ``Store.add_document`` into a real SQLite library, how many articles it marked copies, and
    each article's story as the store left it. ``mark_copies=False`` takes the fingerprint and its SQL out
    (the difference is what copies cost an import)."""
    import annotations.store as store_module

    with tempfile.TemporaryDirectory(prefix="lectern-near-duplicates-") as folder:
        store = Store(Path(folder) / "library.sqlite3")
        if not mark_copies:
            store_module.fingerprint = lambda text: None  # type: ignore[assignment]
            store.copies.attach = lambda connection, document_id, found: []  # type: ignore[method-assign]
        try:
            started = time.perf_counter()
            for number, article in enumerate(articles):
                store.add_document(ParsedDocument(title=f"Article {number}", text=article.text, html="", format="txt",
                                                  published=f"2024-01-01T{number // 3600:02d}:{number // 60 % 60:02d}:{number % 60:02d}",
                                                  language="en"))  # fmt: skip
            seconds = (time.perf_counter() - started) / len(articles)
            marked = sum(1 for summary in store.document_summaries() if summary.copy_of is not None)
            by_id = store.copies.stories(store.document_ids())
            stories = [by_id[document_id] for document_id in sorted(by_id)]  # ids follow the articles' order
        finally:
            store_module.fingerprint = nd.fingerprint
            store.close()
    return seconds, marked, stories


def import_once(folder: Path, data_dir: Path, mark_copies: bool) -> tuple[float, float]:
    """Seconds for ``Library.import_paths`` of ``folder`` until searchable (run in a process of its own), and
    the CPU seconds of this process meanwhile (storing, indexing: where marking copies runs; a busy machine
    stretches the first figure, hardly the second)."""
    from app import Library

    if not mark_copies:  # the fingerprint and its SQL taken out: the import as it was before copies
        import annotations.store as store_module
        from annotations.store_copies import CopyTable

        store_module.fingerprint = lambda text: None  # type: ignore[assignment]
        CopyTable.attach = lambda self, connection, document_id, found: []  # type: ignore[method-assign]
    library = Library(data_dir)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        library.documents.import_paths([folder])
        library.index.flush(timeout=600)
        return time.perf_counter() - started, time.process_time() - cpu
    finally:
        library.close()


def import_cost(articles: int, rounds: int) -> None:
    """The import of ``benchmarks/import_speed.py``'s generated articles with and without marking copies,
    alternating, in fresh processes (a busy machine slows both the same way); the medians are compared."""
    from import_speed import generate_articles

    with tempfile.TemporaryDirectory(prefix="lectern-import-cost-") as temp:
        folder = Path(temp) / "articles"
        folder.mkdir()
        generate_articles(folder, articles, 1000)
        seconds: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        for round_number in range(rounds):
            for mark_copies in (False, True) if round_number % 2 == 0 else (True, False):
                data_dir = Path(temp) / f"library-{round_number}-{mark_copies}"
                completed = subprocess.run(
                    [sys.executable, __file__, "--import-once", str(folder), str(data_dir), str(mark_copies)],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                report = json.loads(completed.stdout)
                seconds[mark_copies].append(report["seconds"])
                cpu[mark_copies].append(report["cpu"])
    print(f"Importing {articles:,} generated articles of 1,000 words (import_speed.py's), {rounds} rounds each:")
    print()
    print("| | median s | articles/s | each round, s | main process CPU s (median) |")
    print("|---|---|---|---|---|")
    for label, key in (("without copies", False), ("marking copies", True)):
        runs = ", ".join(f"{value:.2f}" for value in seconds[key])
        median = statistics.median(seconds[key])
        print(f"| {label} | {median:.2f} | {articles / median:,.0f} | {runs} | {statistics.median(cpu[key]):.2f} |")
    print()
    for name, figures in (("wall-clock", seconds), ("main-process CPU", cpu)):
        before, after = statistics.median(figures[False]), statistics.median(figures[True])
        print(f"Marking copies, {name}: {after / before - 1:+.1%} ({(after - before) / articles * 1000:+.2f} ms per article)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=150)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--import-cost", type=int, metavar="ARTICLES", help="time imports with and without copies")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--import-once", nargs=3, metavar=("FOLDER", "DATA_DIR", "MARK"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.import_once:
        folder, data_dir, mark = arguments.import_once
        seconds, cpu = import_once(Path(folder), Path(data_dir), mark == "True")
        print(json.dumps({"seconds": seconds, "cpu": cpu}))
        return 0
    if arguments.import_cost:
        import_cost(arguments.import_cost, arguments.rounds)
        return 0
    articles = generate(arguments.stories, arguments.seed)
    words = sum(len(article.text.split()) for article in articles) / len(articles)
    print(f"{len(articles):,} articles ({arguments.stories} stories), {words:.0f} words on average")
    print()
    chosen = Parameters()
    alternatives = [
        chosen,
        Parameters(threshold=0.8),
        Parameters(threshold=0.6),
        Parameters(size=3),
        Parameters(size=7),
        Parameters(permutations=128, bands=32),
        Parameters(permutations=32, bands=8),
        Parameters(permutations=64, bands=8),
    ]
    copies = ("boilerplate", "dropped", "reworded", "original")
    print("| parameters | precision | recall (copies) | recall (trimmed to 60 %) | ms per article |")
    print("|---|---|---|---|---|")
    chosen_links: list[int | None] = []
    for parameters in alternatives:
        links, seconds = detect(articles, parameters)
        chosen_links = links if parameters == chosen else chosen_links
        precision, recall = precision_recall(articles, links, copies)
        _, trimmed = precision_recall(articles, links, ("trimmed",))
        mark = " (chosen)" if parameters == chosen else ""
        print(f"| {parameters}{mark} | {precision:.1%} | {recall:.1%} | {trimmed:.1%} | {seconds * 1000:.2f} |")
    print()
    print(f"Per kind, {chosen}:")
    print()
    print("| kind | linked to its story | of |")
    print("|---|---|---|")
    for kind, (found, total) in sorted(scores(articles, chosen_links).items()):
        print(f"| {kind} | {found} | {total} |")
    plain, _, _ = time_store(articles, mark_copies=False)
    marking, marked, stories = time_store(articles, mark_copies=True)
    precision, recall = pair_scores(articles, stories)
    print()
    print(f"Through a real SQLite store, per add_document: {plain * 1000:.2f} ms without copies, {marking * 1000:.2f} ms"
          f" with them (+{(marking - plain) * 1000:.2f} ms: fingerprint, bands, candidates, marks, in its transaction);"
          f" {marked} articles marked copies.")  # fmt: skip
    print(f"Stories as the store leaves them (stories joined when an article matches two), over pairs of articles:"
          f" precision {precision:.1%}, recall {recall:.1%} (trimmed versions left out).")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
