"""The refund quote (product §3): exact item and unit values, the policy, the fee, the cap."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.errors import (
    InvalidInput,
    ItemNotRefundable,
    RefundExceedsEntitlements,
    UnknownItem,
)
from domain.quote import ItemUsage, QuoteRequest, RefundScope, item_values, quote, units_value
from domain.terms import PackageItem, RefundPolicy
from tests.expect import broken
from tests.fixtures import START, diabetes_items

ITEMS = diabetes_items()
UNUSED = {i.code: ItemUsage(granted=i.quantity) for i in ITEMS}
ESCORT = RefundScope("items", {"escort": 1})
REMAINING = RefundScope("remaining")


def request(**changes: object) -> QuoteRequest:
    """Started a month ago, no cooling-off left, nothing used yet: pro rata."""
    base = QuoteRequest(
        items=ITEMS, policy=RefundPolicy(full_before_start=True, cooling_off_days=7),
        amount_paid=199900, refundable=199900, usage=dict(UNUSED), started=True,
        purchased_at=START, now=START + timedelta(days=30),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def used(**counts: ItemUsage) -> dict[str, ItemUsage]:
    return {**UNUSED, **counts}


def test_item_value_is_its_weight_share_split_exactly() -> None:
    assert item_values(199900, ITEMS) == {
        "follow_up": 95952, "escort": 47976, "education": 23988, "band": 31984,
    }  # fmt: skip
    assert units_value(100, 3, 0, 1) == 33  # units are taken from the end: [34, 33, 33]
    assert units_value(100, 3, 1, 2) == 67
    assert units_value(100, 3, 0, 3) == 100


def test_a_quote_splits_the_amount_paid_by_largest_remainder() -> None:
    # 10.00 over weights 1 and 2 is 3.333... and 6.666...: the fen left over goes to the
    # larger remainder (the band), not to the earlier item
    items = (
        PackageItem("call", "Call", "follow_up", 1, 1, "auto"),
        PackageItem("band", "Band", "add_on_product", 1, 2, "manual"),
    )
    usage = {i.code: ItemUsage(granted=i.quantity) for i in items}
    small = request(items=items, amount_paid=1000, refundable=1000, usage=usage)
    assert quote(small, RefundScope("items", {"band": 1})).amount == 667
    assert quote(small, RefundScope("items", {"call": 1})).amount == 333
    assert quote(small, REMAINING).amount == 1000


def test_items_quote_is_the_requested_units_value() -> None:
    result = quote(request(), ESCORT)
    assert (result.amount, result.gross, result.fee, result.basis) == (23988, 23988, 0, "pro_rata")
    assert [(ln.code, ln.units, ln.value) for ln in result.lines] == [("escort", 1, 23988)]


def test_remaining_quote_is_every_unused_unclaimed_unit() -> None:
    usage = used(
        follow_up=ItemUsage(12, redeemed=2, claimed=0, revoked=1),
        escort=ItemUsage(2, claimed=1),
    )
    result = quote(request(usage=usage), REMAINING)
    # follow_up: 12 units of 7996; 9 unused, taken from below the one revoked
    assert {ln.code: (ln.units, ln.value) for ln in result.lines} == {
        "follow_up": (9, 9 * 7996), "escort": (1, 23988), "education": (6, 23988),
        "band": (1, 31984),
    }  # fmt: skip
    assert result.amount == 9 * 7996 + 23988 + 23988 + 31984


def test_full_before_start_gives_everything_refundable() -> None:
    result = quote(request(started=False, refundable=150000), REMAINING)
    assert (result.amount, result.basis, result.fee) == (150000, "full_before_start", 0)
    no_full = request(started=False, policy=RefundPolicy(full_before_start=False, fee_pct=10))
    assert quote(no_full, REMAINING).basis == "pro_rata"
    assert quote(no_full, REMAINING).fee == 0  # the fee applies after start only


def test_cooling_off_full_refund_while_nothing_redeemed() -> None:
    inside = START + timedelta(days=6, hours=23)
    result = quote(
        request(now=inside, policy=RefundPolicy(cooling_off_days=7, fee_pct=10)), REMAINING
    )
    assert (result.amount, result.basis, result.fee) == (199900, "cooling_off", 0)
    # not once something was redeemed or claimed, nor once the days have passed
    redeemed = request(now=inside, usage=used(band=ItemUsage(1, redeemed=1)))
    claimed = request(now=inside, usage=used(escort=ItemUsage(2, claimed=1)))
    over = request(now=START + timedelta(days=7))
    none = request(now=inside, policy=RefundPolicy(cooling_off_days=0))
    for later in (redeemed, claimed, over, none):
        assert quote(later, REMAINING).basis == "pro_rata"


def test_fee_applies_after_start() -> None:
    policy = RefundPolicy(fee_pct=10)
    result = quote(request(policy=policy), ESCORT)
    assert (result.gross, result.fee, result.amount) == (23988, 2398, 21590)
    assert quote(request(policy=policy, started=False), ESCORT).fee == 0


def test_non_refundable_after_delivery() -> None:
    policy = RefundPolicy(non_refundable_after_delivery=("band", "escort"))
    delivered = used(band=ItemUsage(1, redeemed=1), escort=ItemUsage(2, claimed=1))
    with broken(ItemNotRefundable, "item_not_refundable"):
        quote(request(policy=policy, usage=delivered), ESCORT)
    remaining = quote(request(policy=policy, usage=delivered), REMAINING)
    assert {ln.code for ln in remaining.lines} == {"follow_up", "education"}
    # undelivered, it is refundable like any other item
    assert quote(request(policy=policy), ESCORT).amount == 23988


def test_quote_never_exceeds_refundable() -> None:
    assert quote(request(refundable=10000), ESCORT).amount == 10000
    assert quote(request(refundable=0), REMAINING).amount == 0
    assert quote(request(refundable=-5), ESCORT).amount == 0


def test_goodwill_is_quoted_at_nothing() -> None:
    result = quote(request(), RefundScope("goodwill"))
    assert (result.amount, result.basis, result.lines) == (0, "goodwill", ())


def test_items_refund_asks_only_for_units_left() -> None:
    with broken(RefundExceedsEntitlements, "refund_exceeds_entitlements"):
        quote(request(usage=used(escort=ItemUsage(2, redeemed=1, claimed=1))), ESCORT)
    with broken(UnknownItem, "unknown_item"):
        quote(request(), RefundScope("items", {"massage": 1}))


@pytest.mark.parametrize(
    ("kind", "items"),
    [("items", {}), ("items", {"escort": 0}), ("remaining", {"escort": 1}),
     ("goodwill", {"escort": 1}), ("everything", {})],
)  # fmt: skip
def test_refund_scope_is_items_remaining_or_goodwill(kind: str, items: dict[str, int]) -> None:
    with broken(InvalidInput, "invalid_input"):
        RefundScope(kind, items)
