"""The Subscription aggregate: one purchase of one package version for one patient."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import (
    CancellationNeedsRefund,
    InvalidInput,
    InvalidSubscriptionState,
    PriceMismatch,
)
from domain.intake import check_answers
from domain.money import Money
from domain.quote import RefundScope
from domain.refunds import REASONS, SubscriptionRefunds
from domain.terms import Terms

PAYER_TYPES = frozenset(
    {"self_pay", "family", "medical_insurance", "commercial_insurance", "pharma_programme"}
)
BEFORE_START = frozenset({"awaiting_consultation", "awaiting_intake"})
BUYER_RELATIONS = frozenset({"self", "child", "spouse", "parent", "guardian", "other", "staff"})


class Subscription(SubscriptionRefunds):
    class Purchased(CarepackAggregate.Created):
        terms: Terms
        patient_id: UUID
        buyer_user_id: str
        buyer_relation: str
        payer_type: str
        amount_paid: Money
        payment_ref: str
        purchased_at: datetime

    class EnrolmentConsulted(CarepackAggregate.Event):
        doctor_id: str
        suitable: bool
        notes: str

    class IntakeSubmitted(CarepackAggregate.Event):
        answers: dict[str, Any]

    class Activated(CarepackAggregate.Event):
        starts_on: date
        ends_on: date

    class Expired(CarepackAggregate.Event):
        on: date

    class Completed(CarepackAggregate.Event):
        pass

    class Cancelled(CarepackAggregate.Event):
        reason_code: str

    @classmethod
    def purchase(
        cls,
        subscription_id: UUID,
        *,
        terms: Terms,
        patient_id: UUID,
        buyer_user_id: str,
        buyer_relation: str,
        payer_type: str,
        amount_paid: Money,
        payment_ref: str,
        ctx: Ctx,
    ) -> Subscription:
        """The caller passes the terms of a published package (`ServicePackage.terms()`)."""
        if amount_paid != terms.content.price:
            raise PriceMismatch(
                f"the amount paid {amount_paid} is not the price {terms.content.price}"
            )
        if payer_type not in PAYER_TYPES:
            raise InvalidInput(f"payer type must be one of {sorted(PAYER_TYPES)}")
        if buyer_relation not in BUYER_RELATIONS:
            raise InvalidInput(f"buyer relation must be one of {sorted(BUYER_RELATIONS)}")
        if not payment_ref.strip():
            raise InvalidInput("a payment reference is required")
        limits.line(buyer_user_id, "buyer.user_id", limits.USER_ID)
        limits.line(payment_ref.strip(), "payment_ref", limits.REFERENCE)
        return cls._create(
            cls.Purchased,
            id=subscription_id,
            terms=terms,
            patient_id=patient_id,
            buyer_user_id=buyer_user_id,
            buyer_relation=buyer_relation,
            payer_type=payer_type,
            amount_paid=amount_paid,
            payment_ref=payment_ref.strip(),
            purchased_at=ctx.now,
            **ctx.meta,
        )

    @event(Purchased)
    def __init__(
        self,
        terms: Terms,
        patient_id: UUID,
        buyer_user_id: str,
        buyer_relation: str,
        payer_type: str,
        amount_paid: Money,
        payment_ref: str,
        purchased_at: datetime,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.terms = terms
        self.patient_id = patient_id
        self.buyer_user_id = buyer_user_id
        self.buyer_relation = buyer_relation
        self.payer_type = payer_type
        self.amount_paid = amount_paid
        self.payment_ref = payment_ref
        self.purchased_at = purchased_at
        needs_doctor = terms.content.consultation_required
        self.status = "awaiting_consultation" if needs_doctor else "awaiting_intake"
        self.starts_on: date | None = None
        self.ends_on: date | None = None
        self.answers: dict[str, Any] = {}
        self.consulted_by: str | None = None
        self._init_refunds()

    # --- enrolment ------------------------------------------------------------------
    def record_consultation(self, suitable: bool, notes: str, ctx: Ctx) -> UUID | None:
        """Not suitable ends the subscription with a refund, approved by the system, of
        everything still refundable; with nothing left to refund it just ends (terminated).

        Returns the id of that refund, if one was made.
        """
        self._expect("awaiting_consultation", "record a consultation")
        limits.text(notes, "notes")
        self._enrolment_consulted(
            doctor_id=ctx.actor.user_id, suitable=suitable, notes=notes, **ctx.meta
        )
        if suitable:
            return None
        system = ctx.as_system()
        pending = self.open_refund
        if pending is not None:
            # The full refund below supersedes whatever was being negotiated.
            self._refund_rejected(
                refund_id=pending.refund_id, reason="superseded: unsuitable", **system.meta
            )
        if self.refundable <= 0:
            # Nothing left to refund: a free package, or refunds already approved (say a
            # self-service refund of every item before start) cover all that was paid.
            # The subscription just ends; a second refund would exceed the amount paid.
            self._terminated(reason="unsuitable", **system.meta)
            return None
        refund_id = uuid5(self.id, "unsuitable")
        self.request_refund(
            refund_id,
            RefundScope("remaining"),
            "unsuitable",
            notes,
            None,
            None,
            system,
            "system",
            in_full=True,
        )
        self.approve_refund(refund_id, system)
        return refund_id

    def submit_intake(self, answers: dict[str, Any], ctx: Ctx) -> None:
        """Intake completes enrolment: the subscription starts today (the ledger opens too)."""
        self._expect("awaiting_intake", "submit the intake form of")
        checked = check_answers(self.terms.content.intake_form, answers)
        starts = ctx.today
        ends = starts + timedelta(days=self.terms.content.validity_days - 1)
        self._intake_submitted(answers=checked, **ctx.meta)
        self._activated(starts_on=starts, ends_on=ends, **ctx.meta)

    def cancel(self, reason_code: str, ctx: Ctx) -> None:
        """Before it starts, a subscription with nothing to refund (a free package, or one
        whose payment was already refunded in full) is cancelled. With money still
        refundable, ending it is a refund of the remaining (`cancellation_needs_refund`)."""
        if self.status not in BEFORE_START:
            raise InvalidSubscriptionState(
                f"only a subscription that has not started can be cancelled; it is {self.status}",
                status=self.status,
            )
        if reason_code not in REASONS:
            raise InvalidInput(f"reason code must be one of {sorted(REASONS)}")
        if self.refundable > 0:
            raise CancellationNeedsRefund(
                f"{Money(self.refundable).amount} paid is still refundable: ask for a refund of "
                "the remaining instead, which ends the subscription"
            )
        self._cancelled(reason_code=reason_code, **ctx.meta)

    def expire(self, ctx: Ctx) -> None:
        self._expect("active", "expire")
        if self.ends_on is None or ctx.today <= self.ends_on:
            raise InvalidSubscriptionState(f"the subscription runs until {self.ends_on}")
        self._expired(on=ctx.today, **ctx.meta)

    def complete(self, ctx: Ctx) -> None:
        self._expect("active", "complete")
        self._completed(**ctx.meta)

    # --- queries ----------------------------------------------------------------------
    def is_due_to_expire(self, today: date) -> bool:
        return self.status == "active" and self.ends_on is not None and today > self.ends_on

    def _expect(self, status: str, doing: str) -> None:
        if self.status != status:
            raise InvalidSubscriptionState(
                f"cannot {doing} a subscription that is {self.status}", status=self.status
            )

    # --- events -----------------------------------------------------------------------
    @event(EnrolmentConsulted)
    def _enrolment_consulted(
        self, doctor_id: str, suitable: bool, notes: str, actor: Actor, correlation_id: str
    ) -> None:
        self.consulted_by = doctor_id
        if suitable:
            self.status = "awaiting_intake"

    @event(IntakeSubmitted)
    def _intake_submitted(self, answers: dict[str, Any], actor: Actor, correlation_id: str) -> None:
        self.answers = dict(answers)

    @event(Activated)
    def _activated(self, starts_on: date, ends_on: date, actor: Actor, correlation_id: str) -> None:
        self.status = "active"
        self.starts_on = starts_on
        self.ends_on = ends_on

    @event(Expired)
    def _expired(self, on: date, actor: Actor, correlation_id: str) -> None:
        self.status = "expired"

    @event(Completed)
    def _completed(self, actor: Actor, correlation_id: str) -> None:
        self.status = "completed"

    @event(Cancelled)
    def _cancelled(self, reason_code: str, actor: Actor, correlation_id: str) -> None:
        self.status = "cancelled"
