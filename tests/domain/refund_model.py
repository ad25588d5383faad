"""Refund rules of the stateful subscription model: request, agree, approve, pay, fail.

Every scope and channel, by random roles, with amounts around the price; approval
revokes in the ledger and a payout that refunds everything closes it, as the
application does.
"""

from __future__ import annotations

from uuid import UUID, uuid4

from hypothesis import strategies as st
from hypothesis.stateful import rule

from domain.context import Actor
from domain.money import Money
from domain.quote import RefundScope
from tests.domain.builders import revoke_if_approved
from tests.domain.subscription_model import AMOUNTS, PATIENT, PICK, ROLES, SubscriptionModel
from tests.fixtures import FINANCE, LEAD, MALL, STAFF


class RefundModel(SubscriptionModel):
    @rule(
        kind=st.sampled_from(["items", "remaining", "goodwill"]),
        channel=st.sampled_from(["self_service", "staff_on_behalf", "system"]),
        actor=ROLES | st.sampled_from([PATIENT, STAFF]),
        amount=st.none() | AMOUNTS,
        pick=PICK,
    )
    def request_refund(
        self, kind: str, channel: str, actor: Actor, amount: int | None, pick: int
    ) -> None:
        items = self.subscription.terms.content.items
        item = items[pick % len(items)]
        scope = RefundScope(kind, {item.code: 1 + pick % item.quantity} if kind == "items" else {})
        usage = self.ledger.usage() if self.ledger is not None else None
        asked = None if amount is None else Money(self._fen(amount))
        rid = uuid4()

        def ask() -> None:
            self.subscription.request_refund(
                rid, scope, "other", "", asked, usage, self.c(actor), channel
            )
            self._revoke(rid)

        before_start = not self.subscription.started
        if self.transaction(ask):
            self.refund_ids.append(rid)
            refund = self.subscription.refund(rid)
            # A self-service refund before service starts is approved by the system at once.
            at_once = channel == "self_service" and before_start and kind != "goodwill"
            assert (refund.status == "approved") == at_once
            assert refund.approved_by == ("system" if at_once else None)

    def _revoke(self, refund_id: UUID) -> None:
        if self.ledger is not None:
            revoke_if_approved(self.subscription, self.ledger, refund_id, self.now)

    @rule(actor=ROLES, permille=AMOUNTS, pick=PICK)
    def agree(self, actor: Actor, permille: int, pick: int) -> None:
        rid, amount = self._refund(pick), Money(self._fen(permille))
        self.transaction(lambda: self.subscription.agree_refund(rid, amount, "", self.c(actor)))

    @rule(actor=ROLES | st.sampled_from([LEAD, FINANCE]), pick=PICK)
    def approve(self, actor: Actor, pick: int) -> None:
        rid = self._refund(pick)

        def approve() -> None:
            self.subscription.approve_refund(rid, self.c(actor))
            self._revoke(rid)

        if self.transaction(approve):
            refund = self.subscription.refund(rid)
            assert actor.user_id not in (refund.requested_by, refund.agreed_by)
            assert refund.scope != "remaining" or self.subscription.status == "terminated"

    @rule(actor=ROLES, withdraw=st.booleans(), pick=PICK)
    def reject_or_withdraw(self, actor: Actor, withdraw: bool, pick: int) -> None:
        rid = self._refund(pick)
        if withdraw:
            self.transaction(lambda: self.subscription.withdraw_refund(rid, self.c(actor)))
        else:
            self.transaction(lambda: self.subscription.reject_refund(rid, "no", self.c(actor)))

    @rule(paid=st.booleans(), exact=st.booleans(), permille=AMOUNTS, pick=PICK)
    def payout(self, paid: bool, exact: bool, permille: int, pick: int) -> None:
        rid, fen = self._refund(pick), self._fen(permille)
        refund = self.subscription.refunds.get(rid)
        if exact and refund is not None and refund.approved_amount is not None:
            fen = refund.approved_amount

        def pay() -> None:
            if not paid:
                self.subscription.record_refund_payment_failed(rid, "bank", self.c(MALL))
                return
            self.subscription.record_refund_paid(rid, "RF", Money(fen), self.c(MALL))
            if self.subscription.status == "refunded" and self.ledger and self.ledger.is_open:
                self.ledger.close("refunded", self.c(MALL))

        self.transaction(pay)
