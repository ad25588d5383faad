"""The clinic's verbs over one Carepack application at a test-controlled clock.

One vocabulary for application and projection tests (tests/README.md): each verb does
what its name says and nothing more; every option is an explicit keyword argument. The
HTTP twin is tests/api/dsl.py's `Api`, with the same verbs in the same argument order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID, uuid4

from eventsourcing.persistence import Notification

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from domain.context import Actor, Ctx
from domain.money import Money
from domain.nutrition import Nrs2002, PgSga
from domain.quote import RefundScope
from domain.terms import PackageContent
from tests.fixtures import (
    DOCTOR,
    FINANCE,
    INTAKE,
    LEAD,
    MALL,
    NURSE,
    REVIEWER,
    STAFF,
    START,
    annual_package,
    ctx,
    patient_actor,
    proxy_actor,
)

GRANDSON = "grandson"
ALL_PROXY_RIGHTS = ("purchase", "confirm_redemption", "request_refund", "view")
# Details a move needs: closing names an outcome, cancelling a reason.
MOVE_DETAIL = {"closed": "stable", "cancelled": "patient declined"}


@dataclass
class Clinic:
    """One application and a fixed clock; verbs return the new ids for the test to use."""

    app: Carepack
    clock: FixedClock

    @classmethod
    def over(cls, settings: Settings) -> Clinic:
        clock = FixedClock(START)
        return cls(Carepack(settings, clock), clock)

    def close(self) -> None:
        self.app.close()

    # --- time ---------------------------------------------------------------------------
    def c(self, actor: Actor) -> Ctx:
        """A command context for `actor`, now."""
        return ctx(actor, self.clock.now())

    @property
    def today(self) -> date:
        return self.clock.now().date()

    def later(self, days: int) -> None:
        self.clock.advance(timedelta(days=days))

    # --- catalogue ----------------------------------------------------------------------
    def publish(self, content: PackageContent | None = None) -> UUID:
        """Drafted by the nurse, approved and published by the reviewer (annual by default)."""
        package_id = uuid4()
        self.app.draft_package(package_id, content or annual_package(), self.c(NURSE))
        self.app.submit_package(package_id, self.c(NURSE))
        self.app.approve_package(package_id, self.c(REVIEWER))
        self.app.publish_package(package_id, self.c(REVIEWER))
        return package_id

    # --- patients and care --------------------------------------------------------------
    def patient(self, name: str = "王秀英", *, proxy_rights: Sequence[str] = ()) -> UUID:
        """A patient registered by staff in endocrinology; with `proxy_rights`, the grandson
        is also authorised as their proxy (buying as the family needs `purchase`)."""
        patient_id = uuid4()
        self.app.register_patient(
            patient_id, name=name, sex="female", birth_date=date(1948, 4, 2),
            phone="13800000000", id_document_type="resident_id",
            id_number="110101194804021234", department="endocrinology",
            ctx=self.c(STAFF),
        )  # fmt: skip
        if proxy_rights:
            self.authorise_proxy(patient_id, list(proxy_rights))
        return patient_id

    def authorise_proxy(self, patient_id: UUID, rights: list[str]) -> None:
        """The grandson (relation child) may act for the patient within `rights`."""
        self.app.authorise_proxy(patient_id, GRANDSON, "child", rights, self.c(STAFF))

    def episode(
        self,
        patient_id: UUID,
        *,
        department: str = "endocrinology",
        condition: str = "E11",
        label: str = "Type 2 diabetes",
        care_team: str = "endo-team-1",
        programme: str = "chronic_disease",
        stages: Sequence[str] = (),
    ) -> UUID:
        """An episode opened by the doctor, then moved through `stages` in order."""
        episode_id = uuid4()
        self.app.open_episode(
            episode_id, patient_id=patient_id, department=department, condition_code=condition,
            condition_label=label, care_team_id=care_team, programme=programme,
            ctx=self.c(DOCTOR),
        )  # fmt: skip
        for stage in stages:
            self.move(episode_id, stage)
        return episode_id

    def move(self, episode_id: UUID, stage: str) -> None:
        self.app.move_episode(episode_id, stage, self.c(DOCTOR), detail=MOVE_DETAIL.get(stage, ""))

    def screen(
        self, episode_id: UUID, *, nrs: int | None = None, pg_sga: str | None = None
    ) -> None:
        """An NRS-2002 total (age under 70) and/or a PG-SGA category, recorded by the nurse."""
        self.app.record_screening(
            episode_id, self.c(NURSE),
            nrs2002=None if nrs is None else Nrs2002(min(nrs, 3), max(nrs - 3, 0), 50),
            pg_sga=None if pg_sga is None else PgSga(pg_sga, 5),
        )  # fmt: skip

    def care_plan(self, episode_id: UUID) -> None:
        self.app.set_care_plan(episode_id, "oral_supplements", 14, "", self.c(DOCTOR))

    def follow_up(self, episode_id: UUID, *, due_in_days: int = 0) -> UUID:
        """A phone follow-up scheduled by staff, due `due_in_days` from today."""
        follow_up_id = uuid4()
        due = self.today + timedelta(days=due_in_days)
        self.app.schedule_follow_up(
            episode_id, follow_up_id, due, "phone", "staff-zhao", self.c(STAFF)
        )
        return follow_up_id

    def recommend(self, episode_id: UUID, package_id: UUID) -> None:
        self.app.recommend_package(episode_id, package_id, self.c(DOCTOR))

    # --- subscriptions ------------------------------------------------------------------
    def buy(
        self,
        package_id: UUID,
        patient_id: UUID,
        *,
        price: str = "1999.00",
        payment_ref: str | None = None,
        by_patient: bool = False,
        actor: Actor | None = None,
    ) -> UUID:
        """A purchase: the grandson pays for the family, confirmed by the mall; with
        `by_patient` the patient buys for themself (self-pay, as the patient)."""
        subscription_id = uuid4()
        buyer, relation, payer = (
            (f"user-{patient_id}", "self", "self_pay") if by_patient
            else (GRANDSON, "child", "family")
        )  # fmt: skip
        if actor is None:
            actor = patient_actor(patient_id) if by_patient else MALL
        self.app.purchase(
            subscription_id, package_id=package_id, patient_id=patient_id,
            buyer_user_id=buyer, buyer_relation=relation, payer_type=payer,
            amount_paid=Money.parse(price), payment_ref=payment_ref or f"MALL-{uuid4()}",
            ctx=self.c(actor),
        )  # fmt: skip
        return subscription_id

    def consult(self, subscription_id: UUID, *, suitable: bool = True) -> None:
        notes = "suitable" if suitable else "not suitable"
        self.app.record_consultation(subscription_id, suitable, notes, self.c(DOCTOR))

    def intake(self, subscription_id: UUID, patient_id: UUID, *, by_patient: bool = False) -> None:
        """The intake form, submitted by the grandson (or, `by_patient`, the patient)."""
        who = patient_actor(patient_id) if by_patient else proxy_actor(GRANDSON, patient_id)
        self.app.submit_intake(subscription_id, INTAKE, self.c(who))

    def activate(
        self, subscription_id: UUID, patient_id: UUID, *, consult: bool = True,
        by_patient: bool = False,
    ) -> None:  # fmt: skip
        """Enrol: a suitable consultation (unless `consult=False`), then the intake."""
        if consult:
            self.consult(subscription_id)
        self.intake(subscription_id, patient_id, by_patient=by_patient)

    def active(
        self, content: PackageContent | None = None, patient_id: UUID | None = None
    ) -> tuple[UUID, UUID]:
        """(patient, subscription): a new package bought by the grandson for a new patient
        (or `patient_id`, who must have authorised him), consulted and activated."""
        patient_id = patient_id or self.patient(proxy_rights=ALL_PROXY_RIGHTS)
        subscription_id = self.buy(self.publish(content), patient_id)
        self.activate(subscription_id, patient_id)
        return patient_id, subscription_id

    # --- redemptions ----------------------------------------------------------------------
    def claim(self, subscription_id: UUID, item: str = "escort") -> UUID:
        """Staff claim one unit of a manual item; the patient has yet to confirm."""
        redemption_id = uuid4()
        self.app.claim_redemption(redemption_id, subscription_id, item, "", self.c(STAFF))
        return redemption_id

    def receipt(self, patient_id: UUID, kind: str, *, source: str = "edu-platform") -> None:
        """A completion receipt for one unit of `kind`, with a new reference."""
        self.app.receive_receipt(
            source, f"R-{uuid4()}", patient_id, kind, self.clock.now(), self.c(STAFF)
        )

    # --- refunds --------------------------------------------------------------------------
    def refund(
        self,
        subscription_id: UUID,
        scope: RefundScope,
        *,
        actor: Actor = STAFF,
        reason_code: str = "no_longer_needed",
        amount: str | None = None,
    ) -> UUID:
        """A refund request (by staff on the patient's behalf unless `actor` says)."""
        refund_id = uuid4()
        self.app.request_refund(
            refund_id, subscription_id, scope=scope, reason_code=reason_code, reason_text="",
            requested_amount=None if amount is None else Money.parse(amount), ctx=self.c(actor),
        )  # fmt: skip
        return refund_id

    def agree_refund(self, refund_id: UUID, amount: str) -> None:
        self.app.agree_refund(refund_id, Money.parse(amount), "", self.c(STAFF))

    def approve_refund(self, refund_id: UUID, *, by: Actor = LEAD) -> None:
        self.app.approve_refund(refund_id, self.c(by))

    def pay_refund(self, refund_id: UUID) -> None:
        """The mall reports the payout (provider reference RF-<refund id>)."""
        self.app.record_refund_payment(
            refund_id, paid=True, provider_ref=f"RF-{refund_id}", amount=None, reason="",
            ctx=self.c(MALL),
        )  # fmt: skip

    def goodwill_paid(self, subscription_id: UUID, patient_id: UUID, amount: str) -> UUID:
        """The patient asks for `amount` of goodwill; staff agree, finance approves, paid."""
        refund_id = self.refund(
            subscription_id, RefundScope("goodwill"), actor=patient_actor(patient_id),
            reason_code="other", amount=amount,
        )  # fmt: skip
        self.agree_refund(refund_id, amount)
        self.approve_refund(refund_id, by=FINANCE)
        self.pay_refund(refund_id)
        return refund_id

    # --- the store ------------------------------------------------------------------------
    def notifications(self) -> list[Notification]:
        """Every notification in the store, in position order."""
        return list(self.app.recorder.select_notifications(1, 10_000))

    def last_position(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def written_since(self, position: int) -> list[Notification]:
        """The notifications after `position` (single-threaded: what the last command saved)."""
        return [n for n in self.notifications() if n.id > position]
