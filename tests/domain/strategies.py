"""Hypothesis strategies for packages, policies, usage and refund scopes."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from domain.money import Money
from domain.quote import ItemUsage, RefundScope
from domain.terms import ITEM_KINDS, PackageContent, PackageItem, RefundPolicy
from tests.fixtures import annual_package

KINDS = sorted(ITEM_KINDS)


@st.composite
def package_items(draw: st.DrawFn) -> tuple[PackageItem, ...]:
    """One to five items with unique codes and at least one non-zero weight."""
    count = draw(st.integers(1, 5))
    items = tuple(
        PackageItem(
            code=f"item{n}",
            name=f"Item {n}",
            kind=draw(st.sampled_from(KINDS)),
            quantity=draw(st.integers(1, 12)),
            weight=draw(st.integers(0, 500)),
            redemption=draw(st.sampled_from(["auto", "manual"])),
        )
        for n in range(count)
    )
    if sum(i.weight for i in items) == 0:
        items = (replace(items[0], weight=1), *items[1:])
    return items


@st.composite
def policies(draw: st.DrawFn, codes: list[str]) -> RefundPolicy:
    return RefundPolicy(
        full_before_start=draw(st.booleans()),
        cooling_off_days=draw(st.integers(0, 14)),
        non_refundable_after_delivery=tuple(draw(st.lists(st.sampled_from(codes), unique=True))),
        fee_pct=draw(st.integers(0, 100)),
    )


@st.composite
def contents(draw: st.DrawFn, *, consultation: bool | None = False) -> PackageContent:
    """A valid package; a price from free (often: free is an edge) to 100,000.00."""
    items = draw(package_items())
    needs_doctor = draw(st.booleans()) if consultation is None else consultation
    return replace(
        annual_package(consultation_required=needs_doctor),
        items=items,
        refund_policy=draw(policies([i.code for i in items])),
        price=Money(draw(st.sampled_from([0, 1, 199900]) | st.integers(0, 10_000_000))),
        validity_days=draw(st.integers(1, 60)),
    )


@st.composite
def usages(draw: st.DrawFn, items: tuple[PackageItem, ...]) -> dict[str, ItemUsage]:
    """Any split of each item's units into redeemed, claimed, revoked and unused."""
    usage = {}
    for item in items:
        redeemed = draw(st.integers(0, item.quantity))
        claimed = draw(st.integers(0, item.quantity - redeemed))
        revoked = draw(st.integers(0, item.quantity - redeemed - claimed))
        usage[item.code] = ItemUsage(item.quantity, redeemed, claimed, revoked)
    return usage


@st.composite
def scopes(draw: st.DrawFn, items: tuple[PackageItem, ...]) -> RefundScope:
    kind = draw(st.sampled_from(["items", "remaining", "goodwill"]))
    if kind != "items":
        return RefundScope(kind)
    chosen = draw(st.lists(st.sampled_from(items), min_size=1, unique=True))
    return RefundScope("items", {i.code: draw(st.integers(1, i.quantity)) for i in chosen})
