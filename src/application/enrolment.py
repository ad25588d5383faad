"""Purchase and enrolment use cases: buy, consult, intake (opens the ledger), expire."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from application.access import check_acts_for, check_buyer
from application.base import CarepackBase, Done
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
    ) -> Done:
        """Only a published package, at its price, once per payment reference."""

        def decide() -> tuple[UUID, list[Aggregate], dict[str, Any]]:
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
            return subscription_id, [subscription, patient, ref], {"status": subscription.status}

        return self.create(subscription_id, ctx, decide)

    def record_consultation(
        self, subscription_id: UUID, suitable: bool, notes: str, ctx: Ctx
    ) -> Done:
        """Not suitable: the subscription ends with a full refund the system approves."""

        def decide() -> tuple[UUID, list[Aggregate], dict[str, Any]]:
            subscription = self.load(Subscription, subscription_id)
            refund_id = subscription.record_consultation(suitable, notes, ctx)
            changed: list[Aggregate] = [subscription]
            if refund_id is not None:
                changed.append(Reference.take("refund", str(refund_id), subscription_id, ctx))
            answer = {"status": subscription.status, "refund_id": refund_id}
            return subscription_id, changed, answer

        return self.run(ctx, decide)

    def cancel_subscription(self, subscription_id: UUID, reason_code: str, ctx: Ctx) -> Done:
        """Cancel before it starts, with nothing to refund (a free package): its own event."""

        def decide() -> tuple[UUID, list[Aggregate], dict[str, Any]]:
            subscription = self.load(Subscription, subscription_id)
            patient = self.load(Patient, subscription.patient_id)
            check_acts_for(patient, ctx.actor, "request_refund")
            subscription.cancel(reason_code, ctx)
            return subscription_id, [subscription], {"status": subscription.status}

        return self.run(ctx, decide)

    def submit_intake(self, subscription_id: UUID, answers: dict[str, Any], ctx: Ctx) -> Done:
        """Intake activates the subscription and opens its ledger in one transaction."""

        def decide() -> tuple[UUID, list[Aggregate], dict[str, Any]]:
            subscription = self.load(Subscription, subscription_id)
            check_acts_for(self.load(Patient, subscription.patient_id), ctx.actor, "purchase")
            subscription.submit_intake(answers, ctx)
            ledger = EntitlementLedger.open_for(subscription, ctx)
            answer = {"status": subscription.status, "ends_on": subscription.ends_on}
            return subscription_id, [subscription, ledger], answer

        return self.run(ctx, decide)

    def expire_due(self, ctx: Ctx) -> list[Done]:
        """The scheduled command: expire every active subscription past its end date."""
        done: list[Done] = []
        for subscription_id in self.activated_subscription_ids():
            subscription = self.load(Subscription, subscription_id)
            if subscription.is_due_to_expire(ctx.today):
                done.append(self._expire(subscription_id, ctx))
        return done

    def _expire(self, subscription_id: UUID, ctx: Ctx) -> Done:
        def decide() -> tuple[UUID, list[Aggregate], dict[str, Any]]:
            subscription = self.load(Subscription, subscription_id)
            if not subscription.is_due_to_expire(ctx.today):
                return subscription_id, [], {"status": subscription.status}
            subscription.expire(ctx)
            ledger = self.load(EntitlementLedger, ledger_id_for(subscription_id))
            ledger.close("expired", ctx)
            return subscription_id, [subscription, ledger], {"status": "expired"}

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
