"""Titles order as people count them."""

from __future__ import annotations

from annotations.natural_order import natural_key


def test_numbers_in_titles_order_by_value_and_case_does_not_matter() -> None:
    titles = ["Report 10", "report 2", "Report 1", "Annex B", "annex a", "Report 2a", "Report 100"]
    assert sorted(titles, key=natural_key) == [
        "annex a",
        "Annex B",
        "Report 1",
        "report 2",
        "Report 2a",
        "Report 10",
        "Report 100",
    ]
