"""What a refund page shows beyond the refund's state: who did what and when, and the quote
line by line, both read from the subscription's stored events (product §2.4, §3)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.base import CarepackBase
from application.views.base import money, plain
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription

R = SubscriptionRefunds
STEPS: dict[type, str] = {
    R.RefundRequested: "requested",
    R.RefundQuoted: "quoted",
    R.RefundAmountAgreed: "agreed",
    R.RefundApproved: "approved",
    R.RefundRejected: "rejected",
    R.RefundWithdrawn: "withdrawn",
    R.RefundPaid: "paid",
    R.RefundPaymentFailed: "payment_failed",
}


def _step(event: Any, currency: str) -> dict[str, Any]:
    step: dict[str, Any] = {
        "step": next(name for kind, name in STEPS.items() if isinstance(event, kind)),
        "at": plain(event.timestamp),
        "actor": event.actor.user_id,
        "role": event.actor.role,
    }
    amount = getattr(event, "amount", None)
    if amount is not None:
        step["amount"] = plain(amount)
    if isinstance(event, R.RefundRequested):
        step["amount"] = plain(event.requested_amount)
        step["note"] = event.reason_text
    elif isinstance(event, R.RefundAmountAgreed):
        step["note"] = event.note
    elif isinstance(event, R.RefundRejected | R.RefundPaymentFailed):
        step["note"] = event.reason
    elif isinstance(event, R.RefundPaid):
        step["provider_ref"] = event.provider_ref
    return step


def _breakdown(found: Subscription, quoted: Any, usage: dict[str, dict[str, Any]]) -> Any:
    """The quote as it was computed when the refund was asked for, each line with its
    item's terms (units bought, weight) and its units used so far."""
    currency = found.amount_paid.currency
    items = {item.code: item for item in found.terms.content.items}
    lines = []
    for line in quoted.lines:
        item, used = items[line["code"]], usage.get(line["code"], {})
        lines.append({
            "code": item.code, "name": item.name, "kind": item.kind,
            "bought": item.quantity, "weight": item.weight,
            "used": int(used.get("redeemed", 0)) + int(used.get("claimed", 0)),
            "units": int(line["units"]), "value": money(int(line["value"]), currency),
        })  # fmt: skip
    return {
        "basis": quoted.basis,
        "gross": money(quoted.gross, currency),
        "fee": money(quoted.fee, currency),
        "fee_pct": found.terms.content.refund_policy.fee_pct,
        "amount": plain(quoted.amount),
        "lines": lines,
    }


def refund_story(
    app: CarepackBase, found: Subscription, refund_id: UUID, usage: list[dict[str, Any]]
) -> dict[str, Any]:
    """`history`, `breakdown` and who must approve (`approval_by`) of one refund."""
    events = [e for e in app.events.get(found.id) if getattr(e, "refund_id", None) == refund_id]
    currency = found.amount_paid.currency
    quoted = next((e for e in events if isinstance(e, R.RefundQuoted)), None)
    refund = found.refund(refund_id)
    amount = refund.agreed_amount if refund.agreed_amount is not None else refund.quote
    above = refund.scope == "goodwill" or amount > refund.quote
    return {
        "history": [_step(e, currency) for e in events],
        "breakdown": None
        if quoted is None
        else _breakdown(found, quoted, {u["code"]: u for u in usage}),
        "approval_by": "finance" if above else "service_lead",
        "package_code": found.terms.content.code,
        "package_name": found.terms.content.name,
        "amount_paid": plain(found.amount_paid),
        "refundable": money(found.refundable, currency),
    }
