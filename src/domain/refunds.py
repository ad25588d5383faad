"""Refunds on a subscription (product §2.4): request, quote, agree, approve, pay — and the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import (
    ApprovalNeedsFinance,
    ApprovalNeedsLead,
    ApproverNotIndependent,
    InvalidInput,
    InvalidRefundState,
    InvalidSubscriptionState,
    NotRefundRequester,
    PaymentAmountMismatch,
    RefundAlreadyOpen,
    RefundExceedsBalance,
    UnknownRefund,
)
from domain.money import Money
from domain.quote import ItemUsage, Quote, QuoteRequest, RefundScope, quote
from domain.terms import Terms

CHANNELS = frozenset({"self_service", "staff_on_behalf", "system"})
REASONS = frozenset(
    {"dissatisfied_with_item", "no_longer_needed", "unsuitable", "duplicate_purchase",
     "medical_reason", "other"}
)  # fmt: skip
OPEN = frozenset({"requested", "quoted", "agreed"})
COMMITTED = frozenset({"approved", "paid", "payment_failed"})
ENDED = frozenset({"completed", "expired", "terminated", "refunded", "cancelled"})


@dataclass
class Refund:
    """A refund's state inside its subscription; amounts in fen."""

    refund_id: UUID
    requested_by: str
    channel: str
    reason_code: str
    scope: str
    items: dict[str, int]
    requested_amount: int | None
    quote: int = 0
    status: str = "requested"
    agreed_amount: int | None = None
    agreed_by: str | None = None
    approved_amount: int | None = None
    approved_by: str | None = None
    paid_amount: int | None = None
    provider_ref: str | None = None


