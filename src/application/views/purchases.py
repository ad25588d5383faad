"""Views of subscriptions, their entitlements, refunds and redemptions."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.base import CarepackBase
from application.views.base import PatientRecord, money, plain
from domain.errors import NotFound
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.refunds import Refund
from domain.subscription import Subscription


def subscription(app: CarepackBase, subscription_id: UUID) -> PatientRecord:
    found = app.load(Subscription, subscription_id)
    currency = found.amount_paid.currency
    content = found.terms.content
    data = {
        "id": str(found.id),
        "package_id": str(found.terms.package_id),
        "package_version": found.terms.package_version,
        "patient_id": str(found.patient_id),
        "status": found.status,
        "amount_paid": plain(found.amount_paid),
        "payer_type": found.payer_type,
        "buyer": {"user_id": found.buyer_user_id, "relation": found.buyer_relation},
        "payment_ref": found.payment_ref,
        "purchased_at": plain(found.purchased_at),
        "starts_on": plain(found.starts_on),
        "ends_on": plain(found.ends_on),
        "terms": plain(content.as_dict()),
        "refundable": money(found.refundable, currency),
        "refunded": money(found.refunded, currency),
        "refund_ids": [str(r) for r in found.refunds],
        "entitlements": entitlements(app, subscription_id)["items"],
    }
    return PatientRecord(data, found.version, patient_id=found.patient_id)


def subscription_patient_id(app: CarepackBase, subscription_id: UUID) -> UUID:
    patient_id: UUID = app.load(Subscription, subscription_id).patient_id
    return patient_id


def entitlements(app: CarepackBase, subscription_id: UUID) -> dict[str, Any]:
    """Per item: granted, redeemed, claimed, revoked, remaining (granted before the ledger)."""
    found = app.load(Subscription, subscription_id)
    if found.started:
        ledger = app.load(EntitlementLedger, ledger_id_for(subscription_id))
        lines = [
            {
                "code": ln.code,
                "kind": ln.kind,
                "granted": ln.granted,
                "redeemed": ln.redeemed,
                "claimed": ln.claimed,
                "revoked": ln.revoked,
                "remaining": ln.remaining,
            }
            for ln in ledger.lines.values()
        ]
        return {
            "items": lines,
            "valid_from": plain(ledger.valid_from),
            "valid_until": plain(ledger.valid_until),
        }
    items = []
    for item in found.terms.content.items:
        revoked = found.revoked_before_start.get(item.code, 0)
        items.append(
            {
                "code": item.code,
                "kind": item.kind,
                "granted": item.quantity,
                "redeemed": 0,
                "claimed": 0,
                "revoked": revoked,
                "remaining": item.quantity - revoked,
            }
        )
    return {"items": items, "valid_from": None, "valid_until": None}


def refund(app: CarepackBase, subscription_id: UUID, refund_id: UUID) -> PatientRecord:
    found = app.load(Subscription, subscription_id)
    r: Refund = found.refund(refund_id)
    cur = found.amount_paid.currency
    scope: dict[str, Any] = {"type": r.scope}
    if r.scope == "items":
        scope["items"] = dict(r.items)
    data = {
        "refund_id": str(r.refund_id),
        "subscription_id": str(found.id),
        "patient_id": str(found.patient_id),
        "status": r.status,
        "scope": scope,
        "channel": r.channel,
        "reason_code": r.reason_code,
        "requested_by": r.requested_by,
        "requested_amount": money(r.requested_amount, cur),
        "quote": money(r.quote, cur),
        "agreed_amount": money(r.agreed_amount, cur),
        "agreed_by": r.agreed_by,
        "approved_amount": money(r.approved_amount, cur),
        "approved_by": r.approved_by,
        "paid_amount": money(r.paid_amount, cur),
        "provider_ref": r.provider_ref,
    }
    return PatientRecord(data, found.version, patient_id=found.patient_id)


def redemption(app: CarepackBase, ledger_id: UUID, redemption_id: UUID) -> dict[str, Any]:
    ledger = app.load(EntitlementLedger, ledger_id)
    found = ledger.redemptions.get(redemption_id)
    if found is None:
        raise NotFound(f"no redemption {redemption_id}", kind="redemption")
    return {
        "redemption_id": str(redemption_id),
        "subscription_id": str(ledger.subscription_id),
        "patient_id": str(ledger.patient_id),
        **plain(found),
    }
