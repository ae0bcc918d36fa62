"""Back / Forward as a plain model (no Qt): the places left by jumps, in the order a browser keeps them."""

from __future__ import annotations

from ui.reader.navigation import NavigationHistory, Place

A, B, C, D = Place(1, 0), Place(2, 150), Place(3, 40, (40, 52)), Place(1, 900)


def test_back_returns_the_place_left_and_forward_the_place_gone_back_from() -> None:
    history = NavigationHistory()
    assert not history.can_go_back and not history.can_go_forward
    history.push(A)  # jumped from A to B
    history.push(B)  # jumped from B to C
    assert history.back(C) == B
    assert history.back(B) == A
    assert history.back(A) is None  # nowhere further back
    assert history.can_go_forward
    assert history.forward(A) == B
    assert history.forward(B) == C
    assert history.forward(C) is None
    assert history.back_places == [A, B]


def test_a_new_jump_after_going_back_drops_what_was_ahead() -> None:
    history = NavigationHistory()
    history.push(A)
    history.push(B)
    assert history.back(C) == B
    history.push(B)  # from B somewhere new: C is no longer ahead
    assert not history.can_go_forward
    assert history.back(D) == B
    assert history.back(B) == A


def test_the_same_place_pushed_twice_is_one_step() -> None:
    history = NavigationHistory()
    history.push(A)
    history.push(A)
    assert history.back_places == [A]


def test_only_the_newest_places_are_kept() -> None:
    history = NavigationHistory(limit=100)
    for number in range(130):
        history.push(Place(number, number))
    places = history.back_places
    assert len(places) == 100
    assert places[0] == Place(30, 30) and places[-1] == Place(129, 129)
    history.back(Place(999, 0))
    for _ in range(5):
        history.forward(history.back(Place(7, 7)))
    assert len(history.back_places) <= 100


def test_without_a_current_place_nothing_is_kept_for_the_other_way() -> None:
    history = NavigationHistory()
    history.push(A)
    assert history.back(None) == A
    assert not history.can_go_forward


def test_a_deleted_article_leaves_both_ways() -> None:
    history = NavigationHistory()
    for place in (A, B, D, C):
        history.push(place)
    assert history.back(Place(4, 0)) == C
    history.forget(1)
    assert history.back_places == [B]
    assert history.forward_places == [Place(4, 0)]
