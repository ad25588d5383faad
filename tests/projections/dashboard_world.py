"""A small hospital for dashboard tests: commands in the clinic's words, and the projection."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Engine, select

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from domain.context import Actor
from domain.money import Money
from domain.nutrition import Nrs2002, PgSga
from domain.quote import RefundScope
from domain.terms import PackageContent, PackageItem
from projections.dashboard.projector import DashboardProjector
from projections.dashboard.tables import TABLES
from projections.engine import create_read_engine
from projections.migrations import upgrade
from projections.runner import Runner
from tests.fixtures import (
    DOCTOR,
    FINANCE,
    INTAKE,
    MALL,
    NURSE,
    REVIEWER,
    STAFF,
    START,
    annual_package,
    ctx,
    patient_actor,
)

ENDO, ONC = "endocrinology", "oncology"
# Head: the runner needs its own tables too (projection_failures, from 0010_limits).
MIGRATION = "head"


def nutrition_package() -> PackageContent:
    """A 20-day oncology nutrition package, no consultation needed."""
    return replace(
        annual_package(consultation_required=False, validity_days=20, price="999.00"),
        code="ONC-NUTRI",
        name="Oncology nutrition support",
        disease_codes=("C16",),
        items=(
            PackageItem("follow_up", "Dietitian call", "follow_up", 4, 100, "auto"),
            PackageItem("escort", "Escorted visit", "per_use", 2, 300, "manual"),
        ),
    )


def read_engine(settings: Settings) -> Engine:
    upgrade(settings, MIGRATION)
    return create_read_engine(settings)


class Hospital:
    """The clinic's commands over one application, at a clock the test moves."""

    def __init__(self, settings: Settings) -> None:
        self.clock = FixedClock(START)
        self.app = Carepack(settings, self.clock)

    def c(self, actor: Actor) -> Any:
        return ctx(actor, self.clock.now())

    @property
    def today(self) -> date:
        return self.clock.now().date()

    def publish(self, content: PackageContent) -> UUID:
        package_id = uuid4()
        self.app.draft_package(package_id, content, self.c(NURSE))
        self.app.submit_package(package_id, self.c(NURSE))
        self.app.approve_package(package_id, self.c(REVIEWER))
        self.app.publish_package(package_id, self.c(REVIEWER))
        return package_id

    def patient(self, name: str = "张三") -> UUID:
        patient_id = uuid4()
        self.app.register_patient(
            patient_id, name=name, sex="female", birth_date=date(1950, 1, 2),
            phone="13900000000", id_document_type="resident_id",
            id_number="110101195001021234", department="endocrinology",
            ctx=self.c(STAFF),
        )  # fmt: skip
        return patient_id

    def episode(self, patient_id: UUID, department: str, code: str, *stages: str) -> UUID:
        episode_id = uuid4()
        self.app.open_episode(
            episode_id, patient_id=patient_id, department=department, condition_code=code,
            condition_label=code, care_team_id="team-1", programme="oncology_nutrition",
            ctx=self.c(DOCTOR),
        )  # fmt: skip
        for stage in stages:
            self.move(episode_id, stage)
        return episode_id

    def move(self, episode_id: UUID, stage: str) -> None:
        detail = {"closed": "stable", "cancelled": "patient declined"}.get(stage, "")
        self.app.move_episode(episode_id, stage, self.c(DOCTOR), detail=detail)

    def screen(self, episode_id: UUID, nrs: int | None = None, pg_sga: str | None = None) -> None:
        self.app.record_screening(
            episode_id, self.c(NURSE),
            nrs2002=None if nrs is None else Nrs2002(min(nrs, 3), max(nrs - 3, 0), 50),
            pg_sga=None if pg_sga is None else PgSga(pg_sga, 5),
        )  # fmt: skip

    def care_plan(self, episode_id: UUID) -> None:
        self.app.set_care_plan(episode_id, "oral_supplements", 14, "", self.c(DOCTOR))

    def follow_up(self, episode_id: UUID, due_in_days: int) -> UUID:
        follow_up_id = uuid4()
        due = self.today + timedelta(days=due_in_days)
        self.app.schedule_follow_up(episode_id, follow_up_id, due, "phone", "staff-zhao",
                                    self.c(STAFF))  # fmt: skip
        return follow_up_id

    def recommend(self, episode_id: UUID, package_id: UUID) -> None:
        self.app.recommend_package(episode_id, package_id, self.c(DOCTOR))

    def buy(self, patient_id: UUID, package_id: UUID, price: str) -> UUID:
        subscription_id = uuid4()
        self.app.purchase(
            subscription_id, package_id=package_id, patient_id=patient_id,
            buyer_user_id=f"user-{patient_id}", buyer_relation="self", payer_type="self_pay",
            amount_paid=Money.parse(price), payment_ref=f"PAY-{uuid4()}",
            ctx=self.c(patient_actor(patient_id)),
        )  # fmt: skip
        return subscription_id

    def enrol(self, subscription_id: UUID, patient_id: UUID, consult: bool = False) -> None:
        if consult:
            self.app.record_consultation(subscription_id, True, "suitable", self.c(DOCTOR))
        self.app.submit_intake(subscription_id, INTAKE, self.c(patient_actor(patient_id)))

    def claim(self, subscription_id: UUID, item: str = "escort") -> UUID:
        redemption_id = uuid4()
        self.app.claim_redemption(redemption_id, subscription_id, item, "", self.c(STAFF))
        return redemption_id

    def receipt(self, patient_id: UUID, kind: str) -> None:
        self.app.receive_receipt(
            "edu-platform", f"R-{uuid4()}", patient_id, kind, self.clock.now(), self.c(STAFF)
        )

    def refund_items(self, subscription_id: UUID, items: dict[str, int]) -> UUID:
        """Staff ask for a refund on the patient's behalf; it waits, quoted."""
        refund_id = uuid4()
        self.app.request_refund(
            refund_id, subscription_id, scope=RefundScope("items", items),
            reason_code="no_longer_needed", reason_text="", requested_amount=None,
            ctx=self.c(STAFF),
        )  # fmt: skip
        return refund_id

    def goodwill_paid(self, subscription_id: UUID, patient_id: UUID, amount: str) -> UUID:
        refund_id = uuid4()
        self.app.request_refund(
            refund_id, subscription_id, scope=RefundScope("goodwill"), reason_code="other",
            reason_text="", requested_amount=Money.parse(amount),
            ctx=self.c(patient_actor(patient_id)),
        )  # fmt: skip
        self.app.agree_refund(refund_id, Money.parse(amount), "", self.c(STAFF))
        self.app.approve_refund(refund_id, self.c(FINANCE))
        self.app.record_refund_payment(
            refund_id, paid=True, provider_ref=f"RF-{refund_id}", amount=None, reason="",
            ctx=self.c(MALL),
        )  # fmt: skip
        return refund_id


def project(hospital: Hospital, engine: Engine, batch_size: int = 500) -> Runner:
    runner = Runner(hospital.app, engine, DashboardProjector(), batch_size=batch_size)
    runner.catch_up()
    return runner


def snapshot(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """Every dashboard table as a set of rows."""
    with engine.connect() as conn:
        return {table.name: {tuple(row) for row in conn.execute(select(table))} for table in TABLES}
