"""What the demo will do with each patient, drawn up front from the seeded random."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol
from uuid import UUID

from demo.catalogue import DEPARTMENTS, Department
from demo.people import RELATIVES, Person, age_on, make_person
from domain.context import Actor


class Draws(Protocol):
    """What planning needs of the demo's world: its seeded random, ids and today."""

    rng: random.Random
    today: date

    def uuid(self) -> UUID: ...


STAGES = (
    ("registered", 6), ("consulting", 14), ("admitted", 10), ("discharged", 10),
    ("follow_up", 40), ("closed", 12), ("cancelled", 8),
)  # fmt: skip
SELF_PAYERS = ("self_pay", "self_pay", "medical_insurance", "commercial_insurance",
               "pharma_programme")  # fmt: skip
ENROLMENT = (("active", 80), ("awaiting_consultation", 8), ("awaiting_intake", 7),
             ("unsuitable", 5))  # fmt: skip


@dataclass
class PatientPlan:
    serial: int
    patient_id: UUID
    episode_id: UUID
    subscription_id: UUID
    person: Person
    age: int
    department: Department
    condition: tuple[str, str]
    target_stage: str
    nrs: tuple[int, int]
    pg_sga: tuple[str, int] | None
    override: bool
    care_plan: str | None
    recommended: bool
    proxy: tuple[str, str] | None
    buys: bool
    payer_type: str
    enrolment: str
    active: bool = False
    follow_ups: list[UUID] = field(default_factory=list)

    @property
    def patient_actor(self) -> Actor:
        return Actor(f"user-{self.patient_id}", "patient", self.patient_id)

    @property
    def buyer(self) -> tuple[str, str]:
        if self.proxy is not None and self.payer_type == "family":
            return self.proxy
        return (f"user-{self.patient_id}", "self")

    @property
    def buyer_actor(self) -> Actor:
        """Who acts on the patient's side: the paying relative, else the patient."""
        if self.proxy is not None and self.payer_type == "family":
            return Actor(self.proxy[0], "proxy", self.patient_id)
        return self.patient_actor


def _weighted(world: Draws, options: tuple[tuple[str, int], ...]) -> str:
    return world.rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _tier_inputs(world: Draws, dept: Department) -> tuple[tuple[int, int], tuple[str, int] | None]:
    rng = world.rng
    nrs = (rng.choice((0, 0, 1, 1, 2, 3)), rng.choice((0, 1, 1, 2, 3)))
    if dept.code != "oncology":
        return nrs, None
    category = rng.choice("AABBC")
    score = {"A": rng.randint(0, 3), "B": rng.randint(4, 8), "C": rng.randint(9, 20)}[category]
    return nrs, (category, score)


def make_plan(world: Draws, serial: int) -> PatientPlan:
    rng = world.rng
    dept = DEPARTMENTS[serial % len(DEPARTMENTS)]
    birth_today = world.today - timedelta(days=120)
    person = make_person(rng, serial, birth_today)
    age = age_on(person.birth_date, birth_today)
    stage = _weighted(world, STAGES)
    nrs, pg_sga = _tier_inputs(world, dept)
    risky = sum(nrs) + (1 if age >= 70 else 0) >= 3 or (pg_sga is not None and pg_sga[0] != "A")
    proxy = None
    if age >= 60 and rng.random() < 0.5:
        relation, label = rng.choice(RELATIVES)
        proxy = (f"family-{label}-{serial}", relation)
    in_care = stage not in ("registered", "cancelled")
    return PatientPlan(
        serial=serial, patient_id=world.uuid(), episode_id=world.uuid(),
        subscription_id=world.uuid(), person=person, age=age, department=dept,
        condition=rng.choice(dept.conditions), target_stage=stage, nrs=nrs, pg_sga=pg_sga,
        override=not risky and rng.random() < 0.05,
        care_plan=_care_plan(world, risky, dept),
        recommended=in_care and rng.random() < 0.7,
        proxy=proxy, buys=in_care and rng.random() < 0.65,
        payer_type="family" if proxy and rng.random() < 0.7 else rng.choice(SELF_PAYERS),
        enrolment=_weighted(world, ENROLMENT),
    )  # fmt: skip


def _care_plan(world: Draws, risky: bool, dept: Department) -> str | None:
    rng = world.rng
    if risky:
        # Some at-risk patients still lack a plan: the `at_risk_without_plan` worklist.
        if rng.random() < 0.2:
            return None
        return "oral_supplements" if dept.code == "oncology" else "diet_advice"
    return "diet_advice" if rng.random() < 0.3 else None


def make_plans(world: Draws, patients: int) -> list[PatientPlan]:
    return [make_plan(world, serial) for serial in range(1, patients + 1)]
