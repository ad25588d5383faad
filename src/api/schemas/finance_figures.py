"""Response models of finance's figures per package and per day, and the refund waits."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from api.schemas.common import Answer, MoneyModel


class PackageBalanceOut(Answer):
    """One package's subscriptions summed (in one currency)."""

    package_id: str
    currency: str
    subscriptions: int
    paid: MoneyModel
    refunded: MoneyModel
    committed: MoneyModel
    awaiting_payout: MoneyModel
    refundable: MoneyModel
    redeemed_value: MoneyModel
    undelivered_value: MoneyModel = Field(
        description="deferred revenue: paid, not yet delivered nor refunded"
    )


class PackageBalanceList(Answer):
    items: list[PackageBalanceOut]


class SeriesPointOut(Answer):
    day: date = Field(description="the hospital's day (CAREPACK_TIMEZONE)")
    package_id: str
    currency: str
    purchases_count: int
    purchases_amount: MoneyModel
    redemptions_count: int = Field(description="units taken that day, not reversed")
    refunds_paid_count: int
    refunds_paid_amount: MoneyModel


class SeriesList(Answer):
    items: list[SeriesPointOut]


class StepWaitOut(Answer):
    step: str = Field(description="agree (from the request), approve, pay")
    done: int = Field(description="refunds past this step")
    median_hours: float | None
    p90_hours: float | None
    max_hours: float | None
    waiting: int = Field(description="refunds at this step now")
    longest_waiting_hours: float | None


class RefundWaitsOut(Answer):
    steps: list[StepWaitOut]
