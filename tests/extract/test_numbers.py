"""extract.numbers: figures, number words, hedges and the vague-quantity table."""

from __future__ import annotations

import pytest

from sitrep.extract.numbers import Quantity, load_vague_quantities, parse_number, read_quantity


def _words(text: str) -> list[str]:
    return text.lower().replace("-", " - ").split()


def _q(text: str) -> Quantity:
    q = read_quantity(_words(text), 0)
    assert q is not None, text
    return q


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,200", 1200),
        ("ten", 10),
        ("thirty-seven", 37),
        ("Thirty seven", 37),
        ("two hundred and five", 205),
        ("2 million", 2_000_000),
    ],
)
def test_parse_number_reads_figures_and_number_words(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["five six", "twenty ten", "soldiers", ""])
def test_parse_number_refuses_what_is_not_one_figure(text: str) -> None:
    assert parse_number(text) is None


def test_at_least_n_codes_n_acled_conservative() -> None:
    q = _q("at least 37 attackers")
    assert (q.low, q.best, q.high, q.vague) == (37, 37, 37, False)


def test_more_than_n_codes_n() -> None:
    q = _q("more than 30 inmates")
    assert (q.low, q.best, q.high) == (30, 30, 30)
    assert q.hedge == "floor"


def test_up_to_n_keeps_n_as_best_and_lowers_low() -> None:
    q = _q("up to 40 people")
    assert (q.low, q.best, q.high) == (1, 40, 40)


def test_range_takes_lowest_as_best_and_highest_as_high() -> None:
    for text in ("between 4 and 6", "between 4 to 6", "4 to 6", "4-6", "four or six"):
        q = _q(text)
        assert (q.low, q.best, q.high) == (4, 4, 6), text


def test_dozens_is_twelve_not_twenty_four() -> None:
    q = _q("dozens of insurgents")
    assert (q.best, q.vague) == (12, True)
    assert q.end == 2  # "of" is part of the quantity


def test_two_dozen_is_a_figure() -> None:
    q = _q("two-dozen villagers")
    assert (q.best, q.vague) == (24, False)


def test_small_vague_plurals_code_three_large_ones_ten() -> None:
    assert _q("several soldiers").best == 3
    assert _q("a few soldiers").best == 3
    assert _q("a number of soldiers").best == 3
    assert _q("many soldiers").best == 10
    assert _q("hundreds of people").best == 100


def test_some_before_a_figure_is_a_hedge_and_alone_is_vague() -> None:
    assert (_q("some 30 people").best, _q("some 30 people").vague) == (30, False)
    assert (_q("some militants").best, _q("some militants").vague) == (3, True)


def test_more_than_a_dozen_has_the_dozen_as_its_floor() -> None:
    q = _q("more than a dozen")
    assert (q.low, q.best) == (12, 12)


def test_every_vague_entry_is_ordered_and_names_its_rule() -> None:
    table = load_vague_quantities()
    assert table[("dozens",)].value == 12
    for entry in table.values():
        assert entry.low <= entry.value <= entry.high
        assert entry.rule


def test_words_that_are_not_counts_give_nothing() -> None:
    assert read_quantity(_words("soldiers were killed"), 0) is None
    assert read_quantity(_words("between the two"), 0) is None
