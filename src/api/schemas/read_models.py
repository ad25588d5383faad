"""Response models of the read-model endpoints: dashboard, audit and finance (API.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import MoneyModel, Open


class DepartmentSummaryOut(BaseModel):
    department: str
    episodes_by_stage: dict[str, int]
    patients_by_risk_tier: dict[str, int]
    vip_patients: int
    pending_consultations: int
    unconfirmed_redemptions: int
    open_refunds: int
    ending_soon: int
    follow_ups_due_today: int
    follow_ups_overdue: int
    redemptions_this_week: int
    at_risk_without_plan: int = 0


class SummaryOut(BaseModel):
    today: date
    departments: list[DepartmentSummaryOut]


class PatientRowOut(BaseModel):
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
    name: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    age: int | None = None
    phone: str | None = None


class PatientPage(BaseModel):
    items: list[PatientRowOut]
    next_cursor: str | None = None


class PatientBrief(BaseModel):
    """Who a worklist row is about (the registration and the department's patient row)."""

    patient_id: str
    name: str | None
    sex: str | None
    age: int | None
    masked_id_number: str | None
    risk_tier: str | None
    vip: bool


class WorklistItem(BaseModel):
    """A worklist row: its list's own fields (see the endpoint) and the patient."""

    model_config = ConfigDict(extra="allow")
    patient_id: str | None = None
    department: str | None = None
    patient: PatientBrief | None = None


class WorklistPage(BaseModel):
    name: str
    items: list[WorklistItem]
    next_cursor: str | None = None


class PackageFiguresOut(BaseModel):
    package_id: str
    code: str
    name: str
    version: int
    status: str
    disease_codes: list[str]
    price: MoneyModel
    recommendations: int
    sales: int
    recommended_sales: int
    conversion: float | None
    active_subscriptions: int
    units_granted: int
    units_redeemed: int
    redemption_rate: float | None
    refunded_subscriptions: int
    refund_rate: float | None


class PackageFiguresList(BaseModel):
    items: list[PackageFiguresOut]


class TimelineEntryOut(BaseModel):
    position: int
    at: datetime | None
    type: str
    summary: str


class TimelinePage(BaseModel):
    patient_id: str
    items: list[TimelineEntryOut]
    next_cursor: str | None = None


class AuditEventOut(BaseModel):
    position: int
    aggregate_id: str
    aggregate_type: str
    version: int
    type: str
    occurred_at: datetime | None
    actor: str | None
    actor_role: str | None
    patient_id: str | None
    correlation_id: str | None
    summary: str
    hash: str


class AuditPage(BaseModel):
    items: list[AuditEventOut]
    next_cursor: str | None = None


class AsOfEvent(BaseModel):
    version: int
    type: str
    occurred_at: datetime | None
    summary: str
    data: dict[str, Any] = Field(description="The event's fields (ID numbers masked)")


class AggregateAsOf(BaseModel):
    aggregate_id: str
    as_of: datetime
    existed: bool
    aggregate_type: str | None
    version: int | None
    state: dict[str, Any] | None
    events: list[AsOfEvent]


class AccessEntryOut(BaseModel):
    seq: int
    at: datetime
    actor: str
    role: str
    patient_id: str | None
    resource: str
    outcome: str
    emergency: bool = False
    reason: str = ""  # the reason stated for a break-the-glass (emergency) access
    hash: str


class AccessPage(BaseModel):
    items: list[AccessEntryOut]
    next_cursor: str | None = None


class FinanceRefundOut(Open):
    refund_id: str
    subscription_id: str
    package_id: str
    payer_type: str
    status: str
    requested_amount: MoneyModel | None
    quoted_amount: MoneyModel | None
    agreed_amount: MoneyModel | None
    approved_amount: MoneyModel | None
    paid_amount: MoneyModel | None
    provider_ref: str | None


class FinanceRefundPage(BaseModel):
    items: list[FinanceRefundOut]
    next_cursor: str | None = None


class BalanceOut(Open):
    subscription_id: str
    paid: MoneyModel
    refunded: MoneyModel
    refundable: MoneyModel
    redeemed_value: MoneyModel
    undelivered_value: MoneyModel


class DailyList(BaseModel):
    items: list[dict[str, Any]]


class ReconciliationLineOut(Open):
    provider_ref: str
    kind: str
    amount: MoneyModel
    status: str


class ReconciliationOut(Open):
    id: str
    lines: list[ReconciliationLineOut]
    counts: dict[str, int]
