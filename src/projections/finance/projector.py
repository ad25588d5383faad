"""The finance projector: subscriptions' money, one row per refund, daily totals by payer type."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import NoResultFound

from domain.quote import item_values
from domain.refunds import SubscriptionRefunds as R
from domain.subscription import Subscription
from projections.finance.redemptions import RedemptionHandlers
from projections.finance.state import State
from projections.finance.tables import PROJECTED
from projections.finance.writes import finish
from projections.projector import handles_in_memory


def utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class FinanceProjector(RedemptionHandlers):
    """Handlers are idempotent: rows keyed by natural ids, derived figures recomputed.

    A batch is applied in memory (`State`): its subscriptions' rows are read once, the
    events change them in order, then figures are redone once per touched key and every
    table is written with one statement (`writes.finish`).
    """

    name = "finance"
    tables = PROJECTED

    def __init__(self, tables: Mapping[str, Table] | None = None) -> None:
        super().__init__(tables)
        self.ledgers: dict[str, str] = {}  # ledger id -> subscription id, never changes

    def new_state(self) -> State:
        return State(self.t, self.ledgers)

    def flush(self, conn: Connection, state: State) -> None:
        finish(conn, state)

    @handles_in_memory(Subscription.Purchased)
    def purchased(self, s: State, position: int, event: Any) -> None:
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
            "purchased_on": self.day_of(bought_at),
            "purchased_by": event.actor.user_id,
            "paid": paid,
            **dict.fromkeys(("refunded", "committed", "awaiting_payout", "redeemed_value"), 0),
            "refundable": paid,
            "undelivered_value": paid,
        }
        s.subs.insert_new(row)
        values = item_values(paid, content.items)
        for item in content.items:
            s.items.insert_new(
                {
                    "subscription_id": sub_id,
                    "code": item.code,
                    "quantity": item.quantity,
                    "weight": item.weight,
                    "value": values[item.code],
                    "redeemed": 0,
                }
            )

    @handles_in_memory(R.RefundRequested)
    def requested(self, s: State, position: int, event: Any) -> None:
        sub = s.subs.get(str(event.originator_id))
        if sub is None:
            raise NoResultFound(f"refund {event.refund_id} of an unknown subscription")
        asked = event.requested_amount
        row = {
            "refund_id": str(event.refund_id),
            "subscription_id": str(event.originator_id),
            "package_id": sub["package_id"],
            "payer_type": sub["payer_type"],
            "currency": sub["currency"],
            "status": "requested",
            "scope": event.scope,
            "items": json.dumps(dict(event.items), sort_keys=True),
            "channel": event.channel,
            "reason_code": event.reason_code,
            "requested_position": position,
            "requested_amount": None if asked is None else asked.fen,
            "requested_at": utc(event.timestamp),
            "requested_by": event.actor.user_id,
            "requested_role": event.actor.role,
        }
        s.refunds.insert_new(row)

    @handles_in_memory(R.RefundQuoted)
    def quoted(self, s: State, position: int, event: Any) -> None:
        self._step(
            s,
            event,
            status="quoted",
            quoted_amount=event.amount.fen,
            quote_basis=event.basis,
            quote_fee=event.fee,
            quoted_at=utc(event.timestamp),
        )

    @handles_in_memory(R.RefundAmountAgreed)
    def agreed(self, s: State, position: int, event: Any) -> None:
        self._step(
            s,
            event,
            status="agreed",
            agreed_amount=event.amount.fen,
            agreed_at=utc(event.timestamp),
            agreed_by=event.actor.user_id,
        )

    @handles_in_memory(R.RefundApproved)
    def approved(self, s: State, position: int, event: Any) -> None:
        self._step(
            s,
            event,
            status="approved",
            approved_amount=event.amount.fen,
            approved_at=utc(event.timestamp),
            approved_by=event.actor.user_id,
            approved_role=event.actor.role,
        )

    @handles_in_memory(R.RefundRejected)
    def rejected(self, s: State, position: int, event: Any) -> None:
        self._step(
            s,
            event,
            status="rejected",
            rejected_at=utc(event.timestamp),
            rejected_by=event.actor.user_id,
        )

    @handles_in_memory(R.RefundWithdrawn)
    def withdrawn(self, s: State, position: int, event: Any) -> None:
        at, by = utc(event.timestamp), event.actor.user_id
        self._step(s, event, status="withdrawn", withdrawn_at=at, withdrawn_by=by)

    @handles_in_memory(R.RefundPaymentFailed)
    def payment_failed(self, s: State, position: int, event: Any) -> None:
        self._step(
            s,
            event,
            status="payment_failed",
            failed_at=utc(event.timestamp),
            failed_by=event.actor.user_id,
            failure_reason=event.reason,
        )

    @handles_in_memory(R.RefundPaid)
    def paid(self, s: State, position: int, event: Any) -> None:
        paid_at = utc(event.paid_at)
        self._step(
            s,
            event,
            status="paid",
            paid_amount=event.amount.fen,
            provider_ref=event.provider_ref,
            paid_at=paid_at,
            paid_on=self.day_of(paid_at),
            paid_by=event.actor.user_id,
        )
        if s.refunds.get(str(event.refund_id)) is None:
            raise NoResultFound(f"payment of an unknown refund {event.refund_id}")

    def _step(self, s: State, event: Any, **values: Any) -> None:
        """One refund step: update its row; the subscription's balance is redone at the end."""
        s.refunds.change(str(event.refund_id), **values)
        s.balances.add(str(event.originator_id))
