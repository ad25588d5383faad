"""The demo's world (app, clock, seeded random) and its first phases: catalogue, enrolment."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from application.app import Carepack
from application.clock import FixedClock
from demo.catalogue import (
    BY_CODE,
    MALL,
    OTHERS,
    REVIEWER,
    SELLABLE,
    Department,
    intake_answers,
)
from demo.plan import PatientPlan, make_plans
from domain.context import Actor, Ctx
from domain.money import Money
from domain.nutrition import Nrs2002, PgSga

ENROLMENT_DAYS = 40


@dataclass
class World:
    app: Carepack
    clock: FixedClock
    rng: random.Random
    today: date
    counts: Counter[str] = field(default_factory=Counter)
    packages: dict[str, UUID] = field(default_factory=dict)

    def uuid(self) -> UUID:
        return UUID(int=self.rng.getrandbits(128), version=4)

    def ctx(self, actor: Actor) -> Ctx:
        return self.app.ctx(actor, str(self.uuid()))

    def spread(self, days: float, steps: int) -> None:
        """Move the clock by one step of `days` spread over `steps`."""
        self.clock.advance(timedelta(days=days) / max(steps, 1))


class Story:
    """The patients' plans, drawn once from the seeded random."""

    def __init__(self, world: World, patients: int) -> None:
        self.world = world
        self.plans: list[PatientPlan] = make_plans(world, patients)


def _publish_path(world: World, package_id: UUID, drafter: Actor, to: str) -> None:
    app, c = world.app, world.ctx
    steps: list[tuple[str, Callable[[], object]]] = [
        ("in_review", lambda: app.submit_package(package_id, c(drafter))),
        ("rejected", lambda: app.reject_package(package_id, "price too high", c(REVIEWER))),
        ("approved", lambda: app.approve_package(package_id, c(REVIEWER))),
        ("published", lambda: app.publish_package(package_id, c(REVIEWER))),
        ("delisted", lambda: app.delist_package(package_id, "replaced", c(REVIEWER))),
    ]
    for state, step in steps:
        if state == "rejected" and to != "rejected":
            continue
        step()
        if state == to:
            return


def catalogue_phase(world: World) -> None:
    """Packages in every state; the sellable ones published."""
    for department, content in SELLABLE.items():
        package_id = world.uuid()
        drafter = BY_CODE[department].nurse
        world.app.draft_package(package_id, content, world.ctx(drafter))
        _publish_path(world, package_id, drafter, "published")
        world.packages[department] = package_id
    for state, content in OTHERS:
        package_id = world.uuid()
        drafter = BY_CODE[_department_of(content.code)].doctor
        world.app.draft_package(package_id, content, world.ctx(drafter))
        _publish_path(world, package_id, drafter, state)
        world.counts[f"package_{state}"] += 1
    world.clock.advance(timedelta(days=1))


def _department_of(code: str) -> str:
    prefix = code.split("-")[0]
    return {"ONC": "oncology", "DM": "endocrinology"}.get(prefix, "cardiology")


def supersede_oncology(world: World, drafter: Actor) -> None:
    """A new version of the oncology package, published: the old version is delisted."""
    new_id = world.uuid()
    world.app.draft_new_version(new_id, world.packages["oncology"], world.ctx(drafter))
    world.app.submit_package(new_id, world.ctx(drafter))
    world.app.approve_package(new_id, world.ctx(REVIEWER))
    world.app.publish_package(new_id, world.ctx(REVIEWER))
    world.packages["oncology"] = new_id
    world.counts["package_superseded"] += 1


def enrolment_phase(story: Story, progress: Callable[[str, int, int], None]) -> None:
    world = story.world
    total = len(story.plans)
    for index, plan in enumerate(story.plans):
        if index == total // 2:
            supersede_oncology(world, plan.department.nurse)
        register(world, plan)
        open_episode(world, plan)
        if plan.buys:
            purchase(world, plan)
        world.spread(ENROLMENT_DAYS, total)
        progress("patients", index + 1, total)


def register(world: World, plan: PatientPlan) -> None:
    app, p, staff = world.app, plan.person, plan.department.staff
    app.register_patient(
        plan.patient_id, name=p.name, sex=p.sex, birth_date=p.birth_date, phone=p.phone,
        id_document_type="resident_id", id_number=p.id_number,
        department=plan.department.code, ctx=world.ctx(staff),
    )  # fmt: skip
    app.set_consent(plan.patient_id, "care_management", True, world.ctx(plan.patient_actor))
    if plan.proxy is not None:
        user_id, relation = plan.proxy
        rights = ["purchase", "confirm_redemption", "request_refund", "view"]
        app.authorise_proxy(plan.patient_id, user_id, relation, rights, world.ctx(staff))
    world.counts["patients"] += 1


def open_episode(world: World, plan: PatientPlan) -> None:
    app, dept = world.app, plan.department
    code, label = plan.condition
    app.open_episode(
        plan.episode_id, patient_id=plan.patient_id, department=dept.code, condition_code=code,
        condition_label=label, care_team_id=dept.care_team.id, programme=dept.programme,
        ctx=world.ctx(dept.nurse),
    )  # fmt: skip
    if plan.target_stage == "cancelled":
        return
    _screen(world, plan, dept)
    if plan.target_stage != "registered":
        app.move_episode(plan.episode_id, "consulting", world.ctx(dept.doctor), detail="free")
    if plan.care_plan is not None:
        app.set_care_plan(plan.episode_id, plan.care_plan, 14, "", world.ctx(dept.doctor))
    if plan.recommended:
        package_id = world.packages[dept.code]
        app.recommend_package(plan.episode_id, package_id, world.ctx(dept.doctor))
        world.counts["recommendations"] += 1


def _screen(world: World, plan: PatientPlan, dept: Department) -> None:
    nrs = Nrs2002(plan.nrs[0], plan.nrs[1], plan.age)
    pg_sga = PgSga(*plan.pg_sga) if plan.pg_sga is not None else None
    override = "at_risk" if plan.override else None
    world.app.record_screening(
        plan.episode_id, world.ctx(dept.nurse), nrs2002=nrs, pg_sga=pg_sga,
        override_tier=override, override_reason="clinical judgement" if override else "",
    )  # fmt: skip


def purchase(world: World, plan: PatientPlan) -> None:
    app, dept = world.app, plan.department
    package_id = world.packages[dept.code]
    price = SELLABLE[dept.code].price
    buyer, relation = plan.buyer
    app.purchase(
        plan.subscription_id, package_id=package_id, patient_id=plan.patient_id,
        buyer_user_id=buyer, buyer_relation=relation, payer_type=plan.payer_type,
        amount_paid=Money(price.fen, price.currency), payment_ref=f"MALL-{plan.serial:06d}",
        ctx=world.ctx(MALL),
    )  # fmt: skip
    world.counts[f"purchases_{plan.payer_type}"] += 1
    if SELLABLE[dept.code].consultation_required:
        if plan.enrolment == "awaiting_consultation":
            return
        suitable = plan.enrolment != "unsuitable"
        app.record_consultation(plan.subscription_id, suitable, "consulted", world.ctx(dept.doctor))
        if not suitable:
            return
    if plan.enrolment == "awaiting_intake":
        return
    answers = intake_answers(160 + plan.serial % 20, 50 + plan.serial % 30, "normal")
    app.submit_intake(plan.subscription_id, answers, world.ctx(plan.buyer_actor))
    plan.active = True
