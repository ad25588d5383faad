"""Properties of the exact split (product §3): parts sum exactly, fairly, deterministically."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.money import Money, allocate
from domain.quote import item_values, units_value
from domain.terms import PackageItem
from tests.domain.strategies import package_items

TOTALS = st.integers(0, 10**9)
WEIGHTS = st.lists(st.integers(0, 10**6), min_size=1, max_size=20)
FAST = settings(max_examples=200, deadline=None)


@FAST
@given(TOTALS, WEIGHTS)
def test_allocate_parts_sum_exactly_within_one_of_the_exact_share(
    total: int, weights: list[int]
) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total and len(parts) == len(weights)
    basis = weights if sum(weights) > 0 else [1] * len(weights)
    for part, weight in zip(parts, basis, strict=True):
        exact = Fraction(total * weight, sum(basis))
        assert part >= 0 and abs(part - exact) < 1
    assert allocate(total, list(weights)) == parts


@FAST
@given(TOTALS, st.integers(1, 50), st.integers(0, 10**6))
def test_allocate_splits_equal_weights_within_one_fen(total: int, count: int, weight: int) -> None:
    parts = allocate(total, [weight] * count)
    assert max(parts) - min(parts) <= 1
    assert parts == sorted(parts, reverse=True)  # ties go to the earlier part


@FAST
@given(st.integers(0, 10**9), package_items())
def test_item_values_sum_to_the_amount_paid(paid: int, items: tuple[PackageItem, ...]) -> None:
    values = item_values(paid, items)
    assert sum(values.values()) == paid
    assert list(values) == [i.code for i in items]


@FAST
@given(st.integers(0, 10**8), st.integers(1, 60))
def test_unit_values_of_an_item_sum_to_its_value(value: int, quantity: int) -> None:
    assert units_value(value, quantity, 0, quantity) == value
    assert sum(units_value(value, quantity, r, 1) for r in range(quantity)) == value


@FAST
@given(st.integers(-(10**12), 10**12))
def test_money_text_round_trips(fen: int) -> None:
    money = Money(fen)
    assert Money.parse(money.amount) == money
    assert (money + Money(1)) - Money(1) == money
