"""What finance is shown of a subscription or a refund: money and status fields only.

Minimum necessary (HIPAA §164.502(b), PIPL art. 6): finance approves, pays and reconciles
money, so it sees amounts, statuses, references and the item codes money is split by —
never disease codes, the intake form or its answers, package or item names (which name
the condition), the buyer's family relation, or any free text. Fields are listed, not
removed, so a field added to a view later stays hidden from finance until named here.
"""

from __future__ import annotations

from typing import Any

SUBSCRIPTION = (
    "id", "package_id", "package_version", "patient_id", "status", "amount_paid",
    "payer_type", "payment_ref", "purchased_at", "starts_on", "ends_on", "refundable",
    "refunded", "refund_ids", "entitlements",
)  # fmt: skip
TERMS = ("code", "price", "validity_days", "refund_policy")
ITEM = ("code", "kind", "quantity", "weight", "redemption")
REFUND = (
    "refund_id", "subscription_id", "patient_id", "status", "scope", "channel", "reason_code",
    "requested_by", "requested_amount", "quote", "agreed_amount", "agreed_by",
    "approved_amount", "approved_by", "paid_amount", "provider_ref", "approval_by",
    "package_code", "amount_paid", "refundable",
)  # fmt: skip
STEP = ("step", "at", "actor", "role", "amount", "provider_ref")
LINE = ("code", "kind", "bought", "weight", "used", "units", "value")
BREAKDOWN = ("basis", "gross", "fee", "fee_pct", "amount")


def _only(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def subscription_for_finance(data: dict[str, Any]) -> dict[str, Any]:
    """A subscription view (`views.subscription`) cut down to what finance needs."""
    terms = data.get("terms") or {}
    shown = _only(data, SUBSCRIPTION)
    shown["terms"] = {
        **_only(terms, TERMS),
        "items": [_only(item, ITEM) for item in terms.get("items", [])],
    }
    return shown


def refund_for_finance(data: dict[str, Any]) -> dict[str, Any]:
    """A refund view (`views.refund`) cut down to what finance needs: the history without
    the reason, the call's note or the rejection's reason (a failed payout's reason, the
    payment platform's words, stays); the breakdown without item names."""
    shown = _only(data, REFUND)
    shown["history"] = [
        _only(step, (*STEP, "note") if step["step"] == "payment_failed" else STEP)
        for step in data.get("history", [])
    ]
    breakdown = data.get("breakdown")
    if breakdown is not None:
        shown["breakdown"] = {
            **_only(breakdown, BREAKDOWN),
            "lines": [_only(line, LINE) for line in breakdown["lines"]],
        }
    return shown
