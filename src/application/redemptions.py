"""Redemption use cases (核销): receipts and follow-ups redeem; staff claim, patients confirm."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.access import check_acts_for
from application.base import CarepackBase, Done
from application.outcomes import FollowUpRedemption, Receipt, Settled, Status
from domain.context import Ctx
from domain.episode import PatientEpisode
from domain.errors import (
    AlreadyTaken,
    InvalidSubscriptionState,
    NoMatchingEntitlement,
    NotFound,
    OutsideValidity,
    ReceiptRefReused,
    UnknownRedemption,
)
from domain.ledger import EntitlementLedger, ledger_id_for, receipt_redemption_id
from domain.patient import Patient
from domain.references import Reference, reference_id
from domain.subscription import Subscription


class RedemptionCommands(CarepackBase):
    def receive_receipt(
        self,
        source: str,
        ref: str,
        patient_id: UUID,
        item_kind: str,
        occurred_at: datetime,
        ctx: Ctx,
    ) -> Done[Receipt]:
        """A completion receipt redeems the matching active subscription that ends first.

        The same receipt again returns the first result (`data['replayed']` is True).
        """
        key = f"{source}:{ref}"

        def decide() -> tuple[UUID, list[Aggregate], Receipt]:
            taken = self._reference("receipt", key)
            if taken is not None:
                # The same receipt again answers the first result, but never to a request
                # about another patient: that answer would show the other patient's data.
                if self.load(EntitlementLedger, taken.owner_id).patient_id != patient_id:
                    raise ReceiptRefReused(f"receipt {key} was recorded for another patient")
                first = Receipt(**taken.result, replayed=True)
                return first.redemption_id, [], first
            day = ctx.day_of(occurred_at)
            subscription, ledger = self._matching(patient_id, item_kind, day)
            line = ledger.auto_line_for(item_kind, day)
            assert line is not None
            rid = receipt_redemption_id(source, ref)
            ledger.redeem(rid, line.code, source, ref, occurred_at, ctx)
            redeemed = Receipt(rid, subscription.id, line.code, "redeemed", replayed=False)
            # Kept with the receipt's reference (as stored before outcomes were typed): a
            # replay answers it again.
            result = {k: v for k, v in asdict(redeemed).items() if k != "replayed"}
            changed = [ledger, *self._complete_if_used(subscription, ledger, ctx)]
            changed.append(Reference.take("receipt", key, ledger.id, ctx, result))
            return rid, changed, redeemed

        return self.run(ctx, decide)

    def complete_follow_up(
        self, episode_id: UUID, follow_up_id: UUID, outcome: str, ctx: Ctx
    ) -> Done[FollowUpRedemption]:
        """Completing a follow-up is a receipt: it redeems one follow_up unit if one matches."""

        def decide() -> tuple[UUID, list[Aggregate], FollowUpRedemption]:
            episode = self.load(PatientEpisode, episode_id)
            episode.complete_follow_up(follow_up_id, outcome, ctx)
            changed: list[Aggregate] = [episode]
            try:
                subscription, ledger = self._matching(episode.patient_id, "follow_up", ctx.today)
            except (NoMatchingEntitlement, OutsideValidity):
                return episode_id, changed, FollowUpRedemption(None, None)
            line = ledger.auto_line_for("follow_up", ctx.today)
            assert line is not None
            rid = receipt_redemption_id("episode", str(follow_up_id))
            ledger.redeem(rid, line.code, "episode", str(follow_up_id), ctx.now, ctx)
            changed += [ledger, *self._complete_if_used(subscription, ledger, ctx)]
            return episode_id, changed, FollowUpRedemption(subscription.id, rid)

        return self.run(ctx, decide)

    def claim_redemption(
        self, redemption_id: UUID, subscription_id: UUID, item_code: str, note: str, ctx: Ctx
    ) -> Done[Status]:
        """Staff claim a manual unit; it is reserved until the patient confirms."""

        def decide() -> tuple[UUID, list[Aggregate], Status]:
            if self._reference("redemption", str(redemption_id)) is not None:
                raise AlreadyTaken("this redemption id is already used")
            subscription = self.load(Subscription, subscription_id)
            if not subscription.started:
                raise InvalidSubscriptionState(
                    f"the subscription is {subscription.status}: nothing can be redeemed yet"
                )
            ledger = self.load(EntitlementLedger, ledger_id_for(subscription_id))
            ledger.claim(redemption_id, item_code, note, ctx)
            ref = Reference.take("redemption", str(redemption_id), ledger.id, ctx)
            return redemption_id, [ledger, ref], Status("claimed")

        return self.run(ctx, decide)

    def confirm_redemption(self, redemption_id: UUID, ctx: Ctx) -> Done[Settled]:
        """The patient (or a proxy with the right) confirms a claimed redemption."""

        def confirm(ledger: EntitlementLedger) -> None:
            ledger.confirm(redemption_id, ctx)

        return self._settle(redemption_id, ctx, confirm, on_patients_side=True)

    def dispute_redemption(self, redemption_id: UUID, reason: str, ctx: Ctx) -> Done[Settled]:
        """The patient (or a proxy with the right) disputes a claimed redemption."""

        def dispute(ledger: EntitlementLedger) -> None:
            ledger.dispute(redemption_id, reason, ctx)

        return self._settle(redemption_id, ctx, dispute, on_patients_side=True)

    def reverse_redemption(self, redemption_id: UUID, reason: str, ctx: Ctx) -> Done[Settled]:
        """Staff reverse a disputed redemption: the unit returns to the patient."""

        def reverse(ledger: EntitlementLedger) -> None:
            ledger.reverse(redemption_id, reason, ctx)

        return self._settle(redemption_id, ctx, reverse, on_patients_side=False)

    def uphold_redemption(self, redemption_id: UUID, reason: str, ctx: Ctx) -> Done[Settled]:
        """Staff uphold a disputed redemption: the unit stays used."""

        def uphold(ledger: EntitlementLedger) -> None:
            ledger.uphold(redemption_id, reason, ctx)

        return self._settle(redemption_id, ctx, uphold, on_patients_side=False)

    def redemption_ledger_id(self, redemption_id: UUID) -> UUID | None:
        taken = self._reference("redemption", str(redemption_id))
        return None if taken is None else taken.owner_id

    # --- helpers ------------------------------------------------------------------
    def _settle(
        self,
        redemption_id: UUID,
        ctx: Ctx,
        act: Callable[[EntitlementLedger], None],
        *,
        on_patients_side: bool,
    ) -> Done[Settled]:
        """Load the redemption's ledger, apply `act` to it (the patient's side must act for
        the patient), complete the subscription if that used its last unit, save."""

        def decide() -> tuple[UUID, list[Aggregate], Settled]:
            ledger_id = self.redemption_ledger_id(redemption_id)
            if ledger_id is None:
                raise UnknownRedemption(f"no redemption {redemption_id}")
            ledger = self.load(EntitlementLedger, ledger_id)
            if on_patients_side:
                patient = self.load(Patient, ledger.patient_id)
                check_acts_for(patient, ctx.actor, "confirm_redemption")
            act(ledger)
            subscription = self.load(Subscription, ledger.subscription_id)
            changed = [ledger, *self._complete_if_used(subscription, ledger, ctx)]
            status = ledger.redemptions[redemption_id]["status"]
            return redemption_id, changed, Settled(status, subscription.id)

        return self.run(ctx, decide)

    def _reference(self, kind: str, value: str) -> Reference | None:
        ref_id = reference_id(kind, value)
        try:
            return self.load(Reference, ref_id)
        except NotFound:
            return None

    def _matching(
        self, patient_id: UUID, item_kind: str, day: date
    ) -> tuple[Subscription, EntitlementLedger]:
        """The patient's active subscription with a unit of this kind left that ends first.

        None matching: `outside_validity` when a subscription would have matched but for
        its validity window (the receipt's date is before or after it), else
        `no_matching_entitlement`."""
        patient = self.load(Patient, patient_id)
        candidates: list[tuple[Subscription, EntitlementLedger]] = []
        outside: list[EntitlementLedger] = []
        for subscription_id in patient.subscription_ids:
            subscription = self.load(Subscription, subscription_id)
            if subscription.status != "active":
                continue
            ledger = self.load(EntitlementLedger, ledger_id_for(subscription_id))
            if ledger.auto_line_for(item_kind, day) is not None:
                candidates.append((subscription, ledger))
            elif ledger.auto_line_for(item_kind, None) is not None:
                outside.append(ledger)
        if not candidates and outside:
            windows = ", ".join(f"{x.valid_from} to {x.valid_until}" for x in outside)
            raise OutsideValidity(
                f"{day} is outside the validity of the subscriptions with a {item_kind}"
                f" unit left ({windows})"
            )
        if not candidates:
            raise NoMatchingEntitlement(f"no active subscription has a {item_kind} unit left")
        return min(candidates, key=lambda pair: (pair[1].valid_until, str(pair[0].id)))

    @staticmethod
    def _complete_if_used(
        subscription: Subscription, ledger: EntitlementLedger, ctx: Ctx
    ) -> list[Aggregate]:
        """Completed once every entitlement is used: the ledger closes with it."""
        if subscription.status == "active" and ledger.all_used():
            subscription.complete(ctx)
            ledger.close("completed", ctx)
            return [subscription]
        return []
