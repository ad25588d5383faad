"""The finance read model's test world: a clinic, the migrated read engine, the finance
runner; and the finance story several finance tests tell (two purchases, redemptions, an
escort refund whose payout fails)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import Engine, select

from application.settings import Settings
from domain.money import Money
from domain.quote import RefundScope
from projections.engine import create_read_engine
from projections.finance.projector import FinanceProjector
from projections.finance.tables import PROJECTED
from projections.migrations import upgrade
from projections.runner import Runner
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON, Clinic
from tests.fixtures import LEAD, MALL, STAFF, START, proxy_actor


@dataclass
class FinanceWorld:
    """A clinic, the migrated read-model engine and the finance projection's runner."""

    clinic: Clinic
    engine: Engine
    runner: Runner

    def project(self) -> int:
        return self.runner.catch_up()


@contextmanager
def finance_world(settings: Settings) -> Iterator[FinanceWorld]:
    upgrade(settings)
    clinic = Clinic.over(settings)
    engine = create_read_engine(settings)
    try:
        yield FinanceWorld(clinic, engine, Runner(clinic.app, engine, FinanceProjector()))
    finally:
        clinic.close()
        engine.dispose()


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every projected finance row, in a stable order."""
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t)).all()) for t in PROJECTED}


def at_day(days: int) -> datetime:
    return START + timedelta(days=days)


def story(fw: FinanceWorld) -> tuple[UUID, UUID, UUID, UUID, UUID]:
    """Two purchases, redemptions, an escort refund (fails, then paid), goodwill paid."""
    w, app = fw.clinic, fw.clinic.app
    package, patient = w.publish(), w.patient(proxy_rights=ALL_PROXY_RIGHTS)
    episode = w.episode(patient)
    sub = w.buy(package, patient, payment_ref="MALL-0001")
    other = uuid4()
    app.purchase(
        other, package_id=package, patient_id=patient, buyer_user_id=GRANDSON,
        buyer_relation="child", payer_type="commercial_insurance",
        amount_paid=Money.parse("1999.00"), payment_ref="MALL-0002", ctx=w.c(MALL),
    )  # fmt: skip
    w.activate(sub, patient)
    w.later(10)
    follow_up = uuid4()
    app.schedule_follow_up(
        episode, follow_up, w.clock.now().date(), "phone", "staff-zhao", w.c(STAFF)
    )
    app.complete_follow_up(episode, follow_up, "stable", w.c(STAFF))
    app.receive_receipt("edu-platform", "EDU-1", patient, "education", w.clock.now(), w.c(MALL))
    escort = uuid4()
    app.claim_redemption(escort, sub, "escort", "to clinic", w.c(STAFF))
    app.confirm_redemption(escort, w.c(proxy_actor(GRANDSON, patient)))

    refund = uuid4()
    app.request_refund(
        refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="no_longer_needed",
        reason_text="", requested_amount=None, ctx=w.c(proxy_actor(GRANDSON, patient)),
    )  # fmt: skip
    app.agree_refund(refund, Money.parse("239.88"), "called grandson", w.c(STAFF))
    app.approve_refund(refund, w.c(LEAD))
    app.record_refund_payment(
        refund, paid=False, provider_ref="", amount=None, reason="account closed", ctx=w.c(MALL)
    )
    return patient, sub, other, refund, package
