"""Refund use cases: request with a quote, agree, approve (revoking entitlements), pay."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access import channel_for, check_acts_for
from application.base import CarepackBase, Done
from application.outcomes import RefundRequested, Status
from domain.context import Ctx
from domain.errors import AlreadyTaken, UnknownRefund
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.patient import Patient
from domain.quote import RefundScope
from domain.references import Reference, reference_id
from domain.subscription import Subscription


class RefundCommands(CarepackBase):
    def request_refund(
        self,
        refund_id: UUID,
        subscription_id: UUID,
        *,
        scope: RefundScope,
        reason_code: str,
        reason_text: str,
        requested_amount: Money | None,
        ctx: Ctx,
    ) -> Done[RefundRequested]:
        def decide() -> tuple[UUID, list[Aggregate], RefundRequested]:
            if self.exists(reference_id("refund", str(refund_id))):
                raise AlreadyTaken("this refund id is already used")
            subscription = self.load(Subscription, subscription_id)
            check_acts_for(self.load(Patient, subscription.patient_id), ctx.actor, "request_refund")
            ledger = self._ledger(subscription)
            usage = ledger.usage() if ledger is not None else None
            quote = subscription.request_refund(
                refund_id,
                scope,
                reason_code,
                reason_text,
                requested_amount,
                usage,
                ctx,
                channel_for(ctx.actor),
            )
            changed = [subscription, *self._revoke(subscription, ledger, refund_id, ctx)]
            changed.append(Reference.take("refund", str(refund_id), subscription_id, ctx))
            status = subscription.refund(refund_id).status
            return refund_id, changed, RefundRequested(status, quote)

        return self.run(ctx, decide)

    def agree_refund(self, refund_id: UUID, amount: Money, note: str, ctx: Ctx) -> Done[Status]:
        return self._refund_step(
            refund_id, ctx, lambda s: s.agree_refund(refund_id, amount, note, ctx)
        )

    def reject_refund(self, refund_id: UUID, reason: str, ctx: Ctx) -> Done[Status]:
        return self._refund_step(refund_id, ctx, lambda s: s.reject_refund(refund_id, reason, ctx))

    def withdraw_refund(self, refund_id: UUID, ctx: Ctx) -> Done[Status]:
        return self._refund_step(refund_id, ctx, lambda s: s.withdraw_refund(refund_id, ctx))

    def approve_refund(self, refund_id: UUID, ctx: Ctx) -> Done[Status]:
        """Approving an items/remaining refund revokes those entitlements in the same save."""

        def decide() -> tuple[UUID, list[Aggregate], Status]:
            subscription = self.load(Subscription, self.refund_subscription_id(refund_id))
            subscription.approve_refund(refund_id, ctx)
            ledger = self._ledger(subscription)
            changed = [subscription, *self._revoke(subscription, ledger, refund_id, ctx)]
            return refund_id, changed, Status(subscription.refund(refund_id).status)

        return self.run(ctx, decide)

    def record_refund_payment(
        self,
        refund_id: UUID,
        *,
        paid: bool,
        provider_ref: str,
        amount: Money | None,
        reason: str,
        ctx: Ctx,
    ) -> Done[Status]:
        """The mall reports a payout, or its failure (the refund then stays approved)."""

        def decide() -> tuple[UUID, list[Aggregate], Status]:
            subscription = self.load(Subscription, self.refund_subscription_id(refund_id))
            refund = subscription.refund(refund_id)
            if not paid:
                subscription.record_refund_payment_failed(refund_id, reason or "unknown", ctx)
                return refund_id, [subscription], Status(refund.status)
            fen = refund.approved_amount if amount is None else amount.fen
            payout = Money(fen or 0, subscription.amount_paid.currency)
            subscription.record_refund_paid(refund_id, provider_ref, payout, ctx)
            changed: list[Aggregate] = [subscription]
            ledger = self._ledger(subscription)
            if subscription.status == "refunded" and ledger is not None and ledger.is_open:
                ledger.close("refunded", ctx)
                changed.append(ledger)
            return refund_id, changed, Status(refund.status)

        return self.run(ctx, decide)

    def refund_subscription_id(self, refund_id: UUID) -> UUID:
        ref_id = reference_id("refund", str(refund_id))
        if not self.exists(ref_id):
            raise UnknownRefund(f"no refund {refund_id}")
        return self.load(Reference, ref_id).owner_id

    # --- helpers ------------------------------------------------------------------
    def _refund_step(self, refund_id: UUID, ctx: Ctx, change: Any) -> Done[Status]:
        def decide() -> tuple[UUID, list[Aggregate], Status]:
            subscription = self.load(Subscription, self.refund_subscription_id(refund_id))
            change(subscription)
            return refund_id, [subscription], Status(subscription.refund(refund_id).status)

        return self.run(ctx, decide)

    def _ledger(self, subscription: Subscription) -> EntitlementLedger | None:
        if not subscription.started:
            return None
        return self.load(EntitlementLedger, ledger_id_for(subscription.id))

    @staticmethod
    def _revoke(
        subscription: Subscription, ledger: EntitlementLedger | None, refund_id: UUID, ctx: Ctx
    ) -> list[Aggregate]:
        """If the refund is now approved, take its units back from the ledger."""
        refund = subscription.refund(refund_id)
        if ledger is None or refund.status != "approved" or refund.scope == "goodwill":
            return []
        if refund.scope == "items":
            ledger.revoke(refund_id, refund.items, ctx)
        else:
            ledger.revoke_remaining(refund_id, ctx)
            ledger.close("terminated", ctx)
        return [ledger]
