"""Refunds for the demo, each left at a different step of its life."""

from __future__ import annotations

from typing import TYPE_CHECKING

from demo.catalogue import FINANCE, LEAD, MALL
from demo.plan import PatientPlan
from domain.money import Money
from domain.quote import RefundScope

if TYPE_CHECKING:
    from demo.world import World

# The step each refund stops at; cycled over a third of the active subscriptions.
REFUND_OUTCOMES = (
    "quoted", "agreed", "approved", "paid", "payment_failed", "rejected", "withdrawn",
    "goodwill", "remaining", "paid",
)  # fmt: skip


def refund(world: World, plan: PatientPlan, outcome: str) -> None:
    app, staff = world.app, plan.department.staff
    refund_id = world.uuid()
    requester = staff if outcome == "quoted" and plan.serial % 2 else plan.buyer_actor
    scope = {"goodwill": RefundScope("goodwill"), "remaining": RefundScope("remaining")}.get(
        outcome, RefundScope("items", {"follow_up": 1})
    )
    wanted = Money.parse("50.00") if outcome == "goodwill" else None
    asked = app.request_refund(
        refund_id, plan.subscription_id, scope=scope, reason_code="no_longer_needed",
        reason_text="", requested_amount=wanted, ctx=world.ctx(requester),
    )  # fmt: skip
    world.counts[f"refund_{outcome}"] += 1
    if outcome == "quoted":
        return
    if outcome == "withdrawn":
        app.withdraw_refund(refund_id, world.ctx(requester))
        return
    if outcome == "rejected":
        app.reject_refund(refund_id, "outside the policy", world.ctx(LEAD))
        return
    amount = wanted or Money(asked.outcome.quote.amount, "CNY")
    app.agree_refund(refund_id, amount, "agreed on the phone", world.ctx(staff))
    if outcome == "agreed":
        return
    approver = FINANCE if outcome == "goodwill" else LEAD
    app.approve_refund(refund_id, world.ctx(approver))
    if outcome == "approved":
        return
    paid = outcome != "payment_failed"
    app.record_refund_payment(
        refund_id, paid=paid, provider_ref=f"RF-{plan.serial:06d}" if paid else "",
        amount=amount if paid else None, reason="" if paid else "account closed",
        ctx=world.ctx(MALL),
    )  # fmt: skip
    if outcome == "remaining":
        plan.active = False
