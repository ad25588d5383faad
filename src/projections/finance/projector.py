"""The finance projector: subscriptions' money, one row per refund, daily totals by payer type."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select, update

from domain.quote import item_values
from domain.refunds import SubscriptionRefunds as R
from domain.subscription import Subscription
from projections.finance.redemptions import RedemptionHandlers
from projections.finance.tables import PROJECTED
from projections.finance.writes import refresh_balance, refresh_daily, upsert
from projections.projector import handles


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FinanceProjector(RedemptionHandlers):
    """Handlers are idempotent: rows keyed by natural ids, derived figures recomputed."""

    name = "finance"
    tables = PROJECTED

    @handles(Subscription.Purchased)
    def purchased(self, conn: Connection, position: int, event: Any) -> None:
        sub_id = str(event.originator_id)
        content = event.terms.content
        paid: int = event.amount_paid.fen
        bought_at = utc(event.purchased_at)
        row = {
            "subscription_id": sub_id,
            "ledger_id": str(self.ledger_id(event.originator_id)),
            "package_id": str(event.terms.package_id),
            "package_version": event.terms.package_version,
            "patient_id": str(event.patient_id),
            "payer_type": event.payer_type,
            "payment_ref": event.payment_ref,
            "currency": event.amount_paid.currency,
            "purchased_at": bought_at,
            "purchased_on": bought_at.date(),
            "purchased_by": event.actor.user_id,
            "paid": paid,
            **dict.fromkeys(("refunded", "committed", "awaiting_payout", "redeemed_value"), 0),
            "refundable": paid,
            "undelivered_value": paid,
        }
        upsert(conn, self.t["fin_subscriptions"], row, ("subscription_id",), keep_existing=True)
        values = item_values(paid, content.items)
        for item in content.items:
            upsert(
                conn,
                self.t["fin_subscription_items"],
                {
                    "subscription_id": sub_id,
                    "code": item.code,
                    "quantity": item.quantity,
                    "weight": item.weight,
                    "value": values[item.code],
                    "redeemed": 0,
                },
                ("subscription_id", "code"),
                keep_existing=True,
            )
        refresh_daily(conn, self.t, bought_at.date(), event.payer_type)

    @handles(R.RefundRequested)
    def requested(self, conn: Connection, position: int, event: Any) -> None:
        subs = self.t["fin_subscriptions"]
        sub = conn.execute(
            select(subs.c.package_id, subs.c.payer_type, subs.c.currency).where(
                subs.c.subscription_id == str(event.originator_id)
            )
        ).one()
        asked = event.requested_amount
        row = {
            "refund_id": str(event.refund_id),
            "subscription_id": str(event.originator_id),
            "package_id": sub.package_id,
            "payer_type": sub.payer_type,
            "currency": sub.currency,
            "status": "requested",
            "scope": event.scope,
            "items": json.dumps(dict(event.items), sort_keys=True),
            "channel": event.channel,
            "reason_code": event.reason_code,
            "reason_text": event.reason_text,
            "requested_position": position,
            "requested_amount": None if asked is None else asked.fen,
            "requested_at": utc(event.timestamp),
            "requested_by": event.actor.user_id,
            "requested_role": event.actor.role,
        }
        upsert(conn, self.t["fin_refunds"], row, ("refund_id",), keep_existing=True)

    @handles(R.RefundQuoted)
    def quoted(self, conn: Connection, position: int, event: Any) -> None:
        self._step(
            conn,
            event,
            status="quoted",
            quoted_amount=event.amount.fen,
            quote_basis=event.basis,
            quote_fee=event.fee,
            quoted_at=utc(event.timestamp),
        )

    @handles(R.RefundAmountAgreed)
    def agreed(self, conn: Connection, position: int, event: Any) -> None:
        self._step(
            conn,
            event,
            status="agreed",
            agreed_amount=event.amount.fen,
            agreed_at=utc(event.timestamp),
            agreed_by=event.actor.user_id,
            agreed_note=event.note,
        )

    @handles(R.RefundApproved)
    def approved(self, conn: Connection, position: int, event: Any) -> None:
        self._step(
            conn,
            event,
            status="approved",
            approved_amount=event.amount.fen,
            approved_at=utc(event.timestamp),
            approved_by=event.actor.user_id,
            approved_role=event.actor.role,
        )

    @handles(R.RefundRejected)
    def rejected(self, conn: Connection, position: int, event: Any) -> None:
        self._step(
            conn,
            event,
            status="rejected",
            rejected_at=utc(event.timestamp),
            rejected_by=event.actor.user_id,
            rejection_reason=event.reason,
        )

    @handles(R.RefundWithdrawn)
    def withdrawn(self, conn: Connection, position: int, event: Any) -> None:
        at, by = utc(event.timestamp), event.actor.user_id
        self._step(conn, event, status="withdrawn", withdrawn_at=at, withdrawn_by=by)

    @handles(R.RefundPaymentFailed)
    def payment_failed(self, conn: Connection, position: int, event: Any) -> None:
        self._step(
            conn,
            event,
            status="payment_failed",
            failed_at=utc(event.timestamp),
            failed_by=event.actor.user_id,
            failure_reason=event.reason,
        )

    @handles(R.RefundPaid)
    def paid(self, conn: Connection, position: int, event: Any) -> None:
        paid_at = utc(event.paid_at)
        self._step(
            conn,
            event,
            status="paid",
            paid_amount=event.amount.fen,
            provider_ref=event.provider_ref,
            paid_at=paid_at,
            paid_on=paid_at.date(),
            paid_by=event.actor.user_id,
        )
        refunds = self.t["fin_refunds"]
        payer = conn.execute(
            select(refunds.c.payer_type).where(refunds.c.refund_id == str(event.refund_id))
        ).scalar_one()
        refresh_daily(conn, self.t, paid_at.date(), payer)

    def _step(self, conn: Connection, event: Any, **values: Any) -> None:
        """One refund step: update its row, then the subscription's balance."""
        refunds = self.t["fin_refunds"]
        conn.execute(
            update(refunds).where(refunds.c.refund_id == str(event.refund_id)).values(**values)
        )
        refresh_balance(conn, self.t, str(event.originator_id))
