"""The refund quote of product §3: item and unit values split exactly, the policy, the fee."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.errors import InvalidInput, ItemNotRefundable, RefundExceedsEntitlements, UnknownItem
from domain.money import allocate
from domain.terms import PackageItem, RefundPolicy

SCOPES = frozenset({"items", "remaining", "goodwill"})


@dataclass(frozen=True)
class ItemUsage:
    """One item's counters in the ledger (before activation: all granted, nothing used)."""

    granted: int
    redeemed: int = 0
    claimed: int = 0
    revoked: int = 0

    @property
    def remaining(self) -> int:
        return self.granted - self.redeemed - self.claimed - self.revoked

    @property
    def delivered(self) -> bool:
        return self.redeemed + self.claimed > 0


@dataclass(frozen=True)
class RefundScope:
    type: str
    items: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.type not in SCOPES:
            raise InvalidInput(f"refund scope must be one of {sorted(SCOPES)}")
        if self.type == "items":
            if not self.items or any(q < 1 for q in self.items.values()):
                raise InvalidInput("an items refund names items with quantities of at least 1")
        elif self.items:
            raise InvalidInput(f"a {self.type} refund names no items")


@dataclass(frozen=True)
class QuoteLine:
    code: str
    units: int
    value: int


@dataclass(frozen=True)
class Quote:
    """What the policy gives: `amount` = gross − fee, capped at the refundable balance."""

    amount: int
    gross: int
    fee: int
    basis: str
    lines: tuple[QuoteLine, ...] = ()


def item_values(amount_paid: int, items: tuple[PackageItem, ...]) -> dict[str, int]:
    """Each item's share of the amount paid: weight × quantity over the total, exact."""
    parts = allocate(amount_paid, [i.weight * i.quantity for i in items])
    return {item.code: part for item, part in zip(items, parts, strict=True)}


def units_value(item_value: int, quantity: int, revoked: int, units: int) -> int:
    """The value of the next `units` refunded units; refunds take units from the end."""
    per_unit = allocate(item_value, [1] * quantity)
    end = quantity - revoked
    return sum(per_unit[end - units : end])


@dataclass(frozen=True)
class QuoteRequest:
    items: tuple[PackageItem, ...]
    policy: RefundPolicy
    amount_paid: int
    refundable: int
    usage: dict[str, ItemUsage]
    started: bool
    purchased_at: datetime
    now: datetime
    # The hospital ends the subscription (an unsuitable enrolment consultation): everything
    # still refundable goes back, whatever the policy would give.
    in_full: bool = False


def quote(request: QuoteRequest, scope: RefundScope) -> Quote:
    """The amount the policy gives for `scope`, never negative, never above refundable."""
    if scope.type == "goodwill":
        return Quote(amount=0, gross=0, fee=0, basis="goodwill")
    basis = "in_full" if request.in_full else _basis(request)
    units = _units_asked(request, scope, basis)
    values = item_values(request.amount_paid, request.items)
    lines = tuple(
        QuoteLine(
            code, n, units_value(values[code], _qty(request, code), _revoked(request, code), n)
        )
        for code, n in units.items()
    )
    gross = sum(line.value for line in lines)
    if scope.type == "remaining" and basis != "pro_rata":
        gross = request.refundable
    fee = gross * request.policy.fee_pct // 100 if basis == "pro_rata" and request.started else 0
    amount = max(0, min(gross - fee, request.refundable))
    return Quote(amount=amount, gross=gross, fee=fee, basis=basis, lines=lines)


def _basis(request: QuoteRequest) -> str:
    policy = request.policy
    if not request.started and policy.full_before_start:
        return "full_before_start"
    nothing_used = not any(u.delivered for u in request.usage.values())
    in_cooling_off = request.now < request.purchased_at + timedelta(days=policy.cooling_off_days)
    if policy.cooling_off_days > 0 and in_cooling_off and nothing_used:
        return "cooling_off"
    return "pro_rata"


def _refundable_item(request: QuoteRequest, code: str) -> bool:
    """A listed item is non-refundable once any unit of it was delivered after start."""
    listed = code in request.policy.non_refundable_after_delivery
    return not (listed and request.started and request.usage[code].delivered)


def _units_asked(request: QuoteRequest, scope: RefundScope, basis: str) -> dict[str, int]:
    if scope.type == "remaining":
        return {
            code: usage.remaining
            for code, usage in request.usage.items()
            if usage.remaining > 0 and _refundable_item(request, code)
        }
    for code, n in scope.items.items():
        if code not in request.usage:
            raise UnknownItem(f"the package has no item {code!r}", item=code)
        if n > request.usage[code].remaining:
            raise RefundExceedsEntitlements(
                f"only {request.usage[code].remaining} unit(s) of {code} remain unused",
                item=code,
            )
        if not _refundable_item(request, code):
            raise ItemNotRefundable(f"{code} is not refundable once delivered", item=code)
    return dict(scope.items)


def _qty(request: QuoteRequest, code: str) -> int:
    return request.usage[code].granted


def _revoked(request: QuoteRequest, code: str) -> int:
    return request.usage[code].revoked
