"""Response models of the read-model endpoints: dashboard, audit and finance (API.md)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from api.schemas.common import Answer, MoneyModel


class DepartmentSummaryOut(Answer):
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


class SummaryOut(Answer):
    today: date
    departments: list[DepartmentSummaryOut]


class PatientRowOut(Answer):
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


class PatientPage(Answer):
    items: list[PatientRowOut]
    next_cursor: str | None = None


class PatientBrief(Answer):
    """Who a worklist row is about (the registration and the department's patient row)."""

    patient_id: str
    name: str | None
    sex: str | None
    age: int | None
    masked_id_number: str | None
    risk_tier: str | None
    vip: bool


class WorklistItem(Answer):
    """A worklist row: the fields of its list (each list sends its own; see the endpoint)
    and the patient."""

    patient_id: str | None = None
    department: str | None = None
    patient: PatientBrief | None = None
    # follow_ups_due
    follow_up_id: str | None = None
    episode_id: str | None = None
    due_on: date | None = None
    channel: str | None = None
    assignee: str | None = None
    overdue: bool | None = None
    # pending_consultations, ending_soon, open_refunds, unconfirmed_redemptions
    subscription_id: str | None = None
    package_id: str | None = None
    purchased_at: datetime | None = None
    purchased_position: int | None = None
    ends_on: date | None = None
    remaining: int | None = Field(default=None, description="units left (ending_soon)")
    redemption_id: str | None = None
    item_code: str | None = None
    status: str | None = None
    position: int | None = None
    refund_id: str | None = None
    scope: str | None = None
    reason_code: str | None = None
    requested_at: datetime | None = None
    requested_position: int | None = None
    quote: int | None = Field(default=None, description="fen")
    agreed: int | None = Field(default=None, description="fen")
    # at_risk_without_plan
    stage: str | None = None
    risk_tier: str | None = None
    condition_code: str | None = None
    opened_position: int | None = None


class WorklistPage(Answer):
    name: str
    items: list[WorklistItem]
    next_cursor: str | None = None


class PackageFiguresOut(Answer):
    package_id: str
    code: str
    name: str
    version: int
    status: str
    disease_codes: list[str]
    price: MoneyModel
    currency: str
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


class PackageFiguresList(Answer):
    items: list[PackageFiguresOut]


class TimelineEntryOut(Answer):
    position: int
    at: datetime | None
    type: str
    summary: str


class TimelinePage(Answer):
    patient_id: str
    items: list[TimelineEntryOut]
    next_cursor: str | None = None


class AuditEventOut(Answer):
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


class AuditPage(Answer):
    items: list[AuditEventOut]
    next_cursor: str | None = None


class AsOfEvent(Answer):
    version: int
    type: str
    occurred_at: datetime | None
    summary: str
    data: dict[str, Any] = Field(description="The event's fields (ID numbers masked)")


class AggregateAsOf(Answer):
    aggregate_id: str
    as_of: datetime
    existed: bool
    aggregate_type: str | None
    version: int | None
    state: dict[str, Any] | None
    events: list[AsOfEvent]


class AccessEntryOut(Answer):
    seq: int
    at: datetime
    actor: str
    role: str
    patient_id: str | None
    resource: str
    outcome: str
    emergency: bool = False
    reason: str = ""  # the reason stated for a break-the-glass (emergency) access
    prev_hash: str = Field(description="the previous entry's hash (the chain)")
    hash: str


class AccessPage(Answer):
    items: list[AccessEntryOut]
    next_cursor: str | None = None


class FinanceRefundOut(Answer):
    """One refund as finance sees it: amounts, statuses, codes, each step's time and actor
    (no reason text, call notes or rejection reasons)."""

    refund_id: str
    subscription_id: str
    package_id: str
    payer_type: str
    currency: str
    status: str
    scope: str
    items: dict[str, int]
    channel: str
    reason_code: str
    requested_amount: MoneyModel | None
    quoted_amount: MoneyModel | None
    quote_basis: str | None
    quote_fee: MoneyModel | None
    agreed_amount: MoneyModel | None
    approved_amount: MoneyModel | None
    paid_amount: MoneyModel | None
    provider_ref: str | None
    requested_at: datetime
    requested_by: str
    requested_role: str
    quoted_at: datetime | None
    agreed_at: datetime | None
    agreed_by: str | None
    approved_at: datetime | None
    approved_by: str | None
    approved_role: str | None
    rejected_at: datetime | None
    rejected_by: str | None
    withdrawn_at: datetime | None
    withdrawn_by: str | None
    failed_at: datetime | None
    failed_by: str | None
    failure_reason: str | None = Field(description="the payment platform's words")
    paid_at: datetime | None
    paid_on: date | None
    paid_by: str | None


class FinanceRefundPage(Answer):
    items: list[FinanceRefundOut]
    next_cursor: str | None = None


class BalanceItemOut(Answer):
    code: str
    quantity: int
    weight: int
    value: MoneyModel
    redeemed: int
    currency: str


class BalanceOut(Answer):
    subscription_id: str
    package_id: str
    package_version: int
    patient_id: str
    payer_type: str
    payment_ref: str
    currency: str
    purchased_at: datetime
    purchased_on: date
    purchased_by: str
    paid: MoneyModel
    refunded: MoneyModel
    committed: MoneyModel
    awaiting_payout: MoneyModel
    refundable: MoneyModel
    redeemed_value: MoneyModel
    undelivered_value: MoneyModel
    items: list[BalanceItemOut]


class DailyOut(Answer):
    day: date = Field(description="the hospital's day (CAREPACK_TIMEZONE)")
    payer_type: str
    purchases_count: int
    purchases_amount: MoneyModel
    refunds_paid_count: int
    refunds_paid_amount: MoneyModel


class DailyList(Answer):
    items: list[DailyOut]


class ReconciliationLineOut(Answer):
    seq: int
    file_line: int | None
    provider_ref: str
    kind: str
    amount: MoneyModel
    provider_amount: MoneyModel | None
    our_amount: MoneyModel | None
    currency: str
    settled_at: datetime | None
    status: str
    subscription_id: str | None
    refund_id: str | None


class ReconciliationOut(Answer):
    id: str
    created_at: datetime
    created_by: str
    created_role: str
    period_from: date | None
    period_to: date | None
    line_count: int
    lines: list[ReconciliationLineOut]
    counts: dict[str, int]
