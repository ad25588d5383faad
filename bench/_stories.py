"""Realistic domain traffic built straight on the aggregates, for fast seeding.

Each patient's story (registration, an episode with screening, observations and
follow-ups, maybe a purchase with intake, ledger, receipts, a claimed escort and a
refund) is played on in-memory aggregates through their real command methods, so the
stored events are exactly the ones the application writes. The application's own
checks (proxy permissions, duplicate ids) are skipped: the ids here are fresh.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.context import Actor, Ctx, events_at
from domain.episode import PatientEpisode
from domain.ledger import EntitlementLedger, receipt_redemption_id
from domain.money import Money
from domain.nutrition import Nrs2002
from domain.package import ServicePackage
from domain.patient import Patient
from domain.quote import RefundScope
from domain.references import Reference
from domain.subscription import Subscription
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem, RefundPolicy

START = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
STAFF, LEAD = Actor("staff-zhao", "service_staff"), Actor("lead-chen", "service_lead")
DOCTOR, MALL = Actor("dr-wang", "doctor"), Actor("mall", "integration")
NURSE, REVIEWER = Actor("nurse-li", "nurse"), Actor("reviewer-sun", "catalogue_reviewer")
DEPARTMENTS = (("endocrinology", "E11", "Type 2 diabetes"), ("oncology", "C16", "Gastric cancer"))
PAYERS = ("self_pay", "family", "medical_insurance", "commercial_insurance")


def _content(code: str, department: str, disease: str, price: str) -> PackageContent:
    return PackageContent(
        code=code, name=f"{department} annual follow-up", disease_codes=(disease,),
        items=(
            PackageItem("follow_up", "Follow-up call", "follow_up", 12, 100, "auto"),
            PackageItem("escort", "Escorted visit", "per_use", 2, 300, "manual"),
            PackageItem("education", "Patient education", "education", 6, 50, "auto"),
        ),
        validity_days=365, price=Money.parse(price),
        care_team=CareTeam("work_group", f"{department}-team-1", f"{department} team 1"),
        refund_policy=RefundPolicy(full_before_start=True, cooling_off_days=7, fee_pct=0),
        consultation_required=True,
        intake_form=(IntakeField("height_cm", "Height (cm)", "number", required=True),),
    )  # fmt: skip


class World:
    """A published catalogue and a clock; `story()` yields one patient's aggregates."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.now, self.count = rng, START, 0
        self.packages: dict[str, ServicePackage] = {}
        self.references: list[Aggregate] = []
        self.refund_id = UUID(int=0)

    def c(self, actor: Actor) -> Ctx:
        return Ctx(actor, str(uuid4()), self.now)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self.now = moment
        with events_at(moment):
            yield

    def catalogue(self) -> list[Aggregate]:
        for i, (department, disease, _) in enumerate(DEPARTMENTS):
            with self.at(START):
                p = ServicePackage.draft(
                    uuid4(), _content(f"PK-{i}", department, disease, "1999.00"), self.c(NURSE)
                )
                p.submit(self.c(NURSE))
                p.approve(self.c(REVIEWER))
                p.publish(self.c(REVIEWER))
            self.packages[department] = p
        return list(self.packages.values())

    def story(self) -> list[Aggregate]:
        """One patient, in time order; about 15 to 45 events."""
        self.count += 1
        base = START + timedelta(minutes=7 * self.count)
        rng, department = self.rng, self.rng.choice(DEPARTMENTS)
        with self.at(base):
            patient = self._patient(department[0])
            episode = self._episode(patient, department)
        changed: list[Aggregate] = [patient, episode]
        follow_ups = self._follow_ups(episode, base, rng.randint(1, 4))
        if rng.random() < 0.5:
            package = self.packages[department[0]]
            with self.at(base + timedelta(hours=2)):
                episode.recommend_package(package.id, self.c(DOCTOR))
                sub = self._purchase(patient, package)
            changed.append(sub)
            if sub.status == "awaiting_intake":
                changed += self._enrol(patient, sub, follow_ups, base)
            changed += self.references
        return changed

    def _patient(self, department: str) -> Patient:
        pid, rng = uuid4(), self.rng
        patient = Patient.register(
            pid, name="王秀英", sex=rng.choice(("female", "male")),
            birth_date=date(1930 + rng.randint(0, 70), 4, 2), phone="13800000000",
            id_document_type="resident_id", id_number=f"1101011948{rng.randint(0, 10**8):08d}",
            department=department, ctx=self.c(STAFF),
        )  # fmt: skip
        if rng.random() < 0.6:
            permissions = ["purchase", "confirm_redemption", "request_refund"]
            patient.authorise_proxy(f"proxy-{pid}", "child", permissions, self.c(STAFF))
        patient.give_consent("care_management", self.c(STAFF))
        return patient

    def _episode(self, patient: Patient, department: tuple[str, str, str]) -> PatientEpisode:
        rng, name = self.rng, department[0]
        episode = PatientEpisode.open(
            uuid4(), patient_id=patient.id, department=name, condition_code=department[1],
            condition_label=department[2], care_team_id=f"{name}-team-1",
            programme="chronic_disease", ctx=self.c(DOCTOR),
        )  # fmt: skip
        patient.link_episode(episode.id, name, self.c(DOCTOR))
        episode.move_to("consulting", self.c(DOCTOR))
        nrs = Nrs2002(rng.randint(0, 3), rng.randint(0, 3), rng.randint(40, 95))
        episode.record_screening(self.c(DOCTOR), nrs)
        if rng.random() < 0.5:
            episode.set_care_plan("diet_advice", 30, "low sugar", self.c(DOCTOR))
        weight = Decimal(rng.randint(400, 900)) / 10
        episode.record_observation("body_weight", weight, "kg", self.now, "staff", self.c(NURSE))
        return episode

    def _follow_ups(self, episode: PatientEpisode, base: datetime, n: int) -> list[UUID]:
        """Scheduled follow-ups, completed (or sometimes missed) a week apart."""
        done: list[UUID] = []
        for week in range(n):
            moment = base + timedelta(days=7 * (week + 1))
            with self.at(moment):
                fid = uuid4()
                episode.schedule_follow_up(fid, moment.date(), "phone", "staff-zhao", self.c(STAFF))
                if self.rng.random() < 0.15:
                    episode.miss_follow_up(fid, "no answer", self.c(STAFF))
                else:
                    episode.complete_follow_up(fid, "glucose stable", self.c(STAFF))
                    done.append(fid)
        return done

    def _purchase(self, patient: Patient, package: ServicePackage) -> Subscription:
        sid, rng = uuid4(), self.rng
        sub = Subscription.purchase(
            sid, terms=package.terms(), patient_id=patient.id, buyer_user_id=f"proxy-{patient.id}",
            buyer_relation="child", payer_type=rng.choice(PAYERS), amount_paid=package.price,
            payment_ref=f"MALL-{sid}", ctx=self.c(MALL),
        )  # fmt: skip
        patient.link_subscription(sid, self.c(MALL))
        self.references = [Reference.take("payment", sub.payment_ref, sid, self.c(MALL))]
        suitable = rng.random() > 0.05
        refund = sub.record_consultation(suitable, "suitable" if suitable else "no", self.c(DOCTOR))
        if refund is not None:
            self.references.append(Reference.take("refund", str(refund), sid, self.c(DOCTOR)))
        return sub

    def _enrol(
        self, patient: Patient, sub: Subscription, follow_ups: list[UUID], base: datetime
    ) -> list[Aggregate]:
        proxy = Actor(f"proxy-{patient.id}", "proxy", patient.id)
        sub.submit_intake({"height_cm": 150 + self.rng.randint(0, 40)}, self.c(proxy))
        assert sub.starts_on is not None and sub.ends_on is not None
        lines = [
            {"code": i.code, "kind": i.kind, "granted": i.quantity, "weight": i.weight,
             "redemption": i.redemption, "revoked": 0}
            for i in sub.terms.content.items
        ]  # fmt: skip
        ledger = EntitlementLedger.open(
            sub.id, patient.id, lines, sub.starts_on, sub.ends_on, self.c(proxy)
        )
        refs = self.references
        for n, fid in enumerate(follow_ups):
            with self.at(base + timedelta(days=7 * (n + 1), hours=1)):
                rid = receipt_redemption_id("episode", str(fid))
                ledger.redeem(rid, "follow_up", "episode", str(fid), self.now, self.c(STAFF))
        with self.at(base + timedelta(days=40)):
            refs += self._receipts_and_escort(patient, ledger, proxy)
            if self.rng.random() < 0.2:
                self._refund(sub, ledger)
                refs.append(Reference.take("refund", str(self.refund_id), sub.id, self.c(STAFF)))
        return [ledger]

    def _receipts_and_escort(
        self, patient: Patient, ledger: EntitlementLedger, proxy: Actor
    ) -> list[Aggregate]:
        refs: list[Aggregate] = []
        for _ in range(self.rng.randint(0, 3)):
            key = f"edu-platform:EDU-{uuid4()}"
            rid = receipt_redemption_id("edu-platform", key)
            ledger.redeem(rid, "education", "edu-platform", key, self.now, self.c(MALL))
            result = {"redemption_id": rid, "item_code": "education", "status": "redeemed"}
            refs.append(Reference.take("receipt", key, ledger.id, self.c(MALL), result))
        if self.rng.random() < 0.5:
            escort = uuid4()
            ledger.claim(escort, "escort", "escorted to clinic", self.c(STAFF))
            refs.append(Reference.take("redemption", str(escort), ledger.id, self.c(STAFF)))
            ledger.confirm(escort, self.c(proxy))
        return refs

    def _refund(self, sub: Subscription, ledger: EntitlementLedger) -> None:
        self.refund_id = rid = uuid4()
        scope = RefundScope("items", {"education": 1})
        quote = sub.request_refund(
            rid, scope, "no_longer_needed", "", None, ledger.usage(), self.c(STAFF),
            "staff_on_behalf",
        )  # fmt: skip
        amount = Money(quote.amount, sub.amount_paid.currency)
        sub.agree_refund(rid, amount, "called the family", self.c(STAFF))
        sub.approve_refund(rid, self.c(LEAD))
        ledger.revoke(rid, sub.refund(rid).items, self.c(LEAD))
        sub.record_refund_paid(rid, f"RF-{rid}", amount, self.c(MALL))
