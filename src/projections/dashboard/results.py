"""What the dashboard queries return: plain dataclasses (the API maps them to its models)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class DepartmentSummary:
    department: str
    episodes_by_stage: dict[str, int]
    patients_by_risk_tier: dict[str, int]  # `unscreened` for patients without a screening
    vip_patients: int
    pending_consultations: int
    unconfirmed_redemptions: int
    open_refunds: int
    ending_soon: int
    follow_ups_due_today: int
    follow_ups_overdue: int
    redemptions_this_week: int
    at_risk_without_plan: int = 0


@dataclass(frozen=True)
class PatientRow:
    patient_id: str
    department: str
    vip: bool
    stage: str
    risk_tier: str | None
    next_follow_up: date | None
    remaining: int
    masked_id_number: str
    episode_id: str
    consultation_pending: bool
    # From the registration (None before migration 0011's rebuild).
    name: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    phone: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    position: int
    at: datetime | None
    type: str
    summary: str


@dataclass(frozen=True)
class PackageFigures:
    package_id: str
    code: str
    name: str
    version: int
    status: str
    disease_codes: list[str]
    price: int
    currency: str
    recommendations: int
    sales: int
    recommended_sales: int  # purchases by a patient who had been recommended the package
    conversion: float | None  # recommended_sales / recommendations, at most 1
    active_subscriptions: int
    units_granted: int
    units_redeemed: int
    redemption_rate: float | None  # units_redeemed / units_granted
    refunded_subscriptions: int  # with an approved refund
    refund_rate: float | None  # refunded_subscriptions / sales
