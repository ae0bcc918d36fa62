"""Re-anchoring highlights in a newer version of a document (DESIGN §3): what a reader expects to see happen."""

from __future__ import annotations

import pytest

from annotations.models import Annotation
from annotations.reanchor import Placement, Reanchorer, Selector, reanchor, reanchor_all

ARTICLE = (
    "Air defense support between two states can take at least five distinct forms.\n\n"
    "Sensor transfers are large and hard to hide. Interceptor transfers are the most sensitive, "
    "because stocks are finite and wartime demand is high.\n\n"
    "Training is the quietest form of support. It leaves few traces, and analysts should weigh it with care.\n\n"
    "Maintenance creates dependency: the partner that repairs the radars also learns how they are used.\n\n"
    "Training again appears in the final communique, but the communique says nothing about its scale."
)

BOTH_MODES = pytest.mark.parametrize("with_old_text", [True, False], ids=["with old text", "selector only"])


def at(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    """The span of the ``occurrence``-th (0-based) ``quote`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def select(text: str, quote: str, occurrence: int = 0) -> Selector:
    return Selector.from_text(text, *at(text, quote, occurrence))


def place(selector: Selector, new_text: str, with_old_text: bool, old_text: str = ARTICLE) -> Placement:
    return reanchor(selector, new_text, old_text=old_text if with_old_text else None)


def span(placement: Placement) -> tuple[int | None, int | None]:
    return placement.start, placement.end


@BOTH_MODES
def test_an_unchanged_text_keeps_every_highlight(with_old_text: bool) -> None:
    selector = select(ARTICLE, "Maintenance creates dependency")
    placement = place(selector, ARTICLE, with_old_text)
    assert placement == Placement("kept", selector.start, selector.end, "Maintenance creates dependency", 1.0)


@BOTH_MODES
def test_text_inserted_before_moves_the_highlight_by_its_length(with_old_text: bool) -> None:
    new = "A new opening paragraph, added in the second edition.\n\n" + ARTICLE
    selector = select(ARTICLE, "the quietest form of support")
    placement = place(selector, new, with_old_text)
    assert placement.status == "moved"
    assert (placement.start, placement.end) == (selector.start + 55, selector.end + 55)
    assert new[placement.start : placement.end] == "the quietest form of support"


@BOTH_MODES
def test_text_inserted_after_keeps_the_highlight(with_old_text: bool) -> None:
    new = ARTICLE + "\n\nA closing note on sources."
    selector = select(ARTICLE, "weigh it with care")
    assert place(selector, new, with_old_text).status == "kept"


@BOTH_MODES
def test_a_quote_that_occurs_twice_goes_to_the_one_with_its_context(with_old_text: bool) -> None:
    # Cutting a sentence brings the first "Training" close to where the second one was.
    new = ARTICLE.replace("Sensor transfers are large and hard to hide. ", "")
    assert span(place(select(ARTICLE, "Training", 0), new, with_old_text)) == at(new, "Training", 0)
    moved = place(select(ARTICLE, "Training", 1), new, with_old_text)
    assert (moved.status, span(moved)) == ("moved", at(new, "Training", 1))


@BOTH_MODES
def test_context_wins_over_nearness_when_paragraphs_are_reordered(with_old_text: bool) -> None:
    first, *middle, last = ARTICLE.split("\n\n")
    new = "\n\n".join([first, last, *middle])
    placement = place(select(ARTICLE, "Training", 1), new, with_old_text)  # "Training again appears ..."
    assert (placement.status, span(placement)) == ("moved", at(new, "Training", 0))
    assert new[placement.start :].startswith("Training again")


@BOTH_MODES
def test_a_common_word_is_refound_where_it_was_after_an_edit_elsewhere(with_old_text: bool) -> None:
    new = ARTICLE.replace("at least five distinct forms", "several distinct forms, and the list is not complete")
    start = ARTICLE.index("the partner")
    placement = place(Selector.from_text(ARTICLE, start, start + 3), new, with_old_text)
    assert (placement.status, span(placement)) == ("moved", (new.index("the partner"), new.index("the partner") + 3))


@BOTH_MODES
def test_a_fixed_typo_inside_the_quote_gives_a_fuzzy_match_over_the_corrected_words(with_old_text: bool) -> None:
    old = ARTICLE.replace("weigh it with care", "wiegh it with care")
    selector = select(old, "analysts should wiegh it with care")
    placement = place(selector, ARTICLE, with_old_text, old_text=old)
    assert placement.status == "fuzzy"
    assert placement.exact == "analysts should weigh it with care"
    assert span(placement) == at(ARTICLE, "analysts should weigh it with care")
    assert 0.8 < placement.score < 1.0


@BOTH_MODES
def test_a_reworded_phrase_inside_a_long_quote_is_a_fuzzy_match_on_word_boundaries(with_old_text: bool) -> None:
    new = ARTICLE.replace("stocks are finite", "their stocks are limited")
    selector = select(ARTICLE, "stocks are finite and wartime demand")
    placement = place(selector, new, with_old_text)
    assert (placement.status, placement.exact) == ("fuzzy", "stocks are limited and wartime demand")


@BOTH_MODES
def test_a_fuzzy_match_ends_on_a_word_boundary_where_the_quote_did(with_old_text: bool) -> None:
    new = ARTICLE.replace("analysts should weigh it", "the analyst should weight it")
    placement = place(select(ARTICLE, "analysts should weigh"), new, with_old_text)
    assert (placement.status, placement.exact) == ("fuzzy", "analyst should weight")  # not "... should weigh"


@BOTH_MODES
def test_a_quote_changed_beyond_a_quarter_of_its_characters_is_orphaned(with_old_text: bool) -> None:
    new = ARTICLE.replace("stocks are finite", "national stocks are small")
    selector = select(ARTICLE, "because stocks are finite and wartime demand is high")
    assert place(selector, new, with_old_text).orphaned


@BOTH_MODES
def test_a_deleted_paragraph_orphans_its_highlights(with_old_text: bool) -> None:
    paragraph = "Maintenance creates dependency: the partner that repairs the radars also learns how they are used.\n\n"
    new = ARTICLE.replace(paragraph, "")
    for quote in ("Maintenance creates dependency", "the radars", "used"):
        assert place(select(ARTICLE, quote), new, with_old_text) == Placement("orphaned")


@BOTH_MODES
def test_a_quote_mostly_deleted_is_orphaned(with_old_text: bool) -> None:
    new = ARTICLE.replace(
        "Interceptor transfers are the most sensitive, because stocks are finite", "Interceptors matter"
    )
    selector = select(ARTICLE, "Interceptor transfers are the most sensitive, because stocks are finite")
    assert place(selector, new, with_old_text).orphaned


@BOTH_MODES
def test_a_short_quote_is_never_fuzzy_matched(with_old_text: bool) -> None:
    new = ARTICLE.replace("The radars", "the radar").replace("the radars", "the radar")
    selector = select(ARTICLE, "ars")
    assert ARTICLE[selector.start - 3 : selector.end] == "radars"
    assert place(selector, new, with_old_text).orphaned


def test_a_copy_of_a_deleted_passage_elsewhere_is_not_taken_for_it() -> None:
    quote = "stocks are finite and wartime demand is high"
    old = ARTICLE + f"\n\nA footnote repeats that {quote}, in other words."
    new = old.replace(f"because {quote}", "for now")
    for old_text in (old, None):
        assert reanchor(select(old, quote, 0), new, old_text=old_text).orphaned
        copy = reanchor(select(old, quote, 1), new, old_text=old_text)
        assert (copy.status, copy.start) == ("moved", new.index(quote))


def test_with_the_old_text_a_short_quote_between_two_edits_is_still_found() -> None:
    """The diff knows the characters survived even when the stored context on both sides changed."""
    old = "The committee met on Tuesday. It voted to delay the report until spring. Members disagreed."
    new = "A NEW SENTENCE REPLACES THE FIRST. It voted to delay the report. Members disagreed sharply."
    selector = select(old, "It voted")
    assert reanchor(selector, new, old_text=old).start == new.index("It voted")


def test_reanchor_all_places_each_selector_in_order() -> None:
    new = "Preface.\n\n" + ARTICLE.replace("Training is the quietest", "Training is perhaps the quietest")
    quotes = ["Sensor transfers", "Training is the quietest form of support", "Training"]
    selectors = [select(ARTICLE, quote) for quote in quotes] + [Selector(0, 7, "Nowhere", "", " in the text")]
    placements = reanchor_all(selectors, new, old_text=ARTICLE)
    assert [placement.status for placement in placements] == ["moved", "fuzzy", "moved", "orphaned"]
    assert placements[0].exact == "Sensor transfers"
    assert placements[1].exact == "Training is perhaps the quietest form of support"
    assert placements == [Reanchorer(new, old_text=ARTICLE).place(selector) for selector in selectors]


def test_a_selector_from_a_stored_annotation() -> None:
    start, end = at(ARTICLE, "Sensor transfers")
    annotation = Annotation(
        id=1, uuid="u", document_id=1, start=start, end=end, exact="Sensor transfers", prefix=ARTICLE[:start][-32:],
        suffix=ARTICLE[end : end + 32], color="yellow", note="", created="", modified="",
    )  # fmt: skip
    assert Selector.of(annotation) == Selector.from_text(ARTICLE, start, end)


@pytest.mark.parametrize("new_text", ["", "Completely different words."])
def test_nothing_to_find_is_an_orphan(new_text: str) -> None:
    assert reanchor(select(ARTICLE, "Training"), new_text).orphaned
    assert reanchor(select(ARTICLE, "Training"), new_text, old_text=ARTICLE).orphaned


def test_a_selector_that_does_not_match_the_old_text_falls_back_to_its_quote() -> None:
    selector = Selector(0, 8, "Training", prefix="", suffix=" is the quietest form of support.")
    placement = reanchor(selector, ARTICLE, old_text=ARTICLE)
    assert (placement.status, placement.start) == ("moved", ARTICLE.index("Training"))
    assert reanchor(Selector(3, 3, ""), ARTICLE).orphaned


def test_a_word_inserted_before_the_quote_s_last_word_keeps_that_word() -> None:
    old = "Analysts agree. Interceptor stocks are finite and wartime demand is high. Training is quiet."
    new = "Analysts agree. Interceptor stocks are finite and wartime demand is very high. Training is quiet."
    quote = "stocks are finite and wartime demand is high"
    start = old.index(quote)
    for old_text in (old, None):
        placement = reanchor(Selector.from_text(old, start, start + len(quote)), new, old_text=old_text)
        assert (placement.status, placement.exact) == ("fuzzy", "stocks are finite and wartime demand is very high")
