"""The refunds queue's answer (`GET /dashboard/refunds`)."""

from __future__ import annotations

from datetime import datetime

from api.schemas.common import Answer, MoneyModel
from api.schemas.read_models import PatientBrief


class RefundQueueRow(Answer):
    refund_id: str
    subscription_id: str
    patient_id: str
    package_id: str
    package_code: str | None
    package_name: str | None
    department: str | None
    patient: PatientBrief | None
    status: str
    stage: str
    scope: str
    channel: str
    reason_code: str
    requested_at: datetime | None
    requested_position: int
    currency: str | None
    quote: MoneyModel | None
    agreed: MoneyModel | None
    approved: MoneyModel | None
    paid: MoneyModel | None


class StageCounts(Answer):
    requested: int
    agreed: int
    awaiting_finance: int
    approved: int
    paid: int
    rejected: int
    withdrawn: int


class RefundQueuePage(Answer):
    items: list[RefundQueueRow]
    next_cursor: str | None = None
    counts: StageCounts
