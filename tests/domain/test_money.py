"""Money over integer fen: parsing, formatting, arithmetic, and the exact split."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.money import Money, allocate
from tests.expect import broken


@pytest.mark.parametrize(
    ("text", "fen"),
    [("1999.00", 199900), ("1999", 199900), ("0.5", 50), ("0.05", 5), (" 12.34 ", 1234),
     ("-3.10", -310), ("0", 0)],
)  # fmt: skip
def test_money_parses_a_decimal_with_at_most_two_places_exactly(text: str, fen: int) -> None:
    assert Money.parse(text) == Money(fen, "CNY")


@pytest.mark.parametrize("text", ["1.234", "1,00", "abc", "", "1e3", "NaN", "1.", ".5", "+1"])
def test_money_rejects_anything_but_a_plain_decimal(text: str) -> None:
    with broken(InvalidInput, "invalid_input"):
        Money.parse(text)


@pytest.mark.parametrize(
    ("fen", "shown"),
    [(199900, "1999.00"), (5, "0.05"), (0, "0.00"), (-310, "-3.10"), (-5, "-0.05")],
)
def test_money_formats_as_a_two_place_decimal(fen: int, shown: str) -> None:
    assert Money(fen).amount == shown
    assert str(Money(fen, "USD")) == f"{shown} USD"
    assert Money.parse(shown) == Money(fen)


def test_money_is_never_a_float_nor_a_bool() -> None:
    with broken(InvalidInput, "invalid_input"):
        Money(19.99)  # type: ignore[arg-type]
    with broken(InvalidInput, "invalid_input"):
        Money(True)


@pytest.mark.parametrize("currency", ["cny", "RMB1", "", "YUAN"])
def test_money_needs_an_iso_currency(currency: str) -> None:
    with broken(InvalidInput, "invalid_input"):
        Money(100, currency)


def test_money_adds_and_subtracts_only_the_same_currency() -> None:
    assert Money(150) + Money(50) == Money(200)
    assert Money(150) - Money(200) == Money(-50)
    assert Money.zero("USD") == Money(0, "USD")
    with broken(InvalidInput, "invalid_input"):
        Money(1) + Money(1, "USD")
    with broken(InvalidInput, "invalid_input"):
        Money(1) - Money(1, "USD")


def test_allocate_splits_by_largest_remainder_ties_to_the_earlier_part() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(199900, [1200, 600, 300, 400]) == [95952, 47976, 23988, 31984]
    assert allocate(5, [0, 0]) == [3, 2]
    assert allocate(7, []) == []
    assert allocate(0, [3, 1]) == [0, 0]


def test_allocate_gives_the_leftover_fen_to_the_largest_remainders_first() -> None:
    # Distinct remainders: 100 x 1/3 = 33.3 and 100 x 2/3 = 66.7; the fen left goes to .7
    assert allocate(100, [1, 2]) == [33, 67]
    # 50.0, 16.7, 33.3: one fen short, it goes to the middle part (remainder 4 of 6)
    assert allocate(100, [3, 1, 2]) == [50, 17, 33]
    # 1.4, 2.1, 3.5: the last part has the largest remainder, not the earliest
    assert allocate(7, [2, 3, 5]) == [1, 2, 4]
    # 2.43, 4.86, 9.71: two fen short, they go to .86 and .71; the first part (.43) gets none
    assert allocate(17, [1, 2, 4]) == [2, 5, 10]


def test_allocate_refuses_negative_totals_and_weights() -> None:
    with broken(InvalidInput, "invalid_input"):
        allocate(-1, [1])
    with broken(InvalidInput, "invalid_input"):
        allocate(10, [2, -1])
