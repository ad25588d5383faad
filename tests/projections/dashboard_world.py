"""The dashboard tests' clinic: the small hospital they read, its packages, the projection."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from application.settings import Settings
from domain.quote import RefundScope
from domain.terms import PackageContent, PackageItem
from projections.dashboard.projector import DashboardProjector
from projections.dashboard.tables import TABLES
from projections.engine import create_read_engine
from projections.migrations import upgrade
from projections.runner import Runner
from tests.clinic import Clinic
from tests.fixtures import (
    LEAD,
    annual_package,
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


def project(clinic: Clinic, engine: Engine, batch_size: int = 500) -> Runner:
    runner = Runner(clinic.app, engine, DashboardProjector(), batch_size=batch_size)
    runner.catch_up()
    return runner


def snapshot(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """Every dashboard table as a set of rows."""
    with engine.connect() as conn:
        return {table.name: {tuple(row) for row in conn.execute(select(table))} for table in TABLES}


def dashboard_episode(
    c: Clinic, patient_id: UUID, department: str, code: str, *stages: str
) -> UUID:
    """The dashboard's episodes: oncology-nutrition programme, care team 1, label = code."""
    return c.episode(
        patient_id, department=department, condition=code, label=code, care_team="team-1",
        programme="oncology_nutrition", stages=stages,
    )  # fmt: skip


def small_hospital(c: Clinic) -> dict[str, UUID]:
    """Seven patients in two departments; events on Monday, read on Wednesday.

    Patients buy for themselves (self-pay) and submit their own intake.
    """
    ids: dict[str, UUID] = {}
    dm, onc = c.publish(annual_package()), c.publish(nutrition_package())
    ids.update(dm=dm, onc=onc)
    # Endocrinology: A waits for the doctor, B is enrolled and busy.
    a = ids["a"] = c.patient("王秀英")
    ea = dashboard_episode(c, a, ENDO, "E11", "consulting")
    c.screen(ea, nrs=2)
    c.recommend(ea, dm)
    ids["a_sub"] = c.buy(dm, a, price="1999.00", by_patient=True)
    b = ids["b"] = c.patient("李四")
    eb = ids["b_ep"] = dashboard_episode(c, b, ENDO, "E11", "consulting", "admitted")
    c.screen(eb, pg_sga="B")
    c.care_plan(eb)
    c.recommend(eb, dm)
    b_sub = ids["b_sub"] = c.buy(dm, b, price="1999.00", by_patient=True)
    c.activate(b_sub, b, consult=True, by_patient=True)
    done = c.follow_up(eb, due_in_days=0)
    c.app.complete_follow_up(eb, done, "stable", c.c(patient_actor(b)))
    ids["b_due_today"] = c.follow_up(eb, due_in_days=2)
    ids["b_overdue"] = c.follow_up(eb, due_in_days=1)
    c.receipt(b, "education")
    ids["b_claim"] = c.claim(b_sub)
    # E has an episode in each department.
    e = ids["e"] = c.patient("赵六")
    ee = dashboard_episode(c, e, ENDO, "E11", "consulting", "follow_up")
    c.recommend(ee, dm)
    ids["e_onc_ep"] = eo = dashboard_episode(c, e, ONC, "C16")
    ids["e_due_today"] = c.follow_up(eo, due_in_days=2)
    # Oncology: C malnourished without a plan, D closed, F cancelled, G enrolled.
    p = ids["c"] = c.patient("钱七")
    ec = ids["c_ep"] = dashboard_episode(c, p, ONC, "C16", "consulting")
    c.screen(ec, nrs=6)
    ids["c_overdue"] = c.follow_up(ec, due_in_days=-1)
    c_sub = ids["c_sub"] = c.buy(onc, p, price="999.00", by_patient=True)
    c.activate(c_sub, p, consult=False, by_patient=True)
    ids["c_refund"] = c.refund(c_sub, RefundScope("items", {"escort": 1}))
    d = ids["d"] = c.patient("孙八")
    ed = dashboard_episode(c, d, ONC, "C16", "consulting", "follow_up")
    c.screen(ed, pg_sga="B")
    c.care_plan(ed)
    c.follow_up(ed, due_in_days=1)
    c.move(ed, "closed")
    f = ids["f"] = c.patient("周九")
    ef = dashboard_episode(c, f, ONC, "C16")
    c.recommend(ef, onc)
    c.move(ef, "cancelled")
    g = ids["g"] = c.patient("吴十")
    dashboard_episode(c, g, ONC, "C16", "consulting")
    g_sub = ids["g_sub"] = c.buy(onc, g, price="999.00", by_patient=True)
    c.activate(g_sub, g, consult=False, by_patient=True)
    ids["g_disputed"] = c.claim(g_sub)
    c.app.dispute_redemption(ids["g_disputed"], "never came", c.c(patient_actor(g)))
    confirmed = c.claim(g_sub)
    c.app.confirm_redemption(confirmed, c.c(patient_actor(g)))
    ids["g_refund"] = c.goodwill_paid(g_sub, g, "50.00")
    c.approve_refund(c.refund(g_sub, RefundScope("items", {"follow_up": 1})), by=LEAD)
    c.later(2)  # Wednesday of the same ISO week
    return ids
