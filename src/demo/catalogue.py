"""The demo hospital's departments, staff and service packages (in the domain's terms)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.context import Actor
from domain.money import Money
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem, RefundPolicy

REVIEWER = Actor("reviewer-sun", "catalogue_reviewer")
LEAD = Actor("lead-chen", "service_lead")
FINANCE = Actor("fin-qian", "finance")
MALL = Actor("mall", "integration")
EDU_SOURCE = "edu-platform"


@dataclass(frozen=True)
class Department:
    """One clinical department: its people, conditions, programme and care team."""

    code: str
    doctor: Actor
    nurse: Actor
    staff: Actor
    care_team: CareTeam
    programme: str
    conditions: tuple[tuple[str, str], ...]


DEPARTMENTS = (
    Department(
        "oncology",
        Actor("dr-onc-zhang", "doctor"),
        Actor("nurse-onc-liu", "nurse"),
        Actor("staff-onc-zhao", "service_staff"),
        CareTeam("work_group", "onc-team-1", "Oncology nutrition team"),
        "oncology_nutrition",
        (("C16", "Gastric cancer"), ("C18", "Colon cancer"), ("C34", "Lung cancer")),
    ),
    Department(
        "endocrinology",
        Actor("dr-endo-wang", "doctor"),
        Actor("nurse-endo-li", "nurse"),
        Actor("staff-endo-huang", "service_staff"),
        CareTeam("work_group", "endo-team-1", "Endocrinology team 1"),
        "chronic_disease",
        (("E11", "Type 2 diabetes"), ("E10", "Type 1 diabetes")),
    ),
    Department(
        "cardiology",
        Actor("dr-card-yang", "doctor"),
        Actor("nurse-card-zhou", "nurse"),
        Actor("staff-card-wu", "service_staff"),
        CareTeam("work_group", "card-team-1", "Cardiology follow-up team"),
        "chronic_disease",
        (("I50", "Heart failure"), ("I10", "Hypertension")),
    ),
)
BY_CODE = {department.code: department for department in DEPARTMENTS}

INTAKE_FORM = (
    IntakeField("height_cm", "Height (cm)", "number", required=True),
    IntakeField("weight_kg", "Weight (kg)", "number", required=True),
    IntakeField("diet", "Diet", "choice", options=("normal", "low_sugar", "low_salt", "soft")),
)


def intake_answers(height: int, weight: int, diet: str) -> dict[str, object]:
    return {"height_cm": height, "weight_kg": weight, "diet": diet}


def _content(
    code: str,
    name: str,
    department: Department,
    price: str,
    validity_days: int,
    items: tuple[PackageItem, ...],
    *,
    consultation_required: bool = True,
    fee_pct: int = 0,
) -> PackageContent:
    return PackageContent(
        code=code,
        name=name,
        disease_codes=tuple(c for c, _ in department.conditions),
        items=items,
        validity_days=validity_days,
        price=Money.parse(price),
        care_team=department.care_team,
        department=department.code,
        refund_policy=RefundPolicy(full_before_start=True, cooling_off_days=7, fee_pct=fee_pct),
        consultation_required=consultation_required,
        intake_form=INTAKE_FORM,
        target_population=f"Patients of {department.code}",
        description=f"{name}: follow-up calls, education and escorted visits",
    )


def _items(follow_ups: int, escorts: int, education: int) -> tuple[PackageItem, ...]:
    return (
        PackageItem("follow_up", "Follow-up call", "follow_up", follow_ups, 100, "auto"),
        PackageItem("escort", "Escorted visit", "per_use", escorts, 300, "manual"),
        PackageItem("education", "Patient education", "education", education, 50, "auto"),
    )


ONC, ENDO, CARD = DEPARTMENTS
# (content, lifecycle) — lifecycle names the state the demo leaves the package in.
SELLABLE = {
    "oncology": _content("ONC-NUTRI", "Oncology nutrition, 4 months", ONC, "1280.00", 120,
                         _items(8, 2, 4), fee_pct=5),
    "endocrinology": _content("DM-ANNUAL", "Diabetes annual follow-up", ENDO, "1999.00", 365,
                              _items(12, 2, 6)),
    "cardiology": _content("CHF-CARE", "Heart failure care, 3 months", CARD, "899.00", 90,
                           _items(6, 1, 3), consultation_required=False),
}  # fmt: skip
OTHERS = (
    ("draft", _content("ONC-HOME", "Home enteral nutrition", ONC, "2600.00", 180,
                       _items(10, 4, 2))),
    ("in_review", _content("DM-LITE", "Diabetes starter", ENDO, "499.00", 90, _items(4, 1, 2))),
    ("rejected", _content("DM-PUMP", "Insulin pump coaching", ENDO, "3200.00", 180,
                          _items(6, 3, 6))),
    ("approved", _content("HTN-FOLLOW", "Hypertension follow-up", CARD, "399.00", 180,
                          _items(6, 1, 2))),
    ("delisted", _content("CARD-REHAB", "Cardiac rehabilitation", CARD, "1500.00", 60,
                          _items(4, 2, 2))),
)  # fmt: skip
