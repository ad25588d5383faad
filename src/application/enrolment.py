"""Purchase and enrolment use cases: buy, consult, intake (opens the ledger), expire."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from application.access import check_acts_for, check_buyer
from application.base import CarepackBase, Done
from application.outcomes import Activated, Consulted, Status
from domain.context import Ctx
from domain.errors import PaymentRefReused
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.package import ServicePackage
from domain.patient import Patient
from domain.references import Reference, reference_id
from domain.subscription import Subscription


class EnrolmentCommands(CarepackBase):
    def purchase(
        self,
        subscription_id: UUID,
        *,
        package_id: UUID,
        patient_id: UUID,
        buyer_user_id: str,
        buyer_relation: str,
        payer_type: str,
        amount_paid: Money,
        payment_ref: str,
        ctx: Ctx,
    ) -> Done[Status]:
        """Only a published package, at its price, once per payment reference."""

        def decide() -> tuple[UUID, list[Aggregate], Status]:
            if self.exists(reference_id("payment", payment_ref.strip())):
                raise PaymentRefReused(f"payment reference {payment_ref} was already used")
            patient = self.load(Patient, patient_id)
            check_acts_for(patient, ctx.actor, "purchase")
            check_buyer(patient, buyer_user_id, buyer_relation, ctx.actor)
            terms = self.load(ServicePackage, package_id).terms()
            subscription = Subscription.purchase(
                subscription_id,
                terms=terms,
                patient_id=patient_id,
                buyer_user_id=buyer_user_id,
                buyer_relation=buyer_relation,
                payer_type=payer_type,
                amount_paid=amount_paid,
                payment_ref=payment_ref,
                ctx=ctx,
            )
            patient.link_subscription(subscription_id, ctx)
            ref = Reference.take("payment", subscription.payment_ref, subscription_id, ctx)
            return subscription_id, [subscription, patient, ref], Status(subscription.status)

        return self.create(subscription_id, ctx, decide)

    def record_consultation(
        self, subscription_id: UUID, suitable: bool, notes: str, ctx: Ctx
    ) -> Done[Consulted]:
        """Not suitable: the subscription ends with a full refund the system approves."""

        def decide() -> tuple[UUID, list[Aggregate], Consulted]:
            subscription = self.load(Subscription, subscription_id)
            refund_id = subscription.record_consultation(suitable, notes, ctx)
            changed: list[Aggregate] = [subscription]
            if refund_id is not None:
                changed.append(Reference.take("refund", str(refund_id), subscription_id, ctx))
            return subscription_id, changed, Consulted(subscription.status, refund_id)

        return self.run(ctx, decide)

    def cancel_subscription(
        self, subscription_id: UUID, reason_code: str, ctx: Ctx
    ) -> Done[Status]:
        """Cancel before it starts, with nothing to refund (a free package): its own event."""

        def decide() -> tuple[UUID, list[Aggregate], Status]:
            subscription = self.load(Subscription, subscription_id)
            patient = self.load(Patient, subscription.patient_id)
            check_acts_for(patient, ctx.actor, "request_refund")
            subscription.cancel(reason_code, ctx)
            return subscription_id, [subscription], Status(subscription.status)

        return self.run(ctx, decide)

    def submit_intake(
        self, subscription_id: UUID, answers: dict[str, Any], ctx: Ctx
    ) -> Done[Activated]:
        """Intake activates the subscription and opens its ledger in one transaction."""

        def decide() -> tuple[UUID, list[Aggregate], Activated]:
            subscription = self.load(Subscription, subscription_id)
            check_acts_for(self.load(Patient, subscription.patient_id), ctx.actor, "purchase")
            subscription.submit_intake(answers, ctx)
            ledger = EntitlementLedger.open_for(subscription, ctx)
            ends_on = subscription.ends_on
            assert ends_on is not None  # set by the intake
            return subscription_id, [subscription, ledger], Activated(subscription.status, ends_on)

        return self.run(ctx, decide)

    def expire_due(self, ctx: Ctx) -> list[Done[Status]]:
        """The scheduled command: expire every active subscription past its end date."""
        done: list[Done[Status]] = []
        for subscription_id in self.activated_subscription_ids():
            subscription = self.load(Subscription, subscription_id)
            if subscription.is_due_to_expire(ctx.today):
                done.append(self._expire(subscription_id, ctx))
        return done

    def _expire(self, subscription_id: UUID, ctx: Ctx) -> Done[Status]:
        def decide() -> tuple[UUID, list[Aggregate], Status]:
            subscription = self.load(Subscription, subscription_id)
            if not subscription.is_due_to_expire(ctx.today):
                return subscription_id, [], Status(subscription.status)
            subscription.expire(ctx)
            ledger = self.load(EntitlementLedger, ledger_id_for(subscription_id))
            ledger.close("expired", ctx)
            return subscription_id, [subscription, ledger], Status("expired")

        return self.run(ctx, decide)

    def activated_subscription_ids(self) -> list[UUID]:
        topic = get_topic(Subscription.Activated)
        ids: list[UUID] = []
        start = 1
        while True:
            batch = self.recorder.select_notifications(start, 1000, topics=[topic])
            ids.extend(n.originator_id for n in batch)  # type: ignore[misc]
            if len(batch) < 1000:
                return ids
            start = batch[-1].id + 1
