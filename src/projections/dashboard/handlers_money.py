"""Dashboard handlers for refunds and the entitlement ledger (redemptions, revocations)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from domain.ledger import EntitlementLedger
from domain.refunds import SubscriptionRefunds
from projections.dashboard.keys import iso_week, text_id
from projections.dashboard.state import State
from projections.lowlevel.batch_rows import Row
from projections.projector import handles_in_memory

R = SubscriptionRefunds  # refund events are declared (and stored) on the base class
L = EntitlementLedger
REFUND_STATUS: dict[type, str] = {
    R.RefundQuoted: "quoted",
    R.RefundAmountAgreed: "agreed",
    R.RefundApproved: "approved",
    R.RefundRejected: "rejected",
    R.RefundWithdrawn: "withdrawn",
    R.RefundPaid: "paid",
    R.RefundPaymentFailed: "payment_failed",
}
# Which refund amount column each event fills.
AMOUNT_COLUMN: dict[type, str] = {
    R.RefundQuoted: "quote",
    R.RefundAmountAgreed: "agreed",
    R.RefundApproved: "approved",
    R.RefundPaid: "paid",
}
REDEMPTION_STATUS: dict[type, str] = {
    L.RedemptionConfirmed: "confirmed",
    L.RedemptionDisputed: "disputed",
    L.RedemptionReversed: "reversed",
    L.RedemptionUpheld: "upheld",
}


def _first(table: dict[type, str], event: object) -> str | None:
    return next((table[k] for k in type(event).__mro__ if k in table), None)


class MoneyHandlers:
    day_of: Callable[[datetime], date]  # the projector's: the hospital's date at a moment

    @handles_in_memory(R.RefundRequested)
    def refund_requested(self, s: State, position: int, event: R.RefundRequested) -> None:
        subscription_id = text_id(event.originator_id)
        sub = s.subscriptions.get(subscription_id)
        if sub is None:
            return
        s.refunds.insert_new(
            {
                "refund_id": text_id(event.refund_id),
                "subscription_id": subscription_id,
                "patient_id": sub["patient_id"],
                "package_id": sub["package_id"],
                "department": sub["department"],
                "status": "requested",
                "scope": event.scope,
                "channel": event.channel,
                "reason_code": event.reason_code,
                "requested_position": position,
                "requested_at": event.timestamp,
                "quote": None,
                "agreed": None,
                "approved": None,
                "paid": None,
            }
        )
        s.sub_changed(subscription_id)

    @handles_in_memory(*REFUND_STATUS)
    def refund_moved(self, s: State, position: int, event: Any) -> None:
        values: dict[str, Any] = {"status": _first(REFUND_STATUS, event)}
        column = _first(AMOUNT_COLUMN, event)
        if column is not None:
            values[column] = event.amount.fen
        s.refunds.change(text_id(event.refund_id), **values)
        subscription_id = text_id(event.originator_id)
        changes: dict[str, Any] = {}
        sub = s.subscriptions.get(subscription_id)
        if isinstance(event, R.RefundPaid) and sub is not None:
            paid = sum(
                r["paid"] or 0
                for r in s.refunds.group("subscription_id", subscription_id)
                if r["status"] == "paid"
            )
            if 0 < sub["amount_paid"] == paid:
                changes["status"] = "refunded"
        s.sub_changed(subscription_id, **changes)

    def _ledger_subscription(self, s: State, ledger_id: object) -> Row | None:
        return s.subscriptions.first("ledger_id", text_id(str(ledger_id)))

    @handles_in_memory(L.Opened)
    def ledger_opened(self, s: State, position: int, event: L.Opened) -> None:
        subscription_id = text_id(event.subscription_id)
        for line in event.lines:
            s.entitlements.insert_new(
                {
                    "subscription_id": subscription_id,
                    "item_code": line["code"],
                    "kind": line["kind"],
                    "redemption": line["redemption"],
                    "granted": line["granted"],
                    "revoked_before_start": line.get("revoked", 0),
                }
            )
        s.sub_changed(subscription_id)

    @handles_in_memory(L.Redeemed, L.RedemptionClaimed)
    def redemption_started(
        self, s: State, position: int, event: L.Redeemed | L.RedemptionClaimed
    ) -> None:
        sub = self._ledger_subscription(s, event.originator_id)
        if sub is None:
            return
        done = isinstance(event, L.Redeemed)
        day = self.day_of(event.timestamp)
        row = {
            "redemption_id": text_id(event.redemption_id),
            "subscription_id": sub["subscription_id"],
            "patient_id": sub["patient_id"],
            "department": sub["department"],
            "item_code": event.item_code,
            "status": "redeemed" if done else "claimed",
            "position": position,
            "done_on": day if done else None,
            "iso_week": iso_week(day) if done else None,
        }
        s.redemptions.insert_new(row)
        s.sub_changed(str(sub["subscription_id"]))

    @handles_in_memory(*REDEMPTION_STATUS)
    def redemption_moved(self, s: State, position: int, event: Any) -> None:
        sub = self._ledger_subscription(s, event.originator_id)
        if sub is None:
            return
        status = _first(REDEMPTION_STATUS, event)
        values: dict[str, Any] = {"status": status}
        day = self.day_of(event.timestamp)
        done = status in ("confirmed", "upheld")
        if done:
            values.update(done_on=day, iso_week=iso_week(day))
        s.redemptions.change(text_id(event.redemption_id), **values)
        s.sub_changed(str(sub["subscription_id"]))

    @handles_in_memory(L.EntitlementsRevoked)
    def revoked(self, s: State, position: int, event: L.EntitlementsRevoked) -> None:
        sub = self._ledger_subscription(s, event.originator_id)
        if sub is None:
            return
        for code, quantity in event.quantities.items():
            s.revocations.put(
                {
                    "refund_id": text_id(event.refund_id),
                    "item_code": code,
                    "subscription_id": sub["subscription_id"],
                    "quantity": quantity,
                }
            )
        s.sub_changed(str(sub["subscription_id"]))
