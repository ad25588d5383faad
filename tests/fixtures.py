"""Shared builders for tests: actors, a clock, and the seeds' packages in the domain's terms."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from domain.context import Actor, Ctx
from domain.money import Money
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem, RefundPolicy

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# The tests' HS256 secret: every test process gets it as CAREPACK_JWT_SECRET (conftest).
JWT_SECRET = "test-secret-that-is-long-enough-for-hs256!"
# ...and its ops token (CAREPACK_OPS_TOKEN) for /metrics and /ready's detail.
OPS_TOKEN = "test-ops-token-that-is-long-enough-to-use"
OPS = {"Authorization": f"Bearer {OPS_TOKEN}"}

DOCTOR = Actor("dr-wang", "doctor")
NURSE = Actor("nurse-li", "nurse")
STAFF = Actor("staff-zhao", "service_staff")
LEAD = Actor("lead-chen", "service_lead")
REVIEWER = Actor("reviewer-sun", "catalogue_reviewer")
FINANCE = Actor("fin-qian", "finance")
MALL = Actor("mall", "integration")


def ctx(actor: Actor, now: datetime = START) -> Ctx:
    return Ctx(actor=actor, correlation_id=str(uuid4()), now=now)


def patient_actor(patient_id: UUID) -> Actor:
    return Actor(f"user-{patient_id}", "patient", patient_id)


def proxy_actor(user_id: str, patient_id: UUID) -> Actor:
    return Actor(user_id, "proxy", patient_id)


def diabetes_items() -> tuple[PackageItem, ...]:
    """The issue's example: 1999.00 of follow_up 12×w100, escort 2×w300, education 6×w50, band."""
    return (
        PackageItem("follow_up", "Follow-up call", "follow_up", 12, 100, "auto"),
        PackageItem("escort", "Escorted visit", "per_use", 2, 300, "manual"),
        PackageItem("education", "Patient education", "education", 6, 50, "auto"),
        PackageItem("band", "Smart band", "add_on_product", 1, 400, "auto"),
    )


def annual_package(
    *,
    price: str = "1999.00",
    consultation_required: bool = True,
    policy: RefundPolicy | None = None,
    items: tuple[PackageItem, ...] | None = None,
    validity_days: int = 365,
) -> PackageContent:
    return PackageContent(
        code="DM-ANNUAL",
        name="Diabetes annual follow-up",
        disease_codes=("E11",),
        items=items or diabetes_items(),
        validity_days=validity_days,
        price=Money.parse(price),
        care_team=CareTeam("work_group", "endo-team-1", "Endocrinology team 1"),
        refund_policy=policy or RefundPolicy(full_before_start=True, cooling_off_days=7, fee_pct=0),
        consultation_required=consultation_required,
        intake_form=(
            IntakeField("height_cm", "Height (cm)", "number", required=True),
            IntakeField("diagnosed_on", "Diagnosed on", "date", required=True),
            IntakeField("insulin", "On insulin", "bool"),
            IntakeField("diet", "Diet", "choice", options=("normal", "low_sugar")),
        ),
        target_population="Adults with type 2 diabetes",
        description="A year of follow-up, education and escorted visits",
    )


INTAKE = {"height_cm": 162, "diagnosed_on": "2019-05-01", "insulin": False, "diet": "low_sugar"}