class SubscriptionRefunds(CarepackAggregate):
    """Part of `Subscription` (not a parent in meaning): its refund half, never made alone.

    A mixin in aggregate's clothing so that refund rules fit in one file; the aggregate is
    `domain.subscription.Subscription`. Its events are stored under this class's topics
    (`domain.refunds:SubscriptionRefunds.RefundRequested`, ...), so projections name them
    as `SubscriptionRefunds.X`: the library redefines nested events per subclass, and
    `Subscription.RefundRequested` is a subclass no stored event is an instance of.
    """

    terms: Terms
    amount_paid: Money
    purchased_at: datetime
    status: str
    starts_on: date | None

    class RefundRequested(CarepackAggregate.Event):
        refund_id: UUID
        channel: str
        reason_code: str
        reason_text: str
        scope: str
        items: dict[str, int]
        requested_amount: Money | None

    class RefundQuoted(CarepackAggregate.Event):
        refund_id: UUID
        amount: Money
        gross: int
        fee: int
        basis: str
        lines: list[dict[str, Any]]

    class RefundAmountAgreed(CarepackAggregate.Event):
        refund_id: UUID
        amount: Money
        note: str

    class RefundApproved(CarepackAggregate.Event):
        refund_id: UUID
        amount: Money

    class RefundRejected(CarepackAggregate.Event):
        refund_id: UUID
        reason: str

    class RefundWithdrawn(CarepackAggregate.Event):
        refund_id: UUID

    class RefundPaid(CarepackAggregate.Event):
        refund_id: UUID
        provider_ref: str
        amount: Money
        paid_at: datetime

    class RefundPaymentFailed(CarepackAggregate.Event):
        refund_id: UUID
        reason: str

    class Terminated(CarepackAggregate.Event):
        reason: str

    def _init_refunds(self) -> None:
        self.refunds: dict[UUID, Refund] = {}
        self.revoked_before_start: dict[str, int] = {}

    # --- queries ----------------------------------------------------------------------
    @property
    def started(self) -> bool:
        """Service starts when the intake activates the subscription."""
        return self.starts_on is not None

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED

    @property
    def committed(self) -> int:
        """Approved refunds, paid or not (a failed payment stays approved)."""
        return sum(r.approved_amount or 0 for r in self.refunds.values() if r.status in COMMITTED)

    @property
    def refundable(self) -> int:
        return self.amount_paid.fen - self.committed

    @property
    def refunded(self) -> int:
        return sum(r.paid_amount or 0 for r in self.refunds.values() if r.status == "paid")

    @property
    def open_refund(self) -> Refund | None:
        return next((r for r in self.refunds.values() if r.status in OPEN), None)

    def refund(self, refund_id: UUID) -> Refund:
        found = self.refunds.get(refund_id)
        if found is None:
            raise UnknownRefund("no such refund on this subscription")
        return found

    def usage_before_start(self) -> dict[str, ItemUsage]:
        return {
            i.code: ItemUsage(granted=i.quantity, revoked=self.revoked_before_start.get(i.code, 0))
            for i in self.terms.content.items
        }

    def quote_for(
        self,
        scope: RefundScope,
        usage: dict[str, ItemUsage] | None,
        now: datetime,
        *,
        in_full: bool = False,
    ) -> Quote:
        started = self.started
        request = QuoteRequest(
            items=self.terms.content.items,
            policy=self.terms.content.refund_policy,
            amount_paid=self.amount_paid.fen,
            refundable=self.refundable,
            usage=usage if usage is not None and started else self.usage_before_start(),
            started=started,
            purchased_at=self.purchased_at,
            now=now,
            in_full=in_full,
        )
        return quote(request, scope)

    # --- commands ---------------------------------------------------------------------
    def request_refund(
        self,
        refund_id: UUID,
        scope: RefundScope,
        reason_code: str,
        reason_text: str,
        requested_amount: Money | None,
        usage: dict[str, ItemUsage] | None,
        ctx: Ctx,
        channel: str,
        *,
        in_full: bool = False,
    ) -> Quote:
        """Request and quote at once; a self-service refund before start is approved now.

        `in_full` quotes everything still refundable (the hospital ends the subscription).
        """
        self._check_request(refund_id, scope, reason_code, requested_amount, channel)
        limits.text(reason_text, "reason_text")
        the_quote = self.quote_for(scope, usage, ctx.now, in_full=in_full)
        self._refund_requested(
            refund_id=refund_id,
            channel=channel,
            reason_code=reason_code,
            reason_text=reason_text,
            scope=scope.type,
            items=dict(scope.items),
            requested_amount=requested_amount,
            **ctx.meta,
        )
        self._refund_quoted(
            refund_id=refund_id,
            amount=Money(the_quote.amount, self.amount_paid.currency),
            gross=the_quote.gross,
            fee=the_quote.fee,
            basis=the_quote.basis,
            lines=[
                {"code": ln.code, "units": ln.units, "value": ln.value} for ln in the_quote.lines
            ],
            **ctx.meta,
        )
        if channel == "self_service" and not self.started and scope.type != "goodwill":
            self.approve_refund(refund_id, ctx.as_system())
        return the_quote

    def _check_request(
        self,
        refund_id: UUID,
        scope: RefundScope,
        reason_code: str,
        requested_amount: Money | None,
        channel: str,
    ) -> None:
        if channel not in CHANNELS or reason_code not in REASONS:
            raise InvalidInput(f"reason code must be one of {sorted(REASONS)}")
        if refund_id in self.refunds:
            raise InvalidInput("this refund id is already used")
        if self.open_refund is not None:
            raise RefundAlreadyOpen("a refund is already open on this subscription")
        returns_items = scope.type in ("items", "remaining")
        if self.status == "refunded" or (returns_items and self.is_ended):
            raise InvalidSubscriptionState(f"the subscription is {self.status}")
        if self.refundable <= 0:
            raise RefundExceedsBalance("nothing paid remains to be refunded")
        if requested_amount is not None and not 0 <= requested_amount.fen <= self.refundable:
            raise RefundExceedsBalance(
                f"at most {Money(self.refundable).amount} can still be refunded"
            )

    def agree_refund(self, refund_id: UUID, amount: Money, note: str, ctx: Ctx) -> None:
        """Service staff phoned the patient (协商) and agreed an amount."""
        refund = self._open(refund_id, ("quoted", "agreed"), "agree")
        limits.text(note, "note")
        if not 0 <= amount.fen <= self.refundable:
            raise RefundExceedsBalance(
                f"at most {Money(self.refundable).amount} can still be refunded"
            )
        self._refund_amount_agreed(refund_id=refund.refund_id, amount=amount, note=note, **ctx.meta)

    def approve_refund(self, refund_id: UUID, ctx: Ctx) -> Refund:
        """Lead at or below the quote; finance above it or for goodwill; never a party to it."""
        refund = self._open(refund_id, ("quoted", "agreed"), "approve")
        amount = refund.agreed_amount if refund.agreed_amount is not None else refund.quote
        if refund.scope != "goodwill" and self.is_ended:
            # Expired or completed meanwhile: the units it would take back are gone.
            raise InvalidSubscriptionState(
                f"the subscription is {self.status}; only a goodwill refund can be approved"
            )
        if ctx.actor.role != "system":
            self._check_approver(refund, amount, ctx.actor)
        if refund.scope == "goodwill" and refund.agreed_amount is None:
            raise InvalidRefundState("a goodwill refund is approved once an amount is agreed")
        if amount > self.refundable:
            raise RefundExceedsBalance(
                f"approving {Money(amount).amount} would refund more than was paid"
            )
        self._refund_approved(
            refund_id=refund_id, amount=Money(amount, self.amount_paid.currency), **ctx.meta
        )
        if refund.scope == "remaining":
            self._terminated(reason=f"refund {refund_id}", **ctx.meta)
        return refund

    @staticmethod
    def _check_approver(refund: Refund, amount: int, approver: Actor) -> None:
        if approver.user_id in (refund.requested_by, refund.agreed_by):
            raise ApproverNotIndependent(
                "the approver is never the requester nor the staff member who agreed the amount"
            )
        if refund.scope == "goodwill" or amount > refund.quote:
            if approver.role != "finance":
                raise ApprovalNeedsFinance("an amount above the quote, or goodwill, needs finance")
        elif approver.role not in ("service_lead", "finance"):
            raise ApprovalNeedsLead("a refund at or below the quote needs a service lead")

    def reject_refund(self, refund_id: UUID, reason: str, ctx: Ctx) -> None:
        self._open(refund_id, tuple(OPEN), "reject")
        if not reason.strip():
            raise InvalidInput("a rejection needs a reason")
        limits.text(reason, "reason")
        self._refund_rejected(refund_id=refund_id, reason=reason, **ctx.meta)

    def withdraw_refund(self, refund_id: UUID, ctx: Ctx) -> None:
        refund = self._open(refund_id, tuple(OPEN), "withdraw")
        if ctx.actor.user_id != refund.requested_by:
            raise NotRefundRequester("only whoever asked for a refund may withdraw it")
        self._refund_withdrawn(refund_id=refund_id, **ctx.meta)

    def record_refund_paid(
        self, refund_id: UUID, provider_ref: str, amount: Money, ctx: Ctx
    ) -> None:
        refund = self._open(refund_id, ("approved", "payment_failed"), "record a payment of")
        if amount.fen != refund.approved_amount:
            raise PaymentAmountMismatch(
                f"the payout {amount.amount} is not the approved "
                f"{Money(refund.approved_amount or 0).amount}"
            )
        if not provider_ref.strip():
            raise InvalidInput("a provider reference is required")
        limits.line(provider_ref, "provider_ref", limits.REFERENCE)
        self._refund_paid(
            refund_id=refund_id,
            provider_ref=provider_ref,
            amount=amount,
            paid_at=ctx.now,
            **ctx.meta,
        )

    def record_refund_payment_failed(self, refund_id: UUID, reason: str, ctx: Ctx) -> None:
        """The refund stays approved and may be paid later."""
        self._open(refund_id, ("approved", "payment_failed"), "record a failed payment of")
        limits.text(reason, "reason")
        self._refund_payment_failed(refund_id=refund_id, reason=reason, **ctx.meta)

    def terminate(self, reason: str, ctx: Ctx) -> None:
        self._terminated(reason=reason, **ctx.meta)

    def _open(self, refund_id: UUID, allowed: tuple[str, ...], doing: str) -> Refund:
        refund = self.refund(refund_id)
        if refund.status not in allowed:
            raise InvalidRefundState(
                f"cannot {doing} a refund that is {refund.status}", status=refund.status
            )
        return refund

    # --- events -----------------------------------------------------------------------
    @event(RefundRequested)
    def _refund_requested(
        self,
        refund_id: UUID,
        channel: str,
        reason_code: str,
        reason_text: str,
        scope: str,
        items: dict[str, int],
        requested_amount: Money | None,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.refunds[refund_id] = Refund(
            refund_id=refund_id,
            requested_by=actor.user_id,
            channel=channel,
            reason_code=reason_code,
            scope=scope,
            items=dict(items),
            requested_amount=None if requested_amount is None else requested_amount.fen,
        )

    @event(RefundQuoted)
    def _refund_quoted(
        self,
        refund_id: UUID,
        amount: Money,
        gross: int,
        fee: int,
        basis: str,
        lines: list[dict[str, Any]],
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.refunds[refund_id].quote = amount.fen
        self.refunds[refund_id].status = "quoted"

    @event(RefundAmountAgreed)
    def _refund_amount_agreed(
        self, refund_id: UUID, amount: Money, note: str, actor: Actor, correlation_id: str
    ) -> None:
        refund = self.refunds[refund_id]
        refund.agreed_amount = amount.fen
        refund.agreed_by = actor.user_id
        refund.status = "agreed"

    @event(RefundApproved)
    def _refund_approved(
        self, refund_id: UUID, amount: Money, actor: Actor, correlation_id: str
    ) -> None:
        refund = self.refunds[refund_id]
        refund.approved_amount = amount.fen
        refund.approved_by = actor.user_id
        refund.status = "approved"
        if refund.scope == "items" and self.status in ("awaiting_consultation", "awaiting_intake"):
            for code, n in refund.items.items():
                self.revoked_before_start[code] = self.revoked_before_start.get(code, 0) + n

    @event(RefundRejected)
    def _refund_rejected(
        self, refund_id: UUID, reason: str, actor: Actor, correlation_id: str
    ) -> None:
        self.refunds[refund_id].status = "rejected"

    @event(RefundWithdrawn)
    def _refund_withdrawn(self, refund_id: UUID, actor: Actor, correlation_id: str) -> None:
        self.refunds[refund_id].status = "withdrawn"

    @event(RefundPaid)
    def _refund_paid(
        self,
        refund_id: UUID,
        provider_ref: str,
        amount: Money,
        paid_at: datetime,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        refund = self.refunds[refund_id]
        refund.paid_amount = amount.fen
        refund.provider_ref = provider_ref
        refund.status = "paid"
        if self.amount_paid.fen > 0 and self.refunded == self.amount_paid.fen:
            self.status = "refunded"

    @event(RefundPaymentFailed)
    def _refund_payment_failed(
        self, refund_id: UUID, reason: str, actor: Actor, correlation_id: str
    ) -> None:
        self.refunds[refund_id].status = "payment_failed"

    @event(Terminated)
    def _terminated(self, reason: str, actor: Actor, correlation_id: str) -> None:
        self.status = "terminated"
